import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { newHash } from '../blobs/hashing';
import { blobListFile, expectedFiles, type Manifest, manifestName, parseManifest } from './manifest';
import { readTar, type TarEntry } from './tar';

/** An archive that does not match its manifest: refused before anything is written. */
export class ArchiveError extends Error {}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts);
}

/** Opens an archive: its entries in order, the first being the manifest (already parsed). */
export async function openArchive(file: string): Promise<{ manifest: Manifest; entries: AsyncGenerator<TarEntry> }> {
  const entries = readTar(createReadStream(file, { highWaterMark: 1 << 20 }));
  const first = await entries.next();
  if (first.done || first.value.path !== manifestName) {
    await entries.return(undefined); // closes the file
    throw new ArchiveError(`${file} 不是备份文件：第一项不是 ${manifestName}`);
  }
  return { manifest: parseManifest((await readAll(first.value.body)).toString('utf8')), entries };
}

export interface ArchiveCheck {
  manifest: Manifest;
  files: number;
  blobs: number;
  bytes: number;
}

/**
 * Reads the whole archive once and checks every entry against the manifest (issue 10 §4): size and
 * SHA-256 of each table, key and the blob list; each blob file against its name (its content hash
 * in the store's algorithm) and the list. Nothing unexpected, nothing missing.
 */
export async function checkArchive(file: string): Promise<ArchiveCheck> {
  let opened: Awaited<ReturnType<typeof openArchive>>;
  try {
    opened = await openArchive(file);
  } catch (e) {
    throw e instanceof ArchiveError ? e : new ArchiveError(`无法读取备份文件 ${file}：${(e as Error).message}`);
  }
  const { manifest, entries } = opened;
  const expected = expectedFiles(manifest);
  const seen = new Set<string>();
  const listed = new Set<string>();
  let blobs = 0;
  let bytes = 0;
  try {
    for await (const e of entries) {
      bytes += e.size;
      const want = expected.get(e.path);
      if (want) {
        const h = createHash('sha256');
        const keep: Buffer[] = [];
        for await (const c of e.body) {
          h.update(c);
          if (e.path === blobListFile) keep.push(c);
        }
        if (e.size !== want.bytes || h.digest('hex') !== want.sha256) {
          throw new ArchiveError(`备份文件已损坏：${e.path} 的大小或 SHA-256 与清单不符`);
        }
        if (e.path === blobListFile) {
          for (const line of Buffer.concat(keep).toString('utf8').split('\n'))
            if (line) listed.add((JSON.parse(line) as { hash: string }).hash);
        }
        seen.add(e.path);
      } else if (e.path.startsWith('blobs/') && manifest.blobs.included) {
        const hash = e.path.slice('blobs/'.length);
        if (!listed.has(hash)) throw new ArchiveError(`备份文件中有清单未列出的文件：${e.path}`);
        const h = newHash(manifest.blobs.algorithm);
        for await (const c of e.body) h.update(c);
        if (h.digest('hex') !== hash) throw new ArchiveError(`备份文件已损坏：${e.path} 的内容与其哈希不符`);
        blobs++;
      } else {
        throw new ArchiveError(`备份文件中有清单未列出的条目：${e.path}`);
      }
    }
  } catch (e) {
    throw e instanceof ArchiveError ? e : new ArchiveError(`备份文件已损坏：${(e as Error).message}`);
  }
  const absent = [...expected.keys()].filter((p) => !seen.has(p));
  if (absent.length) throw new ArchiveError(`备份文件不完整：缺少 ${absent.slice(0, 5).join('、')}${absent.length > 5 ? ' 等' : ''}`);
  const wantBlobs = manifest.blobs.included ? manifest.blobs.count - manifest.blobs.missing.length : 0;
  if (blobs !== wantBlobs) throw new ArchiveError(`备份文件不完整：应有 ${wantBlobs} 个文件，实有 ${blobs} 个`);
  return { manifest, files: seen.size, blobs, bytes };
}
