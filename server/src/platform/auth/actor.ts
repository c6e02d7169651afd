import type { JournalActor } from '../journal/append';
import type { Role } from './roles';

/** The authenticated caller, with the scope every service filters by (DESIGN.md invariant 6). */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  agencyId: string | null;
  /** null for platform-wide accounts */
  jurisdictionCode: string | null;
  clientIp: string | null;
  sessionId: string;
}

export function journalActor(actor: Actor): JournalActor {
  return {
    id: actor.userId,
    name: actor.username,
    agencyId: actor.agencyId,
    jurisdictionCode: actor.jurisdictionCode,
    clientIp: actor.clientIp,
    displayName: actor.displayName,
  };
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook for authenticated routes. */
    actor?: Actor;
  }
}
