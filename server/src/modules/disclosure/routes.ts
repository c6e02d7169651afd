import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteOptions } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { errorResponses } from '../../platform/http/schemas';
import { JournalEntrySchema, readEntry } from '../../platform/journal';
import { kindLabels, type ListKind, listKinds } from './kinds';
import {
  entryView,
  FormatQuery,
  kindOfSlug,
  kindSlugs,
  ListEntryView,
  ListSummaryView,
  ListVersionView,
  maxPageSize,
  OpenDataQuery,
  pageView,
  type OpenDataQuery as Query,
  toCsv,
  toView,
} from './open-data';
import { listEntry, listsOfKind, versionOfJournalEntry } from './public-lists';
import { getCurrentByCode } from './public-queries';
import { listCurrent, listVersions, type PublishedEntry } from './queries';

const tags = ['公开数据（无需登录）'];
/** operationIds of the open-data lists (R-S10): written out, so a client's method names never follow a path rename. */
const listOperationIds: Record<ListKind, string> = {
  agencies: 'listPublicAgencies',
  officers: 'listPublicOfficers',
  items: 'listPublicItems',
  discretion_standards: 'listPublicDiscretionStandards',
  three_lists: 'listPublicThreeListEntries',
  review_catalog: 'listPublicReviewCatalogEntries',
  av_duties: 'listPublicAvDuties',
  inspection_items: 'listPublicInspectionItems',
  service_windows: 'listPublicServiceWindows',
};
/** What a reader of one list must know beyond the common description. */
const listNotes: Partial<Record<ListKind, string>> = {
  officers: '只含公开字段：不含公民身份号码和个人电话（R-D02）。',
  service_windows:
    '政务服务窗口岗位信息公示牌（R-D18）：工作人员只列姓名、单位、职务、执法种类、岗位职责；电话只有窗口或机关的办公电话、服务热线。',
};
const proofTags = ['全过程记录（公开）'];
const listKeyParam = Type.String({ minLength: 1, maxLength: 200, description: '清单标识，如 items:<执法主体标识>' });
const ListParams = Type.Object({ listKey: listKeyParam }, { additionalProperties: false });
const VersionParams = Type.Object({ listKey: listKeyParam, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const EntryParams = Type.Object(
  { listKey: listKeyParam, subjectId: Type.String({ minLength: 1, maxLength: 200, description: '条目的稳定标识' }) },
  { additionalProperties: false },
);
const notPublished = (what: string, details: Record<string, unknown>) => new AppError('NOT_FOUND', `未找到已公示的${what}`, details);
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
          operationId: listOperationIds[kind],
          summary: `${kindLabels[kind]}（当前公示版本，分页）`,
          description: `${kindLabels[kind]}的当前公示版本，按游标分页，可按关键词、执法主体、行政区划筛选；format=csv 时为 CSV。任何人可调用，无需登录；参数不合法 400。${listNotes[kind] ?? ''}`,
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
        operationId: 'getPublicItem',
        summary: '一项行政执法事项（按事项编码）',
        description: '按事项编码取一项已公示的行政执法事项（JSON 或 CSV）。任何人可调用，无需登录；未公示的编码 404。',
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

  // ---- lists, their versions and one entry: what docs/verify-publication.mjs checks -----------

  app.get(
    '/lists',
    {
      schema: {
        tags,
        operationId: 'listPublicLists',
        summary: '某类公示的各个清单（如每个执法主体一份）及其当前版本',
        description: '某类公示的各个清单（如每个执法主体一份）及其当前版本号和日志序号，供核验程序逐份下载。任何人可调用，无需登录。',
        security: [],
        querystring: Type.Object(
          {
            kind: Type.Union(
              listKinds.map((k) => Type.Literal(kindSlugs[k])),
              { description: '公示类别（开放数据路径名）' },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ListSummaryView) }, { additionalProperties: false }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const kind = kindOfSlug((request.query as { kind: string }).kind) as ListKind;
      reply.header('cache-control', 'public, max-age=60');
      return { items: await listsOfKind(ctx.db, kind) };
    },
  );

  app.get(
    '/lists/:listKey/versions',
    {
      schema: {
        tags,
        operationId: 'listPublicListVersions',
        summary: '一份清单的历史版本（R-D08，最新的在前），含各版的日志序号',
        description:
          '一份清单的全部已公示版本（最新在前），含各版的发布时间和日志序号，用于追溯变更。任何人可调用，无需登录；清单不存在 404。',
        security: [],
        params: ListParams,
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ListVersionView) }, { additionalProperties: false }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { listKey } = request.params as { listKey: string };
      const items = await listVersions(ctx.db, { listKey, limit: (request.query as { limit?: number }).limit ?? 50 });
      if (!items.length) throw notPublished(`清单 ${listKey}`, { listKey });
      reply.header('cache-control', 'public, max-age=60');
      return { items };
    },
  );

  app.get(
    '/lists/:listKey/versions/:version',
    {
      schema: {
        tags,
        operationId: 'getPublicListVersion',
        summary: '清单的一个版本，含其日志序号（journalSeq）',
        description:
          '清单的一个已公示版本及其全部条目的内容哈希和日志序号（journalSeq），可据以向全过程记录核验。任何人可调用，无需登录；版本不存在 404。',
        security: [],
        params: VersionParams,
        response: { 200: ListVersionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { listKey, version } = request.params as { listKey: string; version: number };
      const [v] = await listVersions(ctx.db, { listKey, version, limit: 1 });
      if (!v) throw notPublished(`清单版本 ${listKey} 第 ${version} 版`, { listKey, version });
      reply.header('cache-control', 'public, max-age=3600');
      return v;
    },
  );

  app.get(
    '/lists/:listKey/entries/:subjectId',
    {
      schema: {
        tags,
        operationId: 'getPublicListEntry',
        summary: '清单中的一个条目：公开字段原样（可据以重算内容哈希），及发布它的清单版本',
        description:
          '清单中一个条目的公开字段原样及发布它的清单版本，默认为当前内容，version=n 时为第 n 版发布时的内容。任何人可调用，无需登录；条目或版本不存在 404。',
        security: [],
        params: EntryParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: ListEntryView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { listKey, subjectId } = request.params as { listKey: string; subjectId: string };
      const { version } = request.query as { version?: number };
      const entry = await listEntry(ctx.db, listKey, subjectId, version);
      if (!entry) throw notPublished(`条目 ${subjectId}（清单 ${listKey}）`, { listKey, subjectId, version: version ?? null });
      reply.header('cache-control', 'public, max-age=60');
      return entry;
    },
  );

  app.get(
    '/journal/entries/:seq',
    {
      schema: {
        tags: proofTags,
        operationId: 'getPublicJournalEntry',
        summary: '一条公示发布记录（disclosure.publish）的全部被哈希字段，用于核验公示内容',
        description:
          '任何人可调用，无需登录。只提供记录清单版本发布的条目（其 seq 即清单版本的 journalSeq）；其他全过程记录不公开。内容 payload 含本版每个条目的内容哈希（contentHashes）。',
        security: [],
        params: Type.Object({ seq: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
        response: { 200: JournalEntrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { seq } = request.params as { seq: number };
      const entry = (await versionOfJournalEntry(ctx.db, seq)) ? await readEntry(ctx.db, ctx.journal.hashAlgorithm, seq) : undefined;
      if (!entry) throw notPublished(`发布记录（第 ${seq} 条全过程记录不是公开的公示发布记录）`, { seq });
      reply.header('cache-control', 'public, max-age=3600');
      return entry;
    },
  );
};
