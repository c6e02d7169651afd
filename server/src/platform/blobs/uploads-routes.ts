import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Server as TusServer, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth';
import type { RouteOptions } from '../context';
import { AppError } from '../errors';
import { findUpload, insertUpload } from './uploads';
import { checkUploadLength, tusErrorResponse, uploadMetadata } from './uploads-rules';
import { createStagingStore } from './uploads-staging';

/** The response header that names the blob a finished upload became (exposed to browsers). */
export const blobHashHeader = 'Upload-Blob-Hash';

/** The caller of each request the tus server is handling, set from the API's own session check. */
const callers = new WeakMap<IncomingMessage, Actor>();

/** srvx's Request (what @tus/server hands its hooks) keeps the Node request it was made from. */
function callerOf(req: unknown): Actor {
  const node = (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;
  const actor = node ? callers.get(node) : undefined;
  // the route's onRequest hook (platform/auth authenticate) ran first; without it nothing reaches here
  if (!actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return actor;
}

/**
 * tus 1.0 resumable uploads under /api/v1/uploads (issue 9 §2, DESIGN.md "Files"): @tus/server
 * answers POST (creation, creation-with-upload), HEAD (the offset to resume from), PATCH (more
 * bytes) and OPTIONS; the bytes are staged in UPLOAD_DIR (default DATA_DIR/uploads) and become a
 * blob when the last byte arrives. Authentication is the API's own (session cookie with CSRF, or
 * bearer token: the `secured` scope's onRequest hook); who may touch an upload is decided in
 * `onIncomingRequest`: its creator only, anyone else gets 404 (STYLE.md §10). There is no DELETE:
 * the termination extension is off (issue 9: no route deletes anything).
 */
export async function uploadRoutes(app: FastifyInstance, opts: RouteOptions) {
  const { ctx } = opts;
  const maxBytes = ctx.config.uploadMaxBytes;
  let server: Promise<TusServer> | undefined;
  // made on first use: a server that never receives an upload creates no staging directory
  const tus = () => {
    server ??= (async () => {
      const directory = ctx.config.uploadDir ?? join(ctx.config.dataDir, 'uploads');
      await mkdir(directory, { recursive: true });
      return new TusServer({
        path: '/api/v1/uploads',
        datastore: createStagingStore(ctx, directory),
        relativeLocation: true,
        maxSize: maxBytes,
        exposedHeaders: [blobHashHeader],
        // same origin only: the SPA is served by this server; no CORS grant to other sites
        allowedOrigins: [],
        async onIncomingRequest(req, id) {
          const actor = callerOf(req);
          if (req.method === 'POST') return; // a new upload: its row is written in onUploadCreate
          const row = await findUpload(ctx.db, id);
          if (!row || row.userId !== actor.userId) throw new AppError('NOT_FOUND', '上传不存在', { uploadId: id });
          if (req.method === 'PATCH' && row.blobHash) {
            throw new AppError('CONFLICT', '该上传已完成，无需继续发送', { uploadId: id, blobHash: row.blobHash });
          }
        },
        async onUploadCreate(req, upload: Upload) {
          const actor = callerOf(req);
          const size = checkUploadLength(upload.size, maxBytes);
          const meta = uploadMetadata(upload.metadata ?? undefined);
          await insertUpload(ctx.db, { id: upload.id, userId: actor.userId, ...meta, size, now: ctx.clock.now() });
          return {};
        },
        async onUploadFinish(_req, upload: Upload) {
          const row = await findUpload(ctx.db, upload.id);
          return row?.blobHash ? { headers: { [blobHashHeader]: row.blobHash } } : {};
        },
        async onResponseError(_req, err) {
          const mapped = tusErrorResponse(err, maxBytes);
          if (mapped.status_code >= 500) app.log.error({ err }, 'tus upload failed');
          return mapped;
        },
      });
    })();
    return server;
  };

  // PATCH (and POST with creation-with-upload) bodies are the file's bytes: left unread for tus,
  // so neither the 1 MB JSON body limit nor the JSON boundary (platform/http/boundary.ts) applies
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const server = await tus();
    if (request.actor) callers.set(request.raw, request.actor);
    reply.hijack();
    // a hijacked reply skips the app's onSend hooks: the request id and nosniff are set here
    reply.raw.setHeader('x-request-id', request.id);
    reply.raw.setHeader('x-content-type-options', 'nosniff');
    jsonErrorBodies(reply.raw);
    try {
      await server.handle(request.raw, reply.raw);
    } catch (err) {
      request.log.error({ err }, 'tus upload failed');
      if (!reply.raw.headersSent) {
        const { status_code, body } = tusErrorResponse(err, maxBytes);
        reply.raw.writeHead(status_code, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      } else reply.raw.destroy();
    }
  };
  // not JSON operations: hidden from the OpenAPI document (api-contract.ts allows it for a named
  // protocol) and described in docs/api.md «断点续传上传»
  const route = { schema: { hide: true }, config: { protocol: 'tus 1.0' } };
  app.route({ method: ['POST', 'OPTIONS'], url: '/uploads', ...route, handler: handle });
  app.route({ method: ['HEAD', 'PATCH', 'OPTIONS'], url: '/uploads/:id', ...route, handler: handle });
}

/**
 * @tus/server writes its errors as text/plain; the bodies are our JSON envelope (tusErrorResponse),
 * so an error status is sent as JSON, like every other API error.
 */
function jsonErrorBodies(res: ServerResponse) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  (res as { writeHead: unknown }).writeHead = (status: number, ...rest: unknown[]) => {
    const headers = rest.find(Array.isArray) as string[] | undefined;
    if (status >= 400 && headers) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (String(headers[i]).toLowerCase() === 'content-type') headers[i + 1] = 'application/json; charset=utf-8';
      }
    }
    return writeHead(status, ...rest);
  };
}
