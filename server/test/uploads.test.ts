import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimUpload } from '../src/platform/blobs';
import { AppError } from '../src/platform/errors';
import { buildTestApp, type TestApp } from './app';
import { type BuiltAccount, buildAccount, buildAgency, buildJurisdiction } from './factories';
import { type S3Harness, startS3 } from './s3';

// Issue 9 §2 and its acceptance: a tus upload interrupted at half resumes and completes, and the
// stored blob's hash is what `sha256sum` says of the source file — on both blob backends. The
// server listens on a real port and is driven by tus-js-client (Node) and by raw tus requests.

const size = 8 * 1024 * 1024 + 12345; // not a multiple of the chunk: the last PATCH is short
const chunkSize = 1024 * 1024;
const limit = 16 * 1024 * 1024;
const tus = { 'tus-resumable': '1.0.0' };

const sha256sum = async (path: string) => (await promisify(execFile)('sha256sum', [path])).stdout.split(' ')[0] as string;
const json = async (res: Response) => (await res.json()) as { code: string; message: string; details: Record<string, unknown> };

describe.each(['fs', 's3'] as const)('tus uploads (%s blob store)', (backend) => {
  let t: TestApp;
  let s3: S3Harness | undefined;
  let base: string;
  let dir: string;
  let source: string;
  let bytes: Buffer;
  let owner: BuiltAccount;
  let ownerToken: string;
  let otherToken: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanxiang-uploads-'));
    if (backend === 's3') s3 = await startS3();
    t = await buildTestApp({ UPLOAD_DIR: join(dir, 'staging'), UPLOAD_MAX_BYTES: String(limit), ...(s3?.env ?? {}) }, { demo: false });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    await buildJurisdiction(t, { code: '110101' });
    const agency = await buildAgency(t, { jurisdictionCode: '110101' });
    owner = await buildAccount(t, 'officer', agency);
    ownerToken = await t.login(owner.username);
    otherToken = await t.login((await buildAccount(t, 'officer', agency)).username);
    bytes = randomBytes(size);
    source = join(dir, '现场照片.jpg');
    writeFileSync(source, bytes);
  });
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (token: string, length: number, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        ...tus,
        ...auth(token),
        'upload-length': String(length),
        'upload-metadata': `filename ${Buffer.from('现场照片.jpg').toString('base64')},filetype aW1hZ2UvanBlZw==`,
        ...headers,
      },
    });
  const head = (token: string, url: string) => fetch(`${base}${url}`, { method: 'HEAD', headers: { ...tus, ...auth(token) } });
  const patch = (token: string, url: string, offset: number, body: Buffer) =>
    fetch(`${base}${url}`, {
      method: 'PATCH',
      headers: { ...tus, ...auth(token), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body,
    });

  it('an upload aborted at half resumes from the offset HEAD gives and ends as a blob whose hash is sha256sum of the file', async () => {
    let url = '';
    // first attempt: tus-js-client, stopped once half the bytes are out (a phone losing its network)
    await new Promise<void>((resolve, reject) => {
      const upload: Upload = new Upload(bytes, {
        endpoint: `${base}/api/v1/uploads`,
        chunkSize,
        headers: auth(ownerToken),
        metadata: { filename: '现场照片.jpg', filetype: 'image/jpeg' },
        onUploadUrlAvailable: () => {
          url = upload.url ?? '';
        },
        onChunkComplete: (_chunk, sent) => {
          if (sent >= size / 2) void upload.abort().then(resolve);
        },
        onError: reject,
        onSuccess: () => reject(new Error('the upload was to stop at half')),
      });
      upload.start();
    });
    const path = new URL(url).pathname;
    expect(path).toMatch(/^\/api\/v1\/uploads\/[0-9a-f]+$/);
    const id = path.split('/').pop() as string;
    const h = await head(ownerToken, path);
    expect(h.status).toBe(200);
    const offset = Number(h.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(size / 2);
    expect(offset).toBeLessThan(size);
    expect(h.headers.get('upload-length')).toBe(String(size));
    // not finished: a case action cannot take it yet
    await expect(claimUpload(t.ctx.db, owner.id, id)).rejects.toMatchObject({ code: 'CONFLICT' });

    // someone else can neither see nor continue it
    expect((await head(otherToken, path)).status).toBe(404);
    const stolen = await patch(otherToken, path, offset, bytes.subarray(offset, offset + 10));
    expect(stolen.status).toBe(404);
    expect(await stolen.json()).toMatchObject({ code: 'NOT_FOUND', message: '上传不存在' });
    // a PATCH at the wrong offset is refused and changes nothing
    const wrong = await patch(ownerToken, path, 0, bytes.subarray(0, 10));
    expect(wrong.status).toBe(409);
    expect((await json(wrong)).message).toMatch(/续传位置/);
    // and nothing deletes it: the termination extension is off
    expect((await fetch(`${base}${path}`, { method: 'DELETE', headers: { ...tus, ...auth(ownerToken) } })).status).toBe(404);
    expect(Number((await head(ownerToken, path)).headers.get('upload-offset'))).toBe(offset);

    // second attempt: a new client resumes at the server's offset (tus-js-client HEADs, then PATCHes)
    const done = await new Promise<string | null>((resolve, reject) => {
      const upload = new Upload(bytes, {
        uploadUrl: `${base}${path}`,
        chunkSize,
        headers: auth(ownerToken),
        onError: reject,
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('Upload-Blob-Hash') ?? null),
      });
      upload.start();
    });
    const expected = await sha256sum(source);
    expect(done).toBe(expected);
    const claimed = await claimUpload(t.ctx.db, owner.id, id);
    expect(claimed).toEqual({ hash: expected, size, mimeType: 'image/jpeg', filename: '现场照片.jpg' });
    expect(await t.ctx.blobs.stat(expected)).toEqual({ size });
    // a finished upload still answers HEAD with its full length (a client that resumes sees it done)
    const after = await head(ownerToken, path);
    expect([after.status, after.headers.get('upload-offset')]).toEqual([200, String(size)]);
    expect((await patch(ownerToken, path, size, Buffer.alloc(0))).status).toBe(409);
    // only its owner can claim it
    await expect(claimUpload(t.ctx.db, 'someone-else', id)).rejects.toBeInstanceOf(AppError);
  });

  it('refuses uploads over the size limit, without a session, and cookie sessions without the CSRF token', async () => {
    const big = await create(ownerToken, limit + 1);
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/application\/json/);
    expect(big.headers.get('x-request-id')).toBeTruthy();
    expect(await big.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件超过上传大小上限（16 MiB）', details: { limit } });
    // more bytes than the upload said it has
    const small = await create(ownerToken, 10);
    expect(small.status).toBe(201);
    const over = await patch(ownerToken, small.headers.get('location') as string, 0, Buffer.alloc(11));
    expect(over.status).toBe(413);
    // an empty file or one without a name is no evidence
    expect((await create(ownerToken, 0)).status).toBe(400);
    const nameless = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...tus, ...auth(ownerToken), 'upload-length': '5' },
    });
    expect(nameless.status).toBe(400);
    expect((await json(nameless)).message).toMatch(/缺少文件名/);

    const anonymous = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: { ...tus, 'upload-length': '5' } });
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).code).toBe('UNAUTHENTICATED');
    const viaCookie = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: { ...tus, cookie: `sx_session=${ownerToken}`, 'upload-length': '5', 'upload-metadata': 'filename YS50eHQ=' },
    });
    expect(viaCookie.status).toBe(403);
    expect((await json(viaCookie)).code).toBe('CSRF_FAILED');
  });

  it('says what it supports: tus 1.0.0, creation, no termination, the size limit', async () => {
    const res = await fetch(`${base}/api/v1/uploads`, { method: 'OPTIONS', headers: auth(ownerToken) });
    expect(res.status).toBe(204);
    expect(res.headers.get('tus-version')).toBe('1.0.0');
    expect(res.headers.get('tus-extension')).toBe('creation,creation-with-upload');
    expect(res.headers.get('tus-max-size')).toBe(String(limit));
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('when the blob store fails on the last bytes, the bytes stay staged and the next HEAD finishes the upload', async () => {
    const body = Buffer.from('现场检查笔录（第二页）');
    const created = await create(ownerToken, body.length);
    const path = created.headers.get('location') as string;
    const put = t.ctx.blobs.put;
    t.ctx.blobs.put = async () => {
      throw new Error('存储暂不可用');
    };
    try {
      const failed = await patch(ownerToken, path, 0, body);
      expect(failed.status).toBe(500);
      expect((await json(failed)).code).toBe('INTERNAL');
    } finally {
      t.ctx.blobs.put = put;
    }
    const id = path.split('/').pop() as string;
    await expect(claimUpload(t.ctx.db, owner.id, id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const h = await head(ownerToken, path);
    expect([h.status, h.headers.get('upload-offset')]).toEqual([200, String(body.length)]);
    expect((await claimUpload(t.ctx.db, owner.id, id)).size).toBe(body.length);
  });

  it('a whole upload in one request (creation-with-upload) is finished at once', async () => {
    const body = Buffer.from('询问笔录 第一页');
    const res = await fetch(`${base}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        ...tus,
        ...auth(ownerToken),
        'upload-length': String(body.length),
        'upload-metadata': `filename ${Buffer.from('笔录.txt').toString('base64')}`,
        'content-type': 'application/offset+octet-stream',
      },
      body,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe(String(body.length));
    const id = (res.headers.get('location') as string).split('/').pop() as string;
    const claimed = await claimUpload(t.ctx.db, owner.id, id);
    expect(claimed).toMatchObject({ size: body.length, mimeType: 'application/octet-stream', filename: '笔录.txt' });
    expect(res.headers.get('upload-blob-hash')).toBe(claimed.hash);
  });
});
