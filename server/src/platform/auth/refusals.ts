import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext, RouteOptions } from '../context';
import type { ErrorBody } from '../errors';
import { errorResponses } from '../http/schemas';
import { requireRoles } from './guard';

/**
 * Refused requests (401, 403, 429) go to the server log and to a counter, not to the journal
 * (issue 7 §6): the journal records acts, and a denial is noise that any logged-in user could
 * otherwise produce without limit, growing a store that can never shrink (DESIGN.md invariant 1).
 * Login failures and lockouts stay journaled by the login service itself (ADR 0003 derives the
 * lockout from them); they are counted here too.
 *
 * The counter lives in the server process: it starts at 0 when the server starts, and with
 * several servers each counts what it refused. The security administrator and the auditor read it
 * at GET /api/v1/security/refusals; the log lines (pino, `msg: "request refused"`) carry the
 * details for a log collector. docs/security.md.
 */
export interface RefusalCounts {
  since: string;
  total: number;
  byCode: Record<string, number>;
  /** the most refused route × code pairs, most first */
  byRoute: { method: string; route: string; code: string; count: number; lastAt: string }[];
  /** the accounts refused most often (authenticated callers only), most first */
  byActor: { username: string; count: number; lastAt: string }[];
}

/** Distinct routes and accounts kept; beyond that, new keys are counted under one "other" key. */
const maxKeys = 1000;
const other = '（其他）';

class RefusalCounter {
  private readonly since = new Date();
  private total = 0;
  private readonly byCode = new Map<string, number>();
  private readonly byRoute = new Map<string, { method: string; route: string; code: string; count: number; lastAt: Date }>();
  private readonly byActor = new Map<string, { count: number; lastAt: Date }>();

  record(r: { method: string; route: string; code: string; username: string | null; at: Date }): void {
    this.total++;
    this.byCode.set(r.code, (this.byCode.get(r.code) ?? 0) + 1);
    let key = `${r.method} ${r.route} ${r.code}`;
    if (!this.byRoute.has(key) && this.byRoute.size >= maxKeys) key = other;
    const route = this.byRoute.get(key) ?? {
      method: r.method,
      route: key === other ? other : r.route,
      code: r.code,
      count: 0,
      lastAt: r.at,
    };
    route.count++;
    route.lastAt = r.at;
    this.byRoute.set(key, route);
    if (r.username) {
      const name = this.byActor.has(r.username) || this.byActor.size < maxKeys ? r.username : other;
      const actor = this.byActor.get(name) ?? { count: 0, lastAt: r.at };
      actor.count++;
      actor.lastAt = r.at;
      this.byActor.set(name, actor);
    }
  }

  snapshot(limit: number): RefusalCounts {
    return {
      since: this.since.toISOString(),
      total: this.total,
      byCode: Object.fromEntries([...this.byCode].sort(([a], [b]) => a.localeCompare(b))),
      byRoute: [...this.byRoute.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, limit)
        .map((r) => ({ method: r.method, route: r.route, code: r.code, count: r.count, lastAt: r.lastAt.toISOString() })),
      byActor: [...this.byActor]
        .sort(([, a], [, b]) => b.count - a.count)
        .slice(0, limit)
        .map(([username, a]) => ({ username, count: a.count, lastAt: a.lastAt.toISOString() })),
    };
  }
}

const counters = new WeakMap<AppContext, RefusalCounter>();

function counterOf(ctx: AppContext): RefusalCounter {
  let c = counters.get(ctx);
  if (!c) {
    c = new RefusalCounter();
    counters.set(ctx, c);
  }
  return c;
}

export const isRefusal = (status: number) => status === 401 || status === 403 || status === 429;

/** Logs and counts one refused request (called by the error handler for 401, 403 and 429). */
export function noteRefusal(ctx: AppContext, request: FastifyRequest, status: number, body: ErrorBody): void {
  const route = request.routeOptions.url ?? '（未匹配的路径）';
  const a = request.actor;
  const actor = a ? { id: a.userId, username: a.username, agencyId: a.agencyId } : null;
  // warn for what an authenticated caller was refused (403: probing beyond one's role), info for
  // the unauthenticated and the throttled (every expired session produces one)
  const level = status === 403 ? 'warn' : 'info';
  request.log[level](
    { refusal: { status, code: body.code, reason: body.message, route, method: request.method, actor, ip: request.ip } },
    'request refused',
  );
  counterOf(ctx).record({ method: request.method, route, code: body.code, username: a?.username ?? null, at: ctx.clock.now() });
}

/** The counts so far (tests, the route below). */
export function refusalCounts(ctx: AppContext, limit = 50): RefusalCounts {
  return counterOf(ctx).snapshot(limit);
}

const Counts = Type.Object(
  {
    since: Type.String({ format: 'date-time', description: '本服务器进程开始计数的时间（启动时间）' }),
    total: Type.Integer(),
    byCode: Type.Record(Type.String(), Type.Integer(), { description: '按错误代码（UNAUTHENTICATED、FORBIDDEN、RATE_LIMITED 等）' }),
    byRoute: Type.Array(
      Type.Object({
        method: Type.String(),
        route: Type.String(),
        code: Type.String(),
        count: Type.Integer(),
        lastAt: Type.String({ format: 'date-time' }),
      }),
    ),
    byActor: Type.Array(Type.Object({ username: Type.String(), count: Type.Integer(), lastAt: Type.String({ format: 'date-time' }) })),
  },
  { additionalProperties: false },
);

/** GET /security/refusals: the security administrator and the auditor watch for probing. */
export const refusalRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/security/refusals',
    {
      preValidation: requireRoles('security_admin', 'auditor'),
      schema: {
        tags: ['安全审计'],
        operationId: 'getRefusalCounts',
        summary: '被拒绝请求的计数（401、403、429）',
        description:
          '本服务器进程自启动以来拒绝的请求数：按错误代码、按路由、按账户（最多各 50 项）。被拒绝的请求不写入全过程记录，' +
          '详情见服务器日志（msg 为 request refused）。登录失败与账户锁定仍记入审计日志。安全管理员与安全审计员可读。',
        response: { 200: Counts, ...errorResponses },
      },
    },
    () => refusalCounts(ctx),
  );
};
