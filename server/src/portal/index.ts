import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteOptions } from '../platform/context';
import { AppError } from '../platform/errors';
import { toErrorBody } from '../platform/http/error-handler';
import type { Html } from './html';
import { sectionOfSlug } from './layout';
import { errorPage, historyPage, homePage, itemPage, type ListParams, listPage, versionPage, windowBoardPage } from './pages';
import { portalCss } from './style';

const sendPage = (reply: FastifyReply, page: Html, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(page.value);

/** Query text from a page link or form: one string, trimmed; longer than `max` is refused with the limit named, never cut. */
function text(v: unknown, max: number, name: string, label: string): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== 'string') return undefined;
  const t = s.trim();
  if ([...t].length > max)
    throw new AppError('VALIDATION_FAILED', `${label}不能超过 ${max} 个字，请缩短后重新查询。`, {
      fields: [{ field: name, message: `不能超过 ${max} 个字`, in: 'querystring' }],
    });
  return t || undefined;
}

function listParams(query: unknown): ListParams {
  const q = (query ?? {}) as Record<string, unknown>;
  return {
    q: text(q.q, 100, 'q', '查询词'),
    agency: text(q.agency, 100, 'agency', '执法主体'),
    cursor: text(q.cursor, 400, 'cursor', '分页链接'),
  };
}

const notFoundMessage = '您要找的页面不存在，或该条目已不在当前公示的清单中。';

/** What a reader is told on an error page: the boundary's own reason for refused input, never an English one. */
function pageMessage(status: number, { code, message }: { code: string; message: string }, requestId: string): string {
  if (status === 404) return notFoundMessage;
  if (status >= 500) return `服务暂时不可用，请稍后再试（请求编号 ${requestId}）。`;
  if (status === 400 && code !== 'VALIDATION_FAILED') return '请求参数有误（例如分页链接已失效），请从第一页重新查询。';
  return message;
}

export const isPortalPath = (url: string) => url === '/portal' || url.startsWith('/portal/') || url.startsWith('/portal?');

/** The portal's error page as text, for errors answered outside the portal's routes (framework and parser errors). */
export const portalErrorHtml = (status: number, message: string) => errorPage(status, status === 404 ? notFoundMessage : message).value;

/**
 * The public portal (issue 3 §6, R-D01..R-D08, R-D19): server-rendered pages under /portal/,
 * readable without JavaScript and on a phone, reading only disclosure's publications.
 */
export const portalRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const db = ctx.db;
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = toErrorBody(error as Error);
    if (status >= 500) request.log.error({ err: error }, 'portal page failed');
    return sendPage(reply, errorPage(status >= 500 ? 500 : status, pageMessage(status, body, request.id)), status >= 500 ? 500 : status);
  });
  app.setNotFoundHandler((_request, reply) => sendPage(reply, errorPage(404, notFoundMessage), 404));
  // any other path under /portal/ is the portal's 404 page, not the SPA's static-file wildcard
  app.get('/*', { schema: { hide: true } }, (_request, reply) => sendPage(reply, errorPage(404, notFoundMessage), 404));

  const hide = { schema: { hide: true } };
  app.get('/assets/portal.css', hide, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(portalCss),
  );
  app.get('/', hide, async (_request, reply) => sendPage(reply, await homePage(db)));
  app.get('/items/:code', hide, async (request, reply) => {
    const page = await itemPage(db, (request.params as { code: string }).code);
    return page ? sendPage(reply, page) : sendPage(reply, errorPage(404, '该事项不存在，或已不在当前公示的执法事项清单中。'), 404);
  });
  app.get('/service-windows/:id', hide, async (request, reply) => {
    const page = await windowBoardPage(db, (request.params as { id: string }).id);
    return page
      ? sendPage(reply, page)
      : sendPage(reply, errorPage(404, '该窗口公示牌不存在，或该窗口已撤销、不在当前公示的清单中。'), 404);
  });
  app.get('/history/:slug', hide, async (request, reply) => {
    const section = sectionOfSlug((request.params as { slug: string }).slug);
    if (!section) return sendPage(reply, errorPage(404, notFoundMessage), 404);
    return sendPage(reply, await historyPage(db, section));
  });
  app.get('/history/:slug/:listKey/:version', hide, async (request, reply) => {
    const p = request.params as { slug: string; listKey: string; version: string };
    const section = sectionOfSlug(p.slug);
    const version = Number(p.version);
    const page = section && Number.isInteger(version) && version > 0 ? await versionPage(db, section, p.listKey, version) : undefined;
    return page ? sendPage(reply, page) : sendPage(reply, errorPage(404, '该历史版本不存在。'), 404);
  });
  app.get('/:slug', hide, async (request, reply) => {
    const section = sectionOfSlug((request.params as { slug: string }).slug);
    if (!section) return sendPage(reply, errorPage(404, notFoundMessage), 404);
    return sendPage(reply, await listPage(db, section, listParams(request.query)));
  });
};
