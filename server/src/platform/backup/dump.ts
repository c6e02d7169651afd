import { sql } from 'kysely';
import { recordedBlobs } from '../blobs';
import type { HashAlgorithm } from '../config';
import type { AnyDb, AnyTrx } from '../db/tables';
import { CompactRange, treeHasher } from '../journal/merkle';
import { ident, migrationTable, readCatalog, readSequenceNames, type TableInfo } from './catalog';
import type { JournalSummary, Manifest, SequenceState } from './manifest';

/**
 * One consistent view of the whole store (issue 10 §4): a REPEATABLE READ READ ONLY transaction in
 * which every table is read through a cursor, in primary-key order, as `row_to_json` lines — text
 * both engines print alike and `json_populate_recordset` reads back exactly (load.ts). Writes go on
 * meanwhile on PostgreSQL; on PGlite they wait for the transaction (one session), which is why the
 * lines are only spooled or loaded here and blobs are copied after the commit (they never change).
 */
export interface Snapshot {
  migrations: Manifest['migrations'];
  /** load order */
  tables: TableInfo[];
  hashAlgorithm: HashAlgorithm;
  /** Streams every table in load order to `onTable` (pages of lines); answers the journal at the snapshot. */
  dumpTables(onTable: (t: TableInfo, pages: AsyncIterable<string[]>) => Promise<void>): Promise<JournalSummary>;
  sequences(): Promise<SequenceState[]>;
  blobs(): AsyncIterable<{ hash: string; algorithm: string; size: number }>;
}

const pageRows = 2000;

export async function withSnapshot<T>(db: AnyDb, fallbackHash: HashAlgorithm, fn: (s: Snapshot) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // the first statement of the transaction (PGlite's driver sends a bare BEGIN)
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    const migrations = (
      await sql<{ version: string; name: string; checksum: string }>`
        select version, name, checksum from ${sql.raw(ident(migrationTable))} order by version`.execute(trx)
    ).rows;
    const tables = await readCatalog(trx);
    // the journal's settled hash (platform/journal/settings.ts); the configured one before the first entry
    const setting = await sql<{ value: HashAlgorithm }>`
      select value from platform_setting where key = 'journal.hash_algorithm'`.execute(trx);
    const hashAlgorithm = setting.rows[0]?.value ?? fallbackHash;
    return fn({
      migrations,
      tables,
      hashAlgorithm,
      dumpTables: (onTable) => dumpTables(trx, tables, hashAlgorithm, onTable),
      sequences: () => readSequences(trx),
      blobs: () => recordedBlobs(trx),
    });
  });
}

async function dumpTables(
  trx: AnyTrx,
  tables: TableInfo[],
  hashAlgorithm: HashAlgorithm,
  onTable: (t: TableInfo, pages: AsyncIterable<string[]>) => Promise<void>,
): Promise<JournalSummary> {
  const hasher = treeHasher(hashAlgorithm);
  const range = new CompactRange(hasher);
  for (const t of tables) {
    // the journal's Merkle root at the snapshot is computed on the way (RFC 6962 leaf = entry hash)
    const journal = t.name === 'journal_entry';
    let expected = 0;
    const onRow = journal
      ? (r: { s: number | string; h: string }) => {
          if (Number(r.s) !== expected) throw new Error(`全过程记录缺少第 ${expected} 条，备份中止`);
          expected++;
          range.push(hasher.hashLeaf(Buffer.from(r.h, 'hex')));
        }
      : undefined;
    await onTable(t, pages(trx, t, journal ? ', x.seq as s, x.entry_hash as h' : '', onRow));
  }
  const checkpoints = tables.some((t) => t.name === 'journal_checkpoint')
    ? Number((await sql<{ n: number | string }>`select count(*) as n from journal_checkpoint`.execute(trx)).rows[0]?.n ?? 0)
    : 0;
  return { treeSize: range.size, rootHash: range.root().toString('hex'), hashAlgorithm, checkpoints };
}

async function* pages(
  trx: AnyTrx,
  t: TableInfo,
  extra: string,
  onRow?: (r: { s: number | string; h: string }) => void,
): AsyncGenerator<string[]> {
  const order = (t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name)).map((c) => `x.${ident(c)}`).join(', ');
  await sql
    .raw(`declare backup_cursor no scroll cursor for select row_to_json(x)::text as j${extra} from ${ident(t.name)} x order by ${order}`)
    .execute(trx);
  for (;;) {
    const r = await sql.raw<{ j: string; s: number | string; h: string }>(`fetch forward ${pageRows} from backup_cursor`).execute(trx);
    if (onRow) for (const row of r.rows) onRow(row);
    if (r.rows.length > 0) yield r.rows.map((row) => row.j);
    if (r.rows.length < pageRows) break;
  }
  // not in a finally: after a failed statement the transaction is aborted and the close would hide why
  await sql.raw('close backup_cursor').execute(trx);
}

async function readSequences(trx: AnyTrx): Promise<SequenceState[]> {
  const out: SequenceState[] = [];
  for (const name of await readSequenceNames(trx)) {
    const r = await sql
      .raw<{ last_value: number | string; is_called: boolean }>(`select last_value, is_called from ${ident(name)}`)
      .execute(trx);
    const row = r.rows[0];
    if (row) out.push({ name, lastValue: Number(row.last_value), isCalled: row.is_called });
  }
  return out;
}
