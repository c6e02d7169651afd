import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext, RouteOptions } from '../context';
import type { ErrorBody } from '../errors';
import { errorResponses } from '../http/schemas';
import { listJurisdictions, scopeOf } from '../scope';
import type { Actor } from './actor';
import { actorOf, requireCapability } from './guard';

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

/**
 * One counter per jurisdiction of the refused account, so a district's auditor reads only the
 * refusals of accounts in their subtree (ADR 0007), as in the audit log. Refusals without an
 * account (expired sessions, anonymous probing) name nobody: every reader sees them. Refusals of
 * platform-wide accounts are seen by platform-wide readers only.
 */
const anonymous = '*';
const platformWide = '';
const counters = new WeakMap<AppContext, { since: Date; byJurisdiction: Map<string, RefusalCounter> }>();

function countersOf(ctx: AppContext) {
  let c = counters.get(ctx);
  if (!c) {
    c = { since: new Date(), byJurisdiction: new Map() };
    counters.set(ctx, c);
  }
  return c;
}

function counterOf(ctx: AppContext, key: string): RefusalCounter {
  const { byJurisdiction } = countersOf(ctx);
  let c = byJurisdiction.get(key);
  if (!c) {
    c = new RefusalCounter();
    byJurisdiction.set(key, c);
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
  const key = a ? (a.jurisdictionCode ?? platformWide) : anonymous;
  counterOf(ctx, key).record({ method: request.method, route, code: body.code, username: a?.username ?? null, at: ctx.clock.now() });
}

/**
 * The counts so far that the reader may see: `visible` is the set of jurisdiction codes in the
 * reader's scope, or 'all' for a platform-wide reader (tests, the route below).
 */
export function refusalCounts(ctx: AppContext, visible: ReadonlySet<string> | 'all' = 'all', limit = 50): RefusalCounts {
  const { since, byJurisdiction } = countersOf(ctx);
  const shown = [...byJurisdiction].filter(([key]) => visible === 'all' || key === anonymous || visible.has(key));
  return mergeCounts(
    since,
    shown.map(([, c]) => c.snapshot(maxKeys)),
    limit,
  );
}

function mergeCounts(since: Date, parts: RefusalCounts[], limit: number): RefusalCounts {
  const byCode: Record<string, number> = {};
  const byRoute = new Map<string, RefusalCounts['byRoute'][number]>();
  for (const p of parts) {
    for (const [code, n] of Object.entries(p.byCode)) byCode[code] = (byCode[code] ?? 0) + n;
    for (const r of p.byRoute) {
      const key = `${r.method} ${r.route} ${r.code}`;
      const seen = byRoute.get(key);
      byRoute.set(key, seen ? { ...seen, count: seen.count + r.count, lastAt: seen.lastAt > r.lastAt ? seen.lastAt : r.lastAt } : { ...r });
    }
  }
  return {
    since: since.toISOString(),
    total: parts.reduce((n, p) => n + p.total, 0),
    byCode: Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b))),
    byRoute: [...byRoute.values()].sort((a, b) => b.count - a.count).slice(0, limit),
    // usernames are unique platform-wide, so the parts' lists do not overlap
    byActor: parts
      .flatMap((p) => p.byActor)
      .sort((a, b) => b.count - a.count)
      .slice(0, limit),
  };
}

/** The jurisdiction codes whose refusals the reader sees: their subtree (ADR 0007). */
async function visibleTo(ctx: AppContext, actor: Actor): Promise<ReadonlySet<string> | 'all'> {
  const scope = scopeOf(actor);
  if (scope.kind === 'all') return 'all';
  const { items } = await listJurisdictions(ctx, scope);
  return new Set(items.map((j) => j.code));
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
  // counting starts when the server starts, not at the first refusal (`since` says so)
  countersOf(ctx);
  app.get(
    '/security/refusals',
    {
      preValidation: requireCapability('readRefusals'),
      schema: {
        tags: ['安全审计'],
        operationId: 'getRefusalCounts',
        summary: '被拒绝请求的计数（401、403、429）',
        description:
          '本服务器进程自启动以来拒绝的请求数：按错误代码、按路由、按账户（最多各 50 项）。被拒绝的请求不写入全过程记录，' +
          '详情见服务器日志（msg 为 request refused）。登录失败与账户锁定仍记入审计日志。安全管理员与安全审计员可读，' +
          '只计本辖区及下级辖区账户被拒绝的请求，以及未登录的请求。',
        response: { 200: Counts, ...errorResponses },
      },
    },
    async (request) => refusalCounts(ctx, await visibleTo(ctx, actorOf(request))),
  );
};
