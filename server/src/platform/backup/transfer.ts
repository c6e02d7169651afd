import { sql } from 'kysely';
import { type BlobStore, verifyBlobs } from '../blobs';
import type { Config, HashAlgorithm } from '../config';
import { loadMigrations, migrate } from '../db/migrate';
import type { AnyDb } from '../db/tables';
import { verifyJournal } from '../journal';
import type { ColumnInfo } from './catalog';
import { verifyKeysFor } from './keys';
import { finishLoad, loadTable, prepareLoad } from './load';
import { type JournalSummary, type Manifest, migrationMismatch, type SequenceState } from './manifest';
import { isLoadOrder } from './order';

export interface LoadSource {
  migrations: Manifest['migrations'];
  /** the dump's tables in its order (its load order) */
  tables: readonly { name: string; columns: ColumnInfo[] }[];
  /** hands each table's lines to `load`, in the order of `tables` */
  feed(load: (name: string, pages: AsyncIterable<string[]>) => Promise<number>): Promise<void>;
  sequences(): Promise<SequenceState[]>;
}

export interface LoadResult {
  tables: number;
  rows: number;
  /** our migrations applied after the rows (those newer than the dump) */
  applied: string[];
}

/**
 * Restores a dump into an empty store (restore and move-to-postgres share it; issue 10 §4, §5):
 * migrates to exactly the dump's migrations, loads every table in one transaction, then applies
 * our later migrations, which then convert the loaded rows as they would have in place.
 */
export async function loadStore(db: AnyDb, src: LoadSource, out: (line: string) => void): Promise<LoadResult> {
  const ours = loadMigrations();
  const problem = migrationMismatch(src.migrations, ours);
  if (problem) throw new Error(problem);
  const prefix = ours.slice(0, src.migrations.length);
  await migrate(db, prefix);
  out(`已建立备份时的数据库结构（迁移至 ${prefix[prefix.length - 1]?.version ?? '无'}）`);
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    const targets = await prepareLoad(trx);
    const byName = new Map(targets.map((t) => [t.name, t]));
    const dumped = new Map(src.tables.map((t) => [t.name, t]));
    const extra = targets.filter((t) => !dumped.has(t.name)).map((t) => t.name);
    const unknown = src.tables.filter((t) => !byName.has(t.name)).map((t) => t.name);
    if (extra.length || unknown.length)
      throw new Error(`备份的表与数据库结构不一致（缺少：${extra.join('、') || '无'}；多出：${unknown.join('、') || '无'}）`);
    if (
      !isLoadOrder(
        src.tables.map((t) => t.name),
        targets,
      )
    )
      throw new Error('备份中表的顺序不满足外键依赖，无法载入');
    const started = performance.now();
    await src.feed(async (name, pages) => {
      const t = byName.get(name);
      const d = dumped.get(name);
      if (!t || !d) throw new Error(`备份中的表 ${name} 不在数据库结构中`);
      const n = await loadTable(trx, t, d.columns, pages);
      rows += n;
      return n;
    });
    await finishLoad(trx, targets, await src.sequences());
    out(`已载入 ${src.tables.length} 张表、${rows} 行（${((performance.now() - started) / 1000).toFixed(1)} 秒）`);
  });
  const { applied } = await migrate(db);
  if (applied.length) out(`已应用本版本新增的迁移：${applied.join('、')}`);
  return { tables: src.tables.length, rows, applied };
}

export interface VerifyOutcome {
  ok: boolean;
  rootHash: string;
}

/** The settled journal hash of a store (platform/journal/settings.ts), or the given one. */
export async function journalHashOf(db: AnyDb, fallback: HashAlgorithm): Promise<HashAlgorithm> {
  const r = await sql<{ value: HashAlgorithm }>`select value from platform_setting where key = 'journal.hash_algorithm'`.execute(db);
  return r.rows[0]?.value ?? fallback;
}

/**
 * After a restore or move: `journal verify` (every entry, every checkpoint's signature) with the
 * deployment's public keys, the root compared with the snapshot's, and, given a blob store,
 * `blobs verify`. Prints each result; answers whether all passed.
 */
export async function verifyRestored(
  db: AnyDb,
  config: Pick<Config, 'dataDir' | 'journalHash'>,
  expected: JournalSummary,
  blobs: BlobStore | undefined,
  out: (line: string) => void,
): Promise<VerifyOutcome> {
  const hashAlgorithm = await journalHashOf(db, expected.hashAlgorithm);
  const opts = { hashAlgorithm, ...(await verifyKeysFor(db, config.dataDir)) };
  const r = await verifyJournal(db, opts);
  out(
    `全过程记录校验：${r.entries} 条记录、${r.checkpoints} 个检查点，${r.ok ? '完整，未发现篡改' : `发现问题：第 ${r.firstBad?.seq} 条 —— ${r.firstBad?.reason}`}`,
  );
  out(`默克尔根（${hashAlgorithm}）：${r.rootHash}`);
  let ok = r.ok;
  // entries appended after the snapshot (none in a fresh store) would change the root: compare at its size
  if (r.entries === expected.treeSize && r.rootHash !== expected.rootHash) {
    out(`默克尔根与备份时的 ${expected.rootHash} 不同！`);
    ok = false;
  } else if (r.entries < expected.treeSize) {
    out(`记录条数 ${r.entries} 少于备份时的 ${expected.treeSize} 条！`);
    ok = false;
  } else if (r.entries === expected.treeSize) out('默克尔根与备份时的相同。');
  if (blobs) {
    const b = await verifyBlobs(blobs, db, (p) => out(`文件问题：${p.hash} —— ${p.detail}`));
    out(
      `文件存储校验：已核验 ${b.checked} 个文件（${(b.bytes / 1024 / 1024).toFixed(1)} MiB；数据库记录 ${b.recorded} 个），${b.problems.length ? `发现 ${b.problems.length} 个问题` : '全部一致'}`,
    );
    if (b.problems.length) ok = false;
  }
  return { ok, rootHash: r.rootHash };
}
