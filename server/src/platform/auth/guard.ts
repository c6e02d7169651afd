import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { type Capability, capabilities } from './capabilities';
import { type Role, roleLabels } from './roles';

/** The caller of an authenticated route; routes without the auth hook never call this. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}

/**
 * preValidation hook that lets only the given roles through (403 otherwise, STYLE.md §10). The denial is
 * logged and counted by the error handler, not journaled (platform/auth/refusals.ts). It runs before the body is
 * validated: a caller without the role learns nothing about the body's shape (403, not 400).
 */
export function requireRoles(...roles: Role[]) {
  return async (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (!actor.roles.some((r) => roles.includes(r))) {
      throw new AppError('FORBIDDEN', `此操作需要以下角色之一：${roles.map((r) => roleLabels[r]).join('、')}`, {
        requiredRoles: roles,
      });
    }
  };
}

/** The guard of a route, by the capability it needs (capabilities.ts declares the roles once). */
export function requireCapability(cap: Capability) {
  return requireRoles(...capabilities[cap]);
}
