import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, openBlobStore, sendBlob } from '../src/platform/blobs';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { loadConfig } from '../src/platform/config';
import { toErrorBody } from '../src/platform/http/error-handler';
import { type S3Harness, startS3 } from './s3';

// sendBlob over real HTTP semantics (inject), on both backends: what a browser's <video> and a
// download manager see.
describe.each(['fs', 's3'] as const)('sendBlob (%s)', (backend) => {
  let s3: S3Harness | undefined;
  let store: BlobStore;
  let app: FastifyInstance;
  let hash: string;
  // 1 MiB of distinct bytes: any wrong offset shows
  const bytes = Buffer.from(Array.from({ length: 1024 * 1024 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));

  beforeAll(async () => {
    if (backend === 's3') {
      s3 = await startS3();
      store = openBlobStore(loadConfig(s3.env), 'sha256');
    } else {
      store = scratchBlobStore();
    }
    hash = (await store.put(bytes)).hash;
    app = Fastify();
    app.setErrorHandler((error, _request, reply) => {
      const { status, body } = toErrorBody(error as Error);
      return reply.code(status).send(body);
    });
    app.get<{ Params: { hash: string }; Querystring: { name?: string; mime?: string } }>('/files/:hash', (request, reply) =>
      sendBlob(request, reply, store, {
        hash: request.params.hash,
        mimeType: request.query.mime ?? 'video/mp4',
        filename: request.query.name ?? '现场执法录像（第1段）.mp4',
        disposition: 'inline',
      }),
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    if ('root' in store) await rm(store.root as string, { recursive: true, force: true });
    await s3?.stop();
  });

  it('sends the whole file with its length, type, ETag and Chinese name', async () => {
    const res = await app.inject({ url: `/files/${hash}` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers.etag).toBe(`"${hash}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(hash);
    const cd = res.headers['content-disposition'] as string;
    expect(cd).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1] as string)).toBe('现场执法录像（第1段）.mp4');
  });

  it('seeking into the middle returns exactly those bytes (206)', async () => {
    const res = await app.inject({ url: `/files/${hash}`, headers: { range: 'bytes=500000-500099' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 500000-500099/${bytes.length}`);
    expect(res.headers['content-length']).toBe('100');
    expect(res.rawPayload.equals(bytes.subarray(500000, 500100))).toBe(true);

    const open = await app.inject({ url: `/files/${hash}`, headers: { range: 'bytes=1048000-' } });
    expect(open.statusCode).toBe(206);
    expect(open.rawPayload.equals(bytes.subarray(1048000))).toBe(true);

    const tail = await app.inject({ url: `/files/${hash}`, headers: { range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe(`bytes ${bytes.length - 10}-${bytes.length - 1}/${bytes.length}`);
    expect(tail.rawPayload.equals(bytes.subarray(bytes.length - 10))).toBe(true);

    // an end past the last byte is cut at the last byte (RFC 9110 §14.1.2)
    const past = await app.inject({ url: `/files/${hash}`, headers: { range: `bytes=${bytes.length - 5}-99999999` } });
    expect(past.statusCode).toBe(206);
    expect(past.rawPayload.equals(bytes.subarray(bytes.length - 5))).toBe(true);
  });

  it('HEAD says the length and type without the bytes', async () => {
    const res = await app.inject({ method: 'HEAD', url: `/files/${hash}`, headers: { range: 'bytes=0-99' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-length']).toBe('100');
    expect(res.rawPayload.length).toBe(0);
  });

  it('a range outside the file or malformed is 416 with the size, in our error envelope', async () => {
    for (const range of [`bytes=${bytes.length}-`, 'bytes=9-3', 'bytes=abc', 'items=0-5', 'bytes=-0']) {
      const res = await app.inject({ url: `/files/${hash}`, headers: { range } });
      expect(res.statusCode, range).toBe(416);
      expect(res.headers['content-range']).toBe(`bytes */${bytes.length}`);
      const body = res.json();
      expect(body.code).toBe('RANGE_NOT_SATISFIABLE');
      expect(body.message).toMatch(/字节范围/);
    }
  });

  it('answers 304 to the ETag the client holds, and the whole file to a stale If-Range', async () => {
    const res = await app.inject({ url: `/files/${hash}`, headers: { 'if-none-match': `"${hash}"` } });
    expect(res.statusCode).toBe(304);
    expect(res.rawPayload.length).toBe(0);
    const stale = await app.inject({ url: `/files/${hash}`, headers: { range: 'bytes=0-9', 'if-range': '"other"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(bytes.length);
  });

  it('an absent file is 404; a page-like type is downloaded, never shown', async () => {
    const missing = await app.inject({ url: `/files/${'0'.repeat(64)}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    const html = await app.inject({ url: `/files/${hash}?mime=text/html&name=${encodeURIComponent('笔录.html')}` });
    expect(html.headers['content-disposition']).toMatch(/^attachment;/);
  });
});
