import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { recordAuditEvent } from './audit';
import { loadPolicy } from './policy';
import { findAccount } from './repo';
import { endSession, findSession, sessionCookie, sessionEndReason, touchSession } from './session';
import { mustEnrolTotp } from './views';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenOf(request: FastifyRequest): { token: string; viaCookie: boolean } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), viaCookie: false };
  const cookie = request.cookies?.[sessionCookie];
  return cookie ? { token: cookie, viaCookie: true } : undefined;
}

/** Routes a user who must change the password or enrol TOTP may still use. */
function isAccountSetupRoute(request: FastifyRequest): boolean {
  return (request.routeOptions.url ?? '').startsWith('/api/v1/auth/');
}

/**
 * onRequest hook of every authenticated route: resolves the session (Bearer token or cookie),
 * applies idle and absolute expiry, CSRF for cookie sessions, forced password change and TOTP
 * enrolment, and sets `request.actor` with the caller's agency and jurisdiction scope.
 */
export function authenticate(ctx: AppContext) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const found = tokenOf(request);
    if (!found) throw new AppError('UNAUTHENTICATED', '请先登录');
    const session = await findSession(ctx.db, found.token);
    if (!session) throw new AppError('UNAUTHENTICATED', '登录状态无效，请重新登录');
    const now = ctx.clock.now();
    const policy = await loadPolicy(ctx.db);
    const ended = sessionEndReason(session, now, policy);
    if (ended) {
      if (ended !== 'ended') {
        await endSession(ctx.db, session.id, now, `${ended}_timeout`);
        await recordAuditEvent(ctx, {
          actor: { id: session.user_id, name: 'system', clientIp: request.ip },
          action: 'auth.session_expired',
          entity: { type: 'user', id: session.user_id },
          payload: { reason: ended },
        });
      }
      const why =
        ended === 'idle'
          ? `会话已超时（${policy.sessionIdleMinutes} 分钟无操作）`
          : ended === 'absolute'
            ? '会话已到最长有效期'
            : '会话已结束';
      throw new AppError('SESSION_EXPIRED', `${why}，请重新登录`, { reason: ended });
    }
    const user = await findAccount(ctx.db, { id: session.user_id });
    const unusable = new AppError('UNAUTHENTICATED', '账户不可用，请联系系统管理员');
    if (!user) throw unusable;
    if (user.status !== 'active') throw unusable;
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles,
      agencyId: user.agency_id,
      jurisdictionCode: user.jurisdiction_code,
      clientIp: request.ip,
      sessionId: session.id,
    };
    request.actor = actor;
    if (found.viaCookie && !safeMethods.has(request.method) && request.headers['x-csrf-token'] !== session.csrf_token) {
      throw new AppError('CSRF_FAILED', '请求缺少有效的 CSRF 令牌（x-csrf-token），请刷新页面后重试');
    }
    if (!isAccountSetupRoute(request)) {
      if (user.must_change_password) throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
      if (mustEnrolTotp(user, policy))
        throw new AppError('TOTP_ENROLMENT_REQUIRED', '安全策略要求管理员账户启用双因素认证，请先绑定身份验证器');
    }
    await touchSession(ctx.db, session, now);
  };
}
