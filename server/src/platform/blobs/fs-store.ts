import { randomUUID } from 'node:crypto';
import { constants, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { HashAlgorithm } from '../config';
import { asStream, isBlobHash, newHash } from './hashing';
import { type BlobInfo, BlobNotFoundError, type BlobStore, type ByteRange } from './types';

/**
 * Files under `root` (DATA_DIR/blobs): `<first 2 hex>/<hash>`, read-only (0o444). A file is written
 * to `tmp/<uuid>`, fsynced, then linked to its name, so a name never shows partial bytes, and an
 * existing name is never replaced (link fails with EEXIST: the same hash means the same bytes, the
 * temp file is dropped). The directory is fsynced so the name survives a power cut (R-C05, ADR 0009).
 */
export function createFsBlobStore(root: string, algorithm: HashAlgorithm): BlobStore {
  const tmpDir = join(root, 'tmp');
  const pathOf = (hash: string) => join(root, hash.slice(0, 2), hash);

  // temp files a crashed writer left (never blobs: a blob has its hash for a name), swept once per process
  let swept = false;
  async function sweepTemp() {
    swept = true;
    const cutoff = Date.now() - 24 * 3600 * 1000;
    for (const name of await fsp.readdir(tmpDir).catch(() => [] as string[])) {
      const s = await fsp.stat(join(tmpDir, name)).catch(() => undefined);
      if (s && s.mtimeMs < cutoff) await fsp.rm(join(tmpDir, name), { force: true });
    }
  }

  async function put(source: Readable | Buffer): Promise<BlobInfo> {
    const input = asStream(source);
    // a source that fails before we read it must not crash the process: the loop below rethrows it
    input.on('error', () => undefined);
    await fsp.mkdir(tmpDir, { recursive: true });
    if (!swept) await sweepTemp();
    const tmp = join(tmpDir, randomUUID());
    const h = newHash(algorithm);
    let size = 0;
    const fh = await fsp.open(tmp, 'wx', 0o600);
    try {
      try {
        // one chunk at a time: the write is awaited before the next chunk is read (bounded memory)
        for await (const chunk of input) {
          const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
          h.update(buf);
          size += buf.length;
          await fh.write(buf);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const hash = h.digest('hex');
      await fsp.chmod(tmp, 0o444);
      const dir = join(root, hash.slice(0, 2));
      await fsp.mkdir(dir, { recursive: true });
      await placeOnce(tmp, pathOf(hash));
      await syncDir(dir);
      return { hash, algorithm, size };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async function open(hash: string) {
    if (!isBlobHash(hash)) throw new BlobNotFoundError(hash);
    try {
      return await fsp.open(pathOf(hash), constants.O_RDONLY);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(hash);
      throw e;
    }
  }

  return {
    backend: 'fs',
    algorithm,
    put,
    async get(hash: string, range?: ByteRange): Promise<Readable> {
      const fh = await open(hash);
      return fh.createReadStream(range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {});
    },
    async stat(hash: string) {
      if (!isBlobHash(hash)) return undefined;
      try {
        const s = await fsp.stat(pathOf(hash));
        return { size: s.size };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async *list() {
      let shards: string[];
      try {
        shards = (await fsp.readdir(root)).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const shard of shards) {
        const names = (await fsp.readdir(join(root, shard))).filter((n) => isBlobHash(n) && n.startsWith(shard)).sort();
        for (const hash of names) {
          const s = await fsp.stat(join(root, shard, hash));
          yield { hash, size: s.size };
        }
      }
    },
  };
}

/** Gives the temp file its final name unless the name exists (never replaces a stored file). */
async function placeOnce(tmp: string, target: string): Promise<void> {
  try {
    await fsp.link(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // a file system without hard links: rename, after looking (a racing writer brings the same bytes)
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
      try {
        await fsp.access(target);
      } catch {
        await fsp.rename(tmp, target);
      }
      return;
    }
    throw e;
  }
}

async function syncDir(dir: string): Promise<void> {
  const d = await fsp.open(dir, constants.O_RDONLY);
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
