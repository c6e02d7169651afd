import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { casesRoutes } from './modules/cases';
import { catalogConfirmHandler, catalogRevisionInfo, catalogRoutes } from './modules/catalog';
import { assertNoPersonalData, noteLabels, openDataRoutes } from './modules/disclosure';
import { orgConfirmHandler, orgKindInfo, orgRoutes } from './modules/org';
import { auditRoutes } from './platform/audit/routes';
import { accountRoutes, authenticate, authPublicRoutes, authRoutes } from './platform/auth';
import { databaseRateLimitStore } from './platform/auth/rate-limit-store';
import { refusalRoutes } from './platform/auth/refusals';
import { uploadRoutes } from './platform/blobs';
import { calendarRoutes } from './platform/calendar';
import { trustProxyOption } from './platform/config';
import type { AppContext } from './platform/context';
import { AppError } from './platform/errors';
import { apiTags, enforceApiContract } from './platform/http/api-contract';
import { checkUrl, registerInputBoundary } from './platform/http/boundary';
import { writeClientError } from './platform/http/client-error';
import { errorHandler, toErrorBody } from './platform/http/error-handler';
import { ErrorBody } from './platform/http/schemas';
import { addSharedSchema, validatorCompiler } from './platform/http/validation';
import { jobRoutes } from './platform/jobs';
import { journalPublicRoutes } from './platform/journal/routes';
import { registerMetrics } from './platform/metrics';
import { revisionRoutes } from './platform/revisions';
import { settingsRoutes } from './platform/settings';
import { isPortalPath, portalErrorHtml, portalRoutes } from './portal';

export interface BuildOptions {
  logger?: boolean;
}

/** The one server (DESIGN.md): API under /api/v1, OpenAPI, health checks, and the built SPA. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: ctx.config.logLevel },
    // a caller's request id is echoed in a response header: only plain characters are taken
    genReqId: (req) =>
      typeof req.headers['x-request-id'] === 'string' && /^[\w.:-]{1,64}$/.test(req.headers['x-request-id'])
        ? req.headers['x-request-id']
        : randomUUID(),
    bodyLimit: 1024 * 1024,
    // TRUST_PROXY (docs/operations.md): which proxies may tell the client's address and scheme
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
    // a URL that cannot be decoded never reaches the error handler: answer it in our envelope too,
    // and as the portal's HTML page under /portal (issue 7 §4)
    frameworkErrors: (error, request, reply) => {
      // a path Fastify cannot decode because it is not UTF-8 is named like any other bad text
      const named = error.code === 'FST_ERR_BAD_URL' ? checkUrl(request.url) : undefined;
      const { status, body } = toErrorBody(named ?? error);
      if (isPortalPath(request.url)) {
        void (reply as FastifyReply).code(status).type('text/html; charset=utf-8').send(portalErrorHtml(status, body.message));
        return;
      }
      void (reply as FastifyReply).code(status).send(body);
    },
    // errors of Node's HTTP parser (a 45 KB URL or header: 431; bytes that are not HTTP: 400) come
    // before any request exists: written on the socket here, in Chinese, HTML for pages
    clientErrorHandler: (error, socket) => writeClientError(error, socket, portalErrorHtml),
  });
  // The API speaks JSON only: a text/plain body is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  addSharedSchema(ErrorBody);
  app.addSchema(ErrorBody);
  app.setErrorHandler(errorHandler(ctx));
  // before any route: every documented operation has an operationId, description and tags (R-S10)
  enforceApiContract(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // request counts for /metrics (issue 10 §6): the hook sees every route registered after it
  registerMetrics(app, ctx);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design injects its CSS-in-JS styles
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // added per request below, only over TLS
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
  });
  // HSTS and upgrade-insecure-requests only when the request came over TLS (directly, or as a
  // trusted proxy says): over plain HTTP on an intranet host they made the browser fetch CSS and
  // JS over https and showed a blank workbench (issue 7 §5). Swagger UI's own CSP is fixed the same way.
  app.addHook('onSend', async (request, reply) => {
    const csp = reply.getHeader('content-security-policy');
    const tls = request.protocol === 'https';
    if (typeof csp === 'string') {
      const directives = csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && d !== 'upgrade-insecure-requests');
      if (tls) directives.push('upgrade-insecure-requests');
      reply.header('content-security-policy', directives.join(';'));
    }
    if (tls) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    else reply.removeHeader('strict-transport-security');
  });
  // after helmet, so a refused request still carries the security headers
  registerInputBoundary(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // counted in the database, so every process on it shares one count (issue 10 §3, migration 0029)
    store: databaseRateLimitStore(ctx.db),
    errorResponseBuilder: (_req, context) =>
      new AppError('RATE_LIMITED', `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Sanxiang 三项 API',
        version: '0.1.0',
        description:
          '行政执法三项制度平台接口。错误统一为 {code, message, details}，message 为中文。' +
          '各操作的 operationId 稳定，可据此生成客户端（见 README「接口」一节）。',
        contact: { name: '平台运维（部署单位的信息化部门）' },
      },
      servers: [{ url: '/', description: '本服务器（与本文档同一地址）' }],
      tags: apiTags.map((t) => ({ ...t })),
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'sx_session' } },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // its CSP is set after our hooks and cannot see the request: without upgrade-insecure-requests,
    // which over plain HTTP would send the docs' own scripts to https (issue 7 §5)
    transformStaticCSP: (csp) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && d !== 'upgrade-insecure-requests')
        .join('; '),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ready', engine: ctx.store.engine };
    } catch {
      return reply.code(503).send({ code: 'NOT_READY', message: '数据库不可用', details: {} });
    }
  });

  await app.register(
    async (api) => {
      await api.register(authPublicRoutes, { prefix: '/auth', ctx });
      await api.register(journalPublicRoutes, { prefix: '/public', ctx });
      await api.register(openDataRoutes, { prefix: '/public', ctx });
      await api.register(async (secured) => {
        secured.addHook('onRequest', authenticate(ctx));
        await secured.register(authRoutes, { prefix: '/auth', ctx });
        await secured.register(accountRoutes, { ctx });
        await secured.register(orgRoutes, { ctx });
        await secured.register(catalogRoutes, { ctx });
        await secured.register(casesRoutes, { ctx });
        await secured.register(auditRoutes, { ctx });
        await secured.register(refusalRoutes, { ctx });
        await secured.register(calendarRoutes, { ctx });
        await secured.register(settingsRoutes, { ctx });
        // tus 1.0 resumable uploads (issue 9 §2): behind the same session check as the API
        await secured.register(uploadRoutes, { ctx });
        await secured.register(jobRoutes, { ctx });
        // the one confirmation queue: org lists and catalog lists, each published by its module
        const isOrg = (kind: string) => kind === 'officers' || kind === 'agencies';
        await secured.register(revisionRoutes, {
          ctx,
          info: (kind) => (isOrg(kind) ? orgKindInfo(kind) : catalogRevisionInfo(kind)),
          handler: (kind) => (isOrg(kind) ? orgConfirmHandler(ctx)(kind) : catalogConfirmHandler(ctx)(kind)),
          checkText: (values) => assertNoPersonalData(values, noteLabels),
        });
      });
    },
    { prefix: '/api/v1' },
  );

  await app.register(portalRoutes, { prefix: '/portal', ctx });
  registerSpa(app, ctx.config.webDist);
  return app;
}

/** The built SPA, with client-side routes falling back to index.html; unknown API paths stay 404. */
function registerSpa(app: FastifyInstance, webDist: string) {
  const hasSpa = existsSync(join(webDist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt web bundle is served without a restart
  if (hasSpa) {
    app.register(fastifyStatic, { root: webDist, wildcard: true, index: false });
    // the address README gives: without this route `/` is the directory itself (403 from static)
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.type('text/html').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // client routes have no file extension; a missing asset (e.g. a chunk from an older build) is a 404, not the page
    const isClientRoute =
      !path.startsWith('/api/') && !path.startsWith('/portal/') && !path.startsWith('/assets/') && !/\.[a-z0-9]+$/i.test(path);
    if (request.method === 'GET' && hasSpa && isClientRoute) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ code: 'NOT_FOUND', message: `接口不存在：${request.method} ${path}`, details: {} });
  });
}
