import { sql } from 'kysely';
import type { AnyDb } from '../db/tables';
import { loadOrder } from './order';

/**
 * What a logical dump needs to know of the schema, read from pg_catalog so that tables added by
 * later migrations are included without code changes (issue 10 §4). Tables of the current schema
 * only (partitions are reached through their parent); `schema_migration` is the migrations' own
 * record and travels in the manifest instead.
 */
export interface ColumnInfo {
  name: string;
  type: string;
  /** GENERATED ALWAYS AS (…) STORED: recomputed on insert, never loaded */
  generated: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** other tables named by this table's foreign keys */
  references: string[];
  /** foreign keys to the table itself: column lists, referencing and referenced */
  selfReferences: { columns: string[]; refColumns: string[] }[];
  /** user triggers that fire on INSERT (disabled while loading: the rows are already final) */
  insertTriggers: boolean;
}

export const migrationTable = 'schema_migration';

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface ConstraintRow {
  type: 'p' | 'f';
  table: string;
  ref: string | null;
  cols: string[];
  refcols: string[];
}

/** Every table of the current schema, in load order (foreign keys). */
export async function readCatalog(db: AnyDb): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition`.execute(db);
  const columns = await sql<{ table: string; name: string; type: string; generated: boolean }>`
    select c.relname as table, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attgenerated <> '' as generated
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
    order by c.relname, a.attnum`.execute(db);
  const constraints = await sql<ConstraintRow>`
    select k.contype as type, c.relname as table, f.relname as ref,
      array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as cols,
      array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i)
            join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) as refcols
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    left join pg_class f on f.oid = k.confrelid
    where n.nspname = current_schema() and k.contype in ('p', 'f')`.execute(db);
  const triggers = await sql<{ table: string }>`
    select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and not t.tgisinternal and (t.tgtype & 4) <> 0`.execute(db);

  const withTriggers = new Set(triggers.rows.map((r) => r.table));
  const byName = new Map<string, TableInfo>();
  for (const { name } of tables.rows) {
    if (name === migrationTable) continue;
    byName.set(name, { name, columns: [], primaryKey: [], references: [], selfReferences: [], insertTriggers: withTriggers.has(name) });
  }
  for (const c of columns.rows) byName.get(c.table)?.columns.push({ name: c.name, type: c.type, generated: c.generated });
  for (const k of constraints.rows) {
    const t = byName.get(k.table);
    if (!t) continue;
    if (k.type === 'p') t.primaryKey = k.cols;
    else if (k.ref === k.table) t.selfReferences.push({ columns: k.cols, refColumns: k.refcols });
    else if (k.ref && !t.references.includes(k.ref)) t.references.push(k.ref);
  }
  return loadOrder([...byName.values()]).map((n) => byName.get(n) as TableInfo);
}

/** Sequences of the current schema (identity and serial columns, and free-standing ones). */
export async function readSequenceNames(db: AnyDb): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Tables (other than the migrations' record) present in the current schema: an empty database has none. */
export async function userTables(db: AnyDb): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
      and c.relkind in ('r', 'p', 'v', 'm', 'S') order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}
