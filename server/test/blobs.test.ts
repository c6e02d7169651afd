import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, type BlobStore, openBlobStore } from '../src/platform/blobs';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { loadConfig } from '../src/platform/config';
import { type S3Harness, startS3 } from './s3';

/** V8's collector, so the baseline is not inflated by garbage of earlier tests (flag set at run time). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');

async function bytesOf(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Deterministic pseudo-random bytes, made a chunk at a time (the test itself holds no big buffer). */
function generated(total: number, chunk = 256 * 1024): { stream: Readable; hash: Promise<string> } {
  const h = createHash('sha256');
  let sent = 0;
  let seed = 7;
  let resolve: (hex: string) => void = () => undefined;
  const hash = new Promise<string>((r) => {
    resolve = r;
  });
  const stream = new Readable({
    read() {
      if (sent >= total) {
        resolve(h.digest('hex'));
        this.push(null);
        return;
      }
      const n = Math.min(chunk, total - sent);
      const b = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        b.writeUInt32LE(seed, i);
      }
      h.update(b);
      sent += n;
      this.push(b);
    },
  });
  return { stream, hash };
}

describe.each(['fs', 's3'] as const)('blob store (%s)', (backend) => {
  let s3: S3Harness | undefined;
  let stores: { store: BlobStore; cleanup(): Promise<void> }[] = [];

  async function make(algorithm: 'sha256' | 'sm3' = 'sha256'): Promise<BlobStore> {
    if (backend === 'fs') {
      const store = scratchBlobStore(algorithm);
      stores.push({ store, cleanup: () => rm(store.root, { recursive: true, force: true }) });
      return store;
    }
    const h = s3 as S3Harness;
    const store = openBlobStore(loadConfig({ ...h.env, BLOB_STORE: `${h.env.BLOB_STORE}-${algorithm}-${stores.length}` }), algorithm);
    stores.push({ store, cleanup: async () => undefined });
    return store;
  }

  beforeAll(async () => {
    if (backend === 's3') s3 = await startS3();
  });
  afterAll(async () => {
    for (const s of stores) await s.cleanup();
    stores = [];
    await s3?.stop();
  });

  it('stores bytes under their SHA-256 and gives them back, whole or in part', async () => {
    const store = await make();
    const bytes = Buffer.from('现场检查笔录：当事人在场，照片三张。');
    const info = await store.put(bytes);
    expect(info).toEqual({ hash: sha256(bytes), algorithm: 'sha256', size: bytes.length });
    expect(await bytesOf(await store.get(info.hash))).toEqual(bytes);
    expect(await store.stat(info.hash)).toEqual({ size: bytes.length });
    expect(await bytesOf(await store.get(info.hash, { start: 3, end: 8 }))).toEqual(bytes.subarray(3, 9));
    expect(await bytesOf(await store.get(info.hash, { start: 10 }))).toEqual(bytes.subarray(10));
    if ('root' in store) {
      // on disk: read-only, under its first two hex digits, and the temp area left empty
      const path = join(store.root as string, info.hash.slice(0, 2), info.hash);
      expect((await stat(path)).mode & 0o777).toBe(0o444);
      expect(await readdir(join(store.root as string, 'tmp'))).toEqual([]);
    }
  });

  it('storing the same bytes again answers the same blob and keeps one copy', async () => {
    const store = await make();
    const a = await store.put(Buffer.from('同一份证据'));
    const b = await store.put(Readable.from([Buffer.from('同一'), Buffer.from('份证据')]));
    expect(b).toEqual(a);
    const other = await store.put(Buffer.from('另一份证据'));
    const listed = [];
    for await (const x of store.list()) listed.push(x);
    expect(listed.map((x) => x.hash).sort()).toEqual([a.hash, other.hash].sort());
  });

  it('says when a blob is absent, and refuses a name that is not a hash', async () => {
    const store = await make();
    const missing = 'a'.repeat(64);
    expect(await store.stat(missing)).toBeUndefined();
    await expect(store.get(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.stat('../x')).toBeUndefined();
  });

  it('hashes with SM3 when the platform uses SM3', async () => {
    const store = await make('sm3');
    const bytes = Buffer.from('国密 SM3 摘要');
    const info = await store.put(bytes);
    expect(info).toEqual({ hash: sm3(bytes), algorithm: 'sm3', size: bytes.length });
    expect(await bytesOf(await store.get(info.hash))).toEqual(bytes);
  });

  it('a source that fails midway stores nothing', async () => {
    const store = await make();
    const failing = new Readable({
      read() {
        this.destroy(new Error('连接中断'));
      },
    });
    failing.push(Buffer.from('半截'));
    await expect(store.put(failing)).rejects.toThrow();
    const listed = [];
    for await (const x of store.list()) listed.push(x);
    expect(listed).toEqual([]);
  });

  it('streams 50 MB in with bounded memory, and reads back a range in its middle', async () => {
    // S3: s3rver in a child process here, so that its buffers do not count as this process's memory
    const separate = backend === 's3' ? await startS3({ separate: true }) : undefined;
    const store = separate ? openBlobStore(loadConfig(separate.env), 'sha256') : await make();
    // warm-up: the client, its connections and (S3) the multipart code are loaded before measuring
    await store.put(generated(12 * 1024 * 1024).stream);
    const total = 50 * 1024 * 1024;
    const src = generated(total);
    collectGarbage();
    const before = process.memoryUsage().rss;
    let peak = before;
    // what the store keeps alive, not garbage: V8 lets up to 64 MB of dead Buffers wait before it
    // collects (its external-memory soft limit), which alone would exceed the bound being tested
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
      collectGarbage();
    }, 50);
    const info = await store.put(src.stream);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(info.hash).toBe(await src.hash);
    expect(info.size).toBe(total);
    const growth = (peak - before) / 1024 / 1024;
    expect(growth).toBeLessThan(35);
    const middle = await bytesOf(await store.get(info.hash, { start: 30_000_000, end: 30_000_015 }));
    expect(middle.length).toBe(16);
    console.log(`[blobs ${backend}] 50 MB put: RSS growth ${growth.toFixed(1)} MB`);
    await separate?.stop();
  }, 120_000);
});
