import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteOptions } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { errorResponses } from '../../platform/http/schemas';
import { kindLabels, type ListKind, listKinds } from './kinds';
import {
  entryView,
  FormatQuery,
  kindSlugs,
  maxPageSize,
  OpenDataQuery,
  pageView,
  type OpenDataQuery as Query,
  toCsv,
  toView,
} from './open-data';
import { getCurrentByCode } from './public-queries';
import { listCurrent, type PublishedEntry } from './queries';

const tags = ['公开数据（无需登录）'];
const csvSchema = Type.String({ description: 'CSV（UTF-8 带 BOM，首行为“中文名(字段名)”）' });
const both = (json: ReturnType<typeof pageView>) => ({
  description: 'JSON（默认）；format=csv 时为 CSV，下一页游标在响应头 X-Next-Cursor 与 Link 中',
  content: { 'application/json': { schema: json }, 'text/csv': { schema: csvSchema } },
});

function sendCsv(reply: FastifyReply, kind: ListKind, entries: PublishedEntry[], nextCursor: string | null, nextUrl: string | null) {
  if (nextCursor) reply.header('x-next-cursor', nextCursor);
  if (nextUrl) reply.header('link', `<${nextUrl}>; rel="next"`);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `inline; filename="${kindSlugs[kind]}.csv"`)
    .send(toCsv(kind, entries));
}

/**
 * Open data (issue 3 §7, R-D19): every prior-disclosure list as JSON or CSV, no login, a page at a
 * time with the stable cursor of the publication list. Serves publications only (invariant 7).
 * Mounted under /api/v1/public.
 */
export const openDataRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  for (const kind of listKinds) {
    const slug = kindSlugs[kind];
    app.get(
      `/${slug}`,
      {
        schema: {
          tags,
          summary: `${kindLabels[kind]}（当前公示版本，分页）`,
          description:
            kind === 'officers'
              ? '只含公开字段：不含公民身份号码和个人电话（R-D02）'
              : kind === 'service_windows'
                ? '政务服务窗口岗位信息公示牌（R-D18）：工作人员只列姓名、单位、职务、执法种类、岗位职责；电话只有窗口或机关的办公电话、服务热线'
                : undefined,
          security: [],
          querystring: OpenDataQuery,
          response: { 200: both(pageView(kind)), ...errorResponses },
        },
      },
      async (request, reply) => {
        const q = request.query as Query;
        const page = await listCurrent(ctx.db, {
          listKind: kind,
          q: q.q?.trim() || undefined,
          agencyId: q.agencyId,
          jurisdictionCode: q.jurisdiction,
          cursor: q.cursor || undefined,
          limit: Math.min(q.limit ?? 100, maxPageSize),
        });
        reply.header('cache-control', 'public, max-age=60');
        if (q.format === 'csv') {
          let nextUrl: string | null = null;
          if (page.nextCursor) {
            const params = new URLSearchParams(request.query as Record<string, string>);
            params.set('cursor', page.nextCursor);
            nextUrl = `${request.url.split('?')[0]}?${params}`;
          }
          return sendCsv(reply, kind, page.items, page.nextCursor, nextUrl);
        }
        return { items: page.items.map(toView), nextCursor: page.nextCursor };
      },
    );
  }

  app.get(
    '/items/:code',
    {
      schema: {
        tags,
        summary: '一项行政执法事项（按事项编码）',
        security: [],
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        querystring: FormatQuery,
        response: {
          200: {
            description: 'JSON（默认）或 CSV',
            content: { 'application/json': { schema: entryView('items') }, 'text/csv': { schema: csvSchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params as { code: string };
      const entry = await getCurrentByCode(ctx.db, 'items', code);
      if (!entry) throw new AppError('NOT_FOUND', `未找到已公示的执法事项 ${code}`, { code });
      reply.header('cache-control', 'public, max-age=60');
      if ((request.query as { format?: string }).format === 'csv') return sendCsv(reply, 'items', [entry], null, null);
      return toView(entry);
    },
  );
};
