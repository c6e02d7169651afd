import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, TarWriter } from './tar';

const tmp = mkdtempSync(join(tmpdir(), 'sanxiang-tar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function* chunks(n: number, size: number, byte: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < n; i++) yield Buffer.alloc(size, byte);
}

/** Writes the entries with TarWriter into a file and answers its bytes. */
async function write(name: string, entries: [string, Buffer][]): Promise<Buffer> {
  const file = join(tmp, name);
  const fh = await open(file, 'w');
  const tar = new TarWriter(fh);
  for (const [path, data] of entries) await tar.add(path, data.length, data);
  await tar.add('blobs/streamed', 3 * 70_000, chunks(3, 70_000, 0x61));
  await tar.end();
  await fh.close();
  const bytes = readFileSync(file);
  expect(tar.bytes).toBe(bytes.length);
  return bytes;
}

/** Every entry's path and bytes (read to the end). */
async function readAll(bytes: Buffer, chunk = 4096): Promise<[string, Buffer][]> {
  async function* source(): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: [string, Buffer][] = [];
  for await (const e of readTar(source())) {
    const parts: Buffer[] = [];
    for await (const c of e.body) parts.push(c);
    expect(Buffer.concat(parts).length).toBe(e.size);
    out.push([e.path, Buffer.concat(parts)]);
  }
  return out;
}

const entries: [string, Buffer][] = [
  ['backup.json', Buffer.from('{"format":"sanxiang-backup"}\n')],
  ['tables/empty.jsonl', Buffer.alloc(0)],
  ['keys/totp.key', Buffer.alloc(512, 7)],
  [`tables/${'长'.repeat(60)}.jsonl`, Buffer.from('{"a":1}\n')], // > 100 bytes of UTF-8: a pax header
];

describe('tar (tar-stream)', () => {
  it('round-trips entries, and GNU tar lists and extracts the archive', async () => {
    const bytes = await write('a.tar', entries);
    const back = await readAll(bytes, 1000);
    expect(back.map(([p]) => p)).toEqual([...entries.map(([p]) => p), 'blobs/streamed']);
    for (const [i, [, data]] of entries.entries()) expect(back[i]?.[1].equals(data)).toBe(true);
    expect(back[4]?.[1].equals(Buffer.alloc(210_000, 0x61))).toBe(true);
    const list = spawnSync('tar', ['-tvf', join(tmp, 'a.tar')], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/-rw------- .* 210000 .* blobs\/streamed/);
    expect(list.stdout).toContain(`tables/${'长'.repeat(60)}.jsonl`);
    const one = spawnSync('tar', ['-xOf', join(tmp, 'a.tar'), 'backup.json'], { encoding: 'utf8' });
    expect(one.stdout).toBe('{"format":"sanxiang-backup"}\n');
  });

  it('skips what a consumer leaves unread', async () => {
    const bytes = await write('b.tar', entries);
    const seen: string[] = [];
    for await (const e of readTar([bytes])) {
      seen.push(e.path);
      if (e.path === 'keys/totp.key') for await (const _ of e.body) break; // one chunk, then leave
    }
    expect(seen).toHaveLength(5);
  });

  it('refuses a truncated archive: inside an entry, at an entry boundary, or without the end marker', async () => {
    const bytes = await write('c.tar', entries);
    await expect(readAll(bytes.subarray(0, bytes.length - 1024 - 512 - 100))).rejects.toThrow(/归档不完整/);
    await expect(readAll(bytes.subarray(0, bytes.length - 1024))).rejects.toThrow(/归档不完整/);
    await expect(readAll(bytes.subarray(0, 512 + 512))).rejects.toThrow(/归档不完整/);
    expect(await readAll(bytes.subarray(0, bytes.length - 512))).toHaveLength(5); // one zero block still ends it
    const bad = Buffer.from(bytes);
    bad[0] = 0x41; // the first header's checksum no longer matches
    await expect(readAll(bad)).rejects.toThrow(/文件头校验和不符/);
  });

  it('refuses a source that gives more or fewer bytes than announced, leaving no archive behind it', async () => {
    for (const [size, n] of [
      [100, 2],
      [100, 0],
    ] as const) {
      const fh = await open(join(tmp, 'd.tar'), 'w');
      const tar = new TarWriter(fh);
      await expect(tar.add('x', size, chunks(n, 60, 1))).rejects.toThrow(/大小变了/);
      await expect(tar.end()).rejects.toThrow(/大小变了/);
      await fh.close();
    }
  });

  it('writes sizes of 8 GiB and more in the GNU base-256 field, which GNU tar and readTar read', async () => {
    const size = 8 * 1024 ** 3 + 1;
    const out: Buffer[] = [];
    const fh = { write: async (b: Buffer) => void out.push(Buffer.from(b)) } as unknown as FileHandle;
    const tar = new TarWriter(fh);
    // the header and a first MiB, then the source stops: the writer refuses, the header is out
    await expect(tar.add('blobs/huge', size, chunks(16, 65536, 0))).rejects.toThrow(/大小变了/);
    const head = Buffer.concat(out);
    expect(head[124]).toBe(0x80);
    const file = join(tmp, 'huge.tar');
    writeFileSync(file, head);
    const list = spawnSync('tar', ['-tvf', file], { encoding: 'utf8' });
    expect(list.stdout).toMatch(/ 8589934593 .* blobs\/huge/);
    const it = readTar([head]);
    const first = await it.next();
    expect(first.value).toMatchObject({ path: 'blobs/huge', size });
    await expect(it.next()).rejects.toThrow(/归档不完整/);
  });
});
