import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openBlobStore } from '../blobs';
import type { Config } from '../config';
import type { Engine } from '../db/connect';
import type { AnyDb } from '../db/tables';
import { withSnapshot } from './dump';
import { fileChunks, filesIn, keysDirOf, sha256 } from './files';
import {
  type BlobSummary,
  blobFile,
  blobListFile,
  type FileEntry,
  keyFile,
  type Manifest,
  manifestFormat,
  manifestName,
  manifestVersion,
  type TableEntry,
  tableFile,
} from './manifest';
import { TarWriter } from './tar';

export interface BackupOptions {
  db: AnyDb;
  engine: Engine;
  config: Pick<Config, 'dataDir' | 'blobStore' | 'journalHash'>;
  /** the archive to write (absolute); written as <file>.partial and renamed when complete */
  file: string;
  out(line: string): void;
  now?: () => Date;
}

export interface BackupResult {
  manifest: Manifest;
  /** archive size */
  bytes: number;
  seconds: number;
}

/**
 * `sanxiang backup <file>` (issue 10 §4, ADR 0013): the snapshot's tables are spooled next to the
 * archive (a tar entry needs its size first), the transaction ends, and then the archive is written
 * in one sequential pass: backup.json, tables/*.jsonl in load order, blobs.jsonl, keys/*, blobs/*.
 * Blobs and keys are read after the commit: blobs never change once stored (R-C05), and every blob
 * the snapshot's `blob` rows name was stored before its row committed.
 */
export async function writeBackup(o: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const parts = join(dirname(o.file), `.${basename(o.file)}.parts-${randomBytes(4).toString('hex')}`);
  await fsp.mkdir(parts, { recursive: true, mode: 0o700 });
  try {
    const snap = await withSnapshot(o.db, o.config.journalHash, async (s) => {
      const tables: TableEntry[] = [];
      let rows = 0;
      const journal = await s.dumpTables(async (t, pages) => {
        const path = join(parts, `${t.name}.jsonl`);
        const fh = await fsp.open(path, 'w', 0o600);
        const h = createHash('sha256');
        let n = 0;
        let bytes = 0;
        try {
          for await (const page of pages) {
            const text = Buffer.from(`${page.join('\n')}\n`);
            h.update(text);
            bytes += text.length;
            n += page.length;
            await fh.write(text);
          }
        } finally {
          await fh.close();
        }
        rows += n;
        tables.push({ name: t.name, columns: t.columns, rows: n, file: tableFile(t.name), bytes, sha256: h.digest('hex') });
      });
      o.out(`快照：${tables.length} 张表，${rows} 行；全过程记录 ${journal.treeSize} 条（默克尔根 ${journal.rootHash}）`);
      const sequences = await s.sequences();
      const blobs: { hash: string; algorithm: string; size: number }[] = [];
      for await (const b of s.blobs()) blobs.push(b);
      return { migrations: s.migrations, hashAlgorithm: s.hashAlgorithm, tables, journal, sequences, blobs };
    });

    const store = openBlobStore(o.config, snap.hashAlgorithm);
    const included = store.backend === 'fs';
    const missing: string[] = [];
    let blobBytes = 0;
    // on S3 too (one HEAD each): a backup that only lists the objects must still say which are
    // already gone, so `sanxiang backup` fails then as it does for the file store
    for (const b of snap.blobs) {
      const st = await store.stat(b.hash);
      if (!st || st.size !== b.size) missing.push(b.hash);
      blobBytes += b.size;
    }
    const blobList = Buffer.from(snap.blobs.map((b) => `${JSON.stringify(b)}\n`).join(''));
    const keyNames = await filesIn(keysDirOf(o.config.dataDir));
    const keys = await Promise.all(
      keyNames.map(async (n) => ({ name: n, data: await fsp.readFile(join(keysDirOf(o.config.dataDir), n)) })),
    );
    const entry = (file: string, data: Buffer): FileEntry => ({ file, bytes: data.length, sha256: sha256(data) });
    const blobSummary: BlobSummary = {
      store: store.backend,
      algorithm: store.algorithm,
      count: snap.blobs.length,
      bytes: blobBytes,
      list: entry(blobListFile, blobList),
      included,
      missing,
    };
    const manifest: Manifest = {
      format: manifestFormat,
      version: manifestVersion,
      createdAt: (o.now?.() ?? new Date()).toISOString(),
      engine: o.engine,
      migrations: snap.migrations,
      tables: snap.tables,
      sequences: snap.sequences,
      journal: snap.journal,
      blobs: blobSummary,
      keys: keys.map((k) => entry(keyFile(k.name), k.data)),
    };

    const partial = `${o.file}.partial`;
    const fh = await fsp.open(partial, 'w', 0o600);
    const tar = new TarWriter(fh);
    try {
      await tar.add(manifestName, ...sized(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)));
      for (const t of snap.tables) await tar.add(t.file, t.bytes, fileChunks(join(parts, `${t.name}.jsonl`)));
      await tar.add(blobListFile, ...sized(blobList));
      for (const k of keys) await tar.add(keyFile(k.name), ...sized(k.data));
      if (included) {
        const skip = new Set(missing);
        let done = 0;
        let doneBytes = 0;
        let nextReport = 0.1;
        for (const b of snap.blobs) {
          if (skip.has(b.hash)) continue;
          await tar.add(blobFile(b.hash), b.size, (await store.get(b.hash)) as AsyncIterable<Buffer>);
          done++;
          doneBytes += b.size;
          if (blobBytes > 0 && doneBytes / blobBytes >= nextReport) {
            o.out(`文件：已复制 ${done}/${snap.blobs.length} 个（${mib(doneBytes)} / ${mib(blobBytes)}）`);
            nextReport = Math.floor((doneBytes / blobBytes) * 10) / 10 + 0.1;
          }
        }
      }
      await tar.end();
      await fh.sync();
    } catch (e) {
      await fh.close();
      await fsp.rm(partial, { force: true });
      throw e;
    }
    await fh.close();
    await fsp.rename(partial, o.file);
    return { manifest, bytes: tar.bytes, seconds: (performance.now() - started) / 1000 };
  } finally {
    await fsp.rm(parts, { recursive: true, force: true });
  }
}

const sized = (b: Buffer): [number, Buffer] => [b.length, b];

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
