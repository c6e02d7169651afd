import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, hasSessionHint, request, setCsrfToken } from './client';
import type { ChangePasswordBody, LoginBody, LoginResult, MeResult, PasswordPolicy, TotpEnrolment, UserView } from './types';

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async ({ signal }): Promise<UserView | null> => {
      if (!hasSessionHint()) return null;
      try {
        const me = await request<MeResult>('GET', '/auth/me', { signal, anonymous: true });
        setCsrfToken(me.csrfToken);
        return me.user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api.post<LoginResult>('/auth/login', body, { anonymous: true }),
    onSuccess: (result) => {
      setCsrfToken(result.csrfToken);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, result.user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout', undefined, { anonymous: true }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function usePasswordPolicy() {
  return useQuery({
    queryKey: ['auth', 'password-policy'],
    queryFn: ({ signal }) => api.get<PasswordPolicy>('/auth/password-policy', undefined, signal),
    staleTime: 10 * 60_000,
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<void>('/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

export function useTotpEnrol() {
  return useMutation({
    mutationFn: () => api.post<TotpEnrolment>('/auth/totp/enrol'),
  });
}

export function useTotpConfirm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<void>('/auth/totp/confirm', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

export function useTotpDisable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.post<void>('/auth/totp/disable', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}
