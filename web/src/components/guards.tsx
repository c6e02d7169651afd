import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/auth';
import type { UserView } from '../api/types';
import { type Capability, can, listAccess } from '../lib/access';
import { Forbidden } from './Forbidden';
import { PageLoading } from './PageLoading';

/** Where a signed-in user must go before anything else, if anywhere. */
export function pendingStep(user: UserView): string | null {
  if (user.mustChangePassword) return '/password';
  if (user.mustEnrolTotp) return '/profile/security';
  return null;
}

/** Routes below need a session; a forced password change or TOTP enrolment comes first. */
export function RequireAuth() {
  const { data: user, isPending, isError } = useMe();
  const location = useLocation();
  if (isPending) return <PageLoading full />;
  if (isError || !user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  const step = pendingStep(user);
  if (step && location.pathname !== step) return <Navigate to={step} replace />;
  return <Outlet />;
}

export function useCan(cap: Capability): boolean {
  const { data: user } = useMe();
  return can(user, cap);
}

/** A page for what one capability allows (capabilities.ts on the server); others see a 403 result, not a blank. */
export function RequireCapability({ need, children }: { need: Capability; children: ReactNode }) {
  return useCan(need) ? children : <Forbidden />;
}

/** The lists of agencies, officers and the catalog: editors, the justice bureau and officers (read-only). */
export function RequireListAccess({ children }: { children: ReactNode }) {
  const { data: user } = useMe();
  return listAccess(user).canView ? children : <Forbidden />;
}
