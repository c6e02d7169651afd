import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';

/** DATA_DIR/keys: the checkpoint signing key and totp.key live here by default (journal/keys.ts, auth/totp-key.ts). */
export const keysDirOf = (dataDir: string) => join(dataDir, 'keys');

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The regular files directly in `dir` (none when it does not exist), sorted. */
export async function filesIn(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

/** A file's bytes as an async iterable of Buffers (for the tar writer). */
export function fileChunks(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

/** What a directory holds apart from the lock a store takes in it: an empty data directory holds nothing. */
export async function nonEmptyEntries(dir: string): Promise<string[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const found: string[] = [];
  for (const n of names) {
    if (n.startsWith('.sanxiang.lock')) continue;
    const st = await fsp.stat(join(dir, n)).catch(() => undefined);
    if (!st) continue;
    if (st.isDirectory() && (await nonEmptyEntries(join(dir, n))).length === 0) continue;
    found.push(n);
  }
  return found;
}
