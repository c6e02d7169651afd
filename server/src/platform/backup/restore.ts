import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openBlobStore } from '../blobs';
import type { Config } from '../config';
import { openStore } from '../db/connect';
import { liveHolder } from '../db/lock';
import { userTables } from './catalog';
import { checkArchive, openArchive } from './check';
import { keysDirOf, nonEmptyEntries } from './files';
import { jsonLines } from './load';
import { blobListFile, type Manifest } from './manifest';
import type { TarEntry } from './tar';
import { loadStore, verifyRestored } from './transfer';

export interface RestoreOptions {
  file: string;
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'blobStore' | 'journalHash'>;
  out(line: string): void;
}

/** A refusal that leaves the target untouched (Chinese, for the operator). */
export class RestoreRefused extends Error {}

/** Why the target is not empty, or undefined (checked before anything is written). */
export async function targetNotEmpty(config: RestoreOptions['config']): Promise<string | undefined> {
  if (config.databaseUrl) {
    const store = await openStore({ databaseUrl: config.databaseUrl, purpose: 'sanxiang restore（检查）' });
    try {
      const tables = await userTables(store.db);
      return tables.length
        ? `目标数据库不是空的（已有 ${tables.length} 张表，如 ${tables.slice(0, 3).join('、')}）；只能恢复到空数据库`
        : undefined;
    } finally {
      await store.close();
    }
  }
  const holder = liveHolder(config.dataDir);
  if (holder) return `数据目录 ${config.dataDir} 正由进程 ${holder.pid} 使用；请先停止服务器`;
  // keys/ may be there already (placed by the operator); anything else means a store lives here
  const found = (await nonEmptyEntries(config.dataDir)).filter((n) => n !== 'keys');
  return found.length ? `数据目录 ${config.dataDir} 不是空的（有 ${found.join('、')}）；只能恢复到空的数据目录` : undefined;
}

/**
 * `sanxiang restore <file>` (issue 10 §4): refuses a non-empty target and a damaged archive before
 * writing anything; then loads the tables (loadStore), writes the blobs into the configured store
 * (re-hashed by its put) or, for a backup of S3 objects, checks that each is still there, puts the
 * keys into DATA_DIR/keys where absent, and runs journal and blob verification. Answers the exit code.
 */
export async function restoreBackup(o: RestoreOptions): Promise<number> {
  const started = performance.now();
  const refusal = await targetNotEmpty(o.config);
  if (refusal) throw new RestoreRefused(refusal);
  o.out(`正在核对备份文件 ${o.file} ……`);
  const checked = await checkArchive(o.file);
  const m = checked.manifest;
  o.out(`备份完好：${m.tables.length} 张表、${checked.blobs} 个文件，逐项 SHA-256 与清单一致（备份于 ${m.createdAt}，${m.engine}）`);

  const store = await openStore({ databaseUrl: o.config.databaseUrl, dataDir: o.config.dataDir, purpose: 'sanxiang restore' });
  try {
    const { entries } = await openArchive(o.file);
    await loadStore(
      store.db,
      {
        migrations: m.migrations,
        tables: m.tables,
        async feed(load) {
          for (const t of m.tables) {
            const n = await entries.next();
            if (n.done || n.value.path !== t.file) throw new Error(`备份文件中表的顺序与清单不符（应为 ${t.file}）`);
            const rows = await load(t.name, jsonLines(n.value.body));
            if (rows !== t.rows) throw new Error(`表 ${t.name} 载入 ${rows} 行，清单为 ${t.rows} 行`);
          }
        },
        sequences: async () => m.sequences,
      },
      o.out,
    );
    const n = await entries.next();
    const ok = await restoreFiles(m, n.done ? undefined : n.value, entries, o);
    const verified = await verifyRestored(store.db, o.config, m.journal, openBlobStore(o.config, m.blobs.algorithm), o.out);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (verified.ok && ok) {
      o.out(`恢复完成，用时 ${seconds} 秒。全过程记录与文件存储均校验通过。`);
      return 0;
    }
    o.out(`恢复结束，用时 ${seconds} 秒，但校验发现问题（见上）。`);
    return 1;
  } finally {
    await store.close();
  }
}

/** Keys and blobs, the archive's entries after the tables. Answers false when a referenced S3 object is missing. */
async function restoreFiles(m: Manifest, first: TarEntry | undefined, rest: AsyncGenerator<TarEntry>, o: RestoreOptions): Promise<boolean> {
  const blobs = openBlobStore(o.config, m.blobs.algorithm);
  let ok = true;
  let keys = 0;
  let stored = 0;
  let storedBytes = 0;
  const each = async function* () {
    if (first) yield first;
    yield* rest;
  };
  for await (const e of each()) {
    if (e.path === blobListFile) {
      if (m.blobs.included) continue;
      // S3: the objects stay where they are; check that each one the records name is still there
      let missing = 0;
      for await (const page of jsonLines(e.body)) {
        for (const line of page) {
          if (!line) continue;
          const b = JSON.parse(line) as { hash: string; size: number };
          const st = await blobs.stat(b.hash);
          if (!st || st.size !== b.size) {
            missing++;
            o.out(`S3 存储中缺少文件：${b.hash}（${b.size} 字节）`);
          }
        }
      }
      o.out(missing ? `S3 存储中缺少 ${missing} 个被记录引用的文件` : `S3 存储中被记录引用的 ${m.blobs.count} 个文件都在`);
      if (missing) ok = false;
    } else if (e.path.startsWith('keys/')) {
      keys++;
      await restoreKey(o.config.dataDir, e.path.slice('keys/'.length), e.body, o.out);
    } else if (e.path.startsWith('blobs/')) {
      const info = await blobs.put(Readable.from(e.body));
      if (info.hash !== e.path.slice('blobs/'.length)) throw new Error(`文件 ${e.path} 写入存储后哈希为 ${info.hash}`);
      stored++;
      storedBytes += info.size;
    }
  }
  if (m.blobs.included)
    o.out(`已写入${blobs.backend === 's3' ? ' S3 ' : '本地'}文件存储：${stored} 个文件（${(storedBytes / 1024 / 1024).toFixed(1)} MiB）`);
  if (m.blobs.missing.length) o.out(`注意：备份时已缺少 ${m.blobs.missing.length} 个文件（${m.blobs.missing.slice(0, 3).join('、')}）`);
  o.out(`密钥文件：${keys} 个`);
  return ok;
}

async function restoreKey(dataDir: string, name: string, body: AsyncIterable<Buffer>, out: (l: string) => void): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c);
  const data = Buffer.concat(chunks);
  const dir = keysDirOf(dataDir);
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  const existing = await fsp.readFile(path).catch(() => undefined);
  if (!existing) {
    await fsp.writeFile(path, data, { mode: name.endsWith('-public.pem') || name.endsWith('-public.hex') ? 0o644 : 0o600, flag: 'wx' });
    out(`已恢复密钥文件 keys/${name}`);
  } else if (!existing.equals(data)) {
    out(`注意：keys/${name} 已存在且与备份中的不同，保留现有文件（签名与解密需要备份中的那一份时，请手工替换）`);
  }
}
