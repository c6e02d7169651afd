import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { isBlobHash } from './hashing';
import { contentDisposition, matchesETag, parseRange } from './http-range';
import type { BlobStore } from './types';

export interface SendBlobOptions {
  hash: string;
  mimeType: string;
  /** the name the user gave the file (Chinese welcome): the download's name */
  filename: string;
  /** inline: shown in the browser (photos, audio, video, PDF); attachment: downloaded */
  disposition: 'inline' | 'attachment';
}

/** Types a browser would run as a page (script in an uploaded file): always downloaded, never shown. */
const activeTypes =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)\b/i;
const mimePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/**
 * Sends a stored blob the way browsers and download tools expect (the one way every route serves
 * files): `Accept-Ranges: bytes`; one Range -> 206 with Content-Range (seeking in a 2 GB video reads
 * only what is shown); a malformed or unsatisfiable Range -> 416 with `Content-Range: bytes *\/size`
 * and the error envelope; ETag = the hash (content-addressed: it never changes), If-None-Match ->
 * 304; Content-Disposition with the Chinese name (RFC 5987); nosniff. The caller checks access first.
 */
export async function sendBlob(request: FastifyRequest, reply: FastifyReply, store: BlobStore, o: SendBlobOptions): Promise<FastifyReply> {
  const stat = isBlobHash(o.hash) ? await store.stat(o.hash) : undefined;
  if (!stat) throw new AppError('NOT_FOUND', '文件不存在或尚未保存完整', { hash: o.hash });
  const { size } = stat;
  const etag = `"${o.hash}"`;
  const type = mimePattern.test(o.mimeType) ? o.mimeType : 'application/octet-stream';
  const disposition = activeTypes.test(type) ? 'attachment' : o.disposition;
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    // revalidated each time (If-None-Match -> 304): access is checked on every request
    .header('cache-control', 'private, no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', contentDisposition(disposition, o.filename));

  if (matchesETag(request.headers['if-none-match'], etag)) return reply.code(304).send();

  // If-Range with another validator: the client's partial copy is stale, send everything
  const ifRange = request.headers['if-range'];
  const rangeHeader = ifRange !== undefined && String(ifRange).trim() !== etag ? undefined : request.headers.range;
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return reply
      .code(416)
      .header('content-range', `bytes */${size}`)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        code: 'RANGE_NOT_SATISFIABLE',
        message: `请求的字节范围无效或超出文件大小（文件共 ${size} 字节）`,
        details: { range: rangeHeader, size },
      });
  }
  reply.header('content-type', type);
  // HEAD: Fastify's automatic HEAD route drains a stream payload and keeps our Content-Length
  // (an empty payload would make it 0); an empty stream spares reading the file
  const head = request.method === 'HEAD';
  const nothing = () => Readable.from([]);
  if (range.kind === 'whole') {
    reply.code(200).header('content-length', String(size));
    return reply.send(head ? nothing() : await store.get(o.hash));
  }
  reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', String(range.end - range.start + 1));
  return reply.send(head ? nothing() : await store.get(o.hash, { start: range.start, end: range.end }));
}
