import { sql } from 'kysely';
import type { AnyTrx } from '../db/tables';
import { type ColumnInfo, ident, readCatalog, type TableInfo } from './catalog';
import type { SequenceState } from './manifest';

/**
 * Loads a logical dump into a schema migrated to the dump's own migrations (issue 10 §4), inside one
 * transaction: a failure leaves no row behind. Rows go in with plain INSERTs (the tables' triggers
 * refuse UPDATE and DELETE only) as `insert … select … from json_populate_recordset(null::t, $1)`,
 * which reads `row_to_json` text back exactly (timestamps with offset, bytea as \x…, jsonb as JSON).
 * Generated columns are recomputed, identity values kept (OVERRIDING SYSTEM VALUE), sequences set
 * afterwards to their dumped state; user INSERT triggers are off during the load (the rows are the
 * final rows, not new input).
 */
const batchRows = 2000;
const batchBytes = 8 * 1024 * 1024;

/** The target's tables (load order) with INSERT triggers disabled. */
export async function prepareLoad(trx: AnyTrx): Promise<TableInfo[]> {
  const tables = await readCatalog(trx);
  for (const t of tables) if (t.insertTriggers) await sql.raw(`alter table ${ident(t.name)} disable trigger user`).execute(trx);
  return tables;
}

export async function finishLoad(trx: AnyTrx, tables: readonly TableInfo[], sequences: readonly SequenceState[]): Promise<void> {
  for (const s of sequences) {
    await sql`select setval(${ident(s.name)}::regclass, ${s.lastValue}, ${s.isCalled})`.execute(trx);
  }
  for (const t of tables) if (t.insertTriggers) await sql.raw(`alter table ${ident(t.name)} enable trigger user`).execute(trx);
}

/** Groups pages of lines into statements of at most batchRows rows and about batchBytes. */
async function* batches(pages: AsyncIterable<string[]>): AsyncGenerator<string[]> {
  let batch: string[] = [];
  let bytes = 0;
  for await (const page of pages) {
    for (const line of page) {
      batch.push(line);
      bytes += line.length;
      if (batch.length >= batchRows || bytes >= batchBytes) {
        yield batch;
        batch = [];
        bytes = 0;
      }
    }
  }
  if (batch.length) yield batch;
}

const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

/**
 * Inserts the dumped rows of one table; answers the number of rows read and checks that the table
 * then holds exactly as many (a row lost to a conflict would show here).
 */
export async function loadTable(trx: AnyTrx, t: TableInfo, dumped: readonly ColumnInfo[], pages: AsyncIterable<string[]>): Promise<number> {
  const cols = t.columns.filter((c) => !c.generated).map((c) => c.name);
  const have = new Set(dumped.filter((c) => !c.generated).map((c) => c.name));
  if (cols.length !== have.size || !cols.every((c) => have.has(c))) {
    throw new Error(`表 ${t.name} 的列与备份中的不同（备份：${[...have].join(', ')}；当前：${cols.join(', ')}）`);
  }
  const table = ident(t.name);
  const list = cols.map(ident).join(', ');
  const rList = cols.map((c) => `r.${ident(c)}`).join(', ');
  // rows a migration put there (seed rows) are in the dump too: keep them, skip the duplicates
  const seeded = (await sql.raw<{ e: boolean }>(`select exists (select 1 from ${table}) as e`).execute(trx)).rows[0]?.e === true;
  let lines = 0;
  if (t.selfReferences.length === 0) {
    const head = sql.raw(
      `insert into ${table} (${list}) overriding system value select ${list} from json_populate_recordset(null::${table}, `,
    );
    const tail = sql.raw(`::json)${seeded ? ' on conflict do nothing' : ''}`);
    for await (const batch of batches(pages)) {
      lines += batch.length;
      await sql`${head}${`[${batch.join(',')}]`}${tail}`.execute(trx);
    }
  } else {
    lines = await loadSelfReferencing(trx, t, list, rList, pages);
  }
  const n = Number((await sql.raw<{ n: number | string }>(`select count(*) as n from ${table}`).execute(trx)).rows[0]?.n ?? 0);
  if (n !== lines && !seeded) throw new Error(`表 ${t.name} 载入后有 ${n} 行，备份中为 ${lines} 行`);
  return lines;
}

/**
 * A table whose foreign key names itself (agency.parent_id): the rows are staged, then inserted in
 * rounds, each taking the rows whose referenced row is already in (or that reference nothing, or
 * themselves), so parents always precede their children whatever the primary-key order.
 */
async function loadSelfReferencing(
  trx: AnyTrx,
  t: TableInfo,
  list: string,
  rList: string,
  pages: AsyncIterable<string[]>,
): Promise<number> {
  const table = ident(t.name);
  await sql.raw('create temp table if not exists backup_stage (doc json) on commit drop').execute(trx);
  await sql.raw('truncate backup_stage').execute(trx);
  let lines = 0;
  for await (const batch of batches(pages)) {
    lines += batch.length;
    await sql`insert into backup_stage select value from json_array_elements(${`[${batch.join(',')}]`}::json)`.execute(trx);
  }
  const row = (alias: string, cs: string[]) => `(${cs.map((c) => `${alias}.${ident(c)}`).join(', ')})`;
  const pk = t.primaryKey.length ? t.primaryKey : t.columns.filter((c) => !c.generated).map((c) => c.name);
  const ready = t.selfReferences
    .map(
      (fk) =>
        `(${fk.columns.map((c) => `r.${ident(c)} is null`).join(' or ')} or ${row('r', fk.columns)} = ${row('r', fk.refColumns)}` +
        ` or exists (select 1 from ${table} p where ${row('p', fk.refColumns)} = ${row('r', fk.columns)}))`,
    )
    .join(' and ');
  const round = `insert into ${table} (${list}) overriding system value
    select ${rList} from backup_stage s cross join lateral json_populate_record(null::${table}, s.doc) r
    where not exists (select 1 from ${table} x where ${row('x', pk)} = ${row('r', pk)}) and ${ready}`;
  let inserted = 0;
  for (;;) {
    const n = affected(await sql.raw(round).execute(trx));
    if (n === 0) break;
    inserted += n;
  }
  if (inserted !== lines) throw new Error(`表 ${t.name} 有 ${lines - inserted} 行所引用的上级行不在备份中，无法载入`);
  return lines;
}

/** Splits a byte stream of JSON lines into pages of lines (a newline never occurs inside UTF-8 or JSON text). */
export async function* jsonLines(body: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    const buf: Buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    const end = buf.lastIndexOf(0x0a);
    if (end < 0) {
      rest = buf;
      continue;
    }
    rest = buf.subarray(end + 1);
    yield buf.toString('utf8', 0, end).split('\n');
  }
  if (rest.length) yield [rest.toString('utf8')];
}
