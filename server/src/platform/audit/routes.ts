import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../auth';
import type { RouteOptions } from '../context';
import { errorResponses } from '../http/schemas';
import { scopeOf } from '../scope';
import { actionList, auditStats, listAuditEvents } from './service';

const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期（北京时间），YYYY-MM-DD' });
const Filter = {
  actor: Type.Optional(Type.String({ maxLength: 64, description: '用户名' })),
  action: Type.Optional(Type.String({ maxLength: 64, description: '操作；以 . 结尾表示前缀，如 auth.' })),
  from: Type.Optional(date),
  to: Type.Optional(date),
  includeCheckpoints: Type.Optional(Type.Boolean({ description: '是否包含日志检查点签署记录（默认不含；按操作筛选时照常显示）' })),
};
const ListQuery = Type.Object(
  { ...Filter, cursor: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
const StatsQuery = Type.Object(Filter, { additionalProperties: false });
const Event = Type.Object({
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorName: Type.String(),
  action: Type.String(),
  actionLabel: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  entityLabel: Type.Union([Type.String(), Type.Null()], { description: '对象的可读名称（如用户的姓名和用户名）' }),
  clientIp: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Object({}, { additionalProperties: true }),
});
const tags = ['安全审计'];

/** The audit log, for the auditor only (三员分立: the system administrator cannot read it). */
export const auditRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const auditorOnly = { preValidation: requireCapability('readAudit') };
  app.get(
    '/audit-events',
    {
      ...auditorOnly,
      schema: {
        tags,
        operationId: 'listAuditEvents',
        summary: '审计日志查询（按用户、操作、时间）',
        description: '按用户、操作、时间查询审计日志，按游标分页。仅安全审计员。',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Event), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    (request) => listAuditEvents(ctx.db, { ...(request.query as Static<typeof ListQuery>), scope: scopeOf(actorOf(request)) }),
  );
  app.get(
    '/audit-events/stats',
    {
      ...auditorOnly,
      schema: {
        tags,
        operationId: 'getAuditStats',
        summary: '审计事件按日统计',
        description: '一段时间内每日的审计事件数。仅安全审计员；日期格式不对 400。',
        querystring: StatsQuery,
        response: {
          200: Type.Object({ days: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })) }),
          ...errorResponses,
        },
      },
    },
    (request) => auditStats(ctx.db, { ...(request.query as Static<typeof StatsQuery>), scope: scopeOf(actorOf(request)) }),
  );
  app.get(
    '/audit-events/actions',
    {
      ...auditorOnly,
      schema: {
        tags,
        operationId: 'listAuditActions',
        summary: '操作类型',
        description: '审计日志中可能出现的操作及其中文名称，供查询时选择。仅安全审计员。',
        response: { 200: Type.Array(Type.Object({ action: Type.String(), label: Type.String() })), ...errorResponses },
      },
    },
    () => actionList(),
  );
};
