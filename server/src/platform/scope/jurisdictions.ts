import { sql } from 'kysely';
import type { AppContext } from '../context';
import { type AnyDb, type AnyTrx, own } from '../db/tables';
import { AppError, conflict, notFound } from '../errors';
import type { JournalActor } from '../journal/append';
import { inScope, type Scope, subtreeOf } from './scope';
import type { JurisdictionLevel, JurisdictionTable, ScopeTables } from './tables';

export interface JurisdictionView {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
}

export function toJurisdictionView(r: JurisdictionTable): JurisdictionView {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code };
}

/** The jurisdictions the caller may see: the subtree of a bureau or administrator; an agency's staff see their own. */
export async function listJurisdictions(ctx: AppContext, scope: Scope) {
  const tree = own<ScopeTables>(ctx.db);
  let q = tree.selectFrom('jurisdiction').selectAll();
  q = scope.kind === 'agency' ? q.where('code', '=', scope.root) : q.where(inScope(scope, { jurisdiction: 'code' }));
  const rows = await q.orderBy('code').execute();
  return { items: rows.map(toJurisdictionView) };
}

/** One jurisdiction by code (for names and existence checks of other parts). */
export async function findJurisdiction(db: AnyDb, code: string): Promise<JurisdictionView | undefined> {
  const row = await own<ScopeTables>(db).selectFrom('jurisdiction').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toJurisdictionView(row);
}

/** Names of the given jurisdictions (accounts, agencies and journal entries carry plain codes). */
export async function jurisdictionNames(db: AnyDb, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await own<ScopeTables>(db).selectFrom('jurisdiction').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Whether a jurisdiction lies in the caller's scope (a target of a create must: else the new record would be invisible to its author). */
export async function jurisdictionInScope(db: AnyDb, scope: Scope, code: string): Promise<boolean> {
  if (scope.kind === 'all') return true;
  if (scope.kind !== 'subtree') return scope.kind === 'agency' && scope.root === code;
  const row = await own<ScopeTables>(db)
    .selectFrom('jurisdiction')
    .select('code')
    .where('code', '=', code)
    .where(sql<boolean>`code in ${subtreeOf(scope.root)}`)
    .executeTakeFirst();
  return !!row;
}

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });

export interface CreateJurisdictionInput {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode?: string | null | undefined;
}

/**
 * Adds a jurisdiction below one in the caller's scope (a platform-wide account may add a root).
 * A parent outside the scope is answered like a missing one (404), so the tree beyond it stays unseen.
 */
export async function insertJurisdiction(trx: AnyTrx, ctx: AppContext, by: JournalActor, scope: Scope, input: CreateJurisdictionInput) {
  const tree = own<ScopeTables>(trx);
  if (input.parentCode && !(await jurisdictionInScope(trx, scope, input.parentCode))) {
    if (await findJurisdiction(trx, input.parentCode)) throw notFound('上级行政区划', { parentCode: input.parentCode });
    throw invalid('parentCode', `上级行政区划 ${input.parentCode} 不存在`);
  }
  if (!input.parentCode && scope.kind !== 'all') throw invalid('parentCode', '请选择上级行政区划（只有全平台账户可新增顶级区划）');
  if (await tree.selectFrom('jurisdiction').select('code').where('code', '=', input.code).executeTakeFirst()) {
    throw conflict(`行政区划代码 ${input.code} 已存在`, { field: 'code' });
  }
  const row: JurisdictionTable = {
    code: input.code,
    name: input.name,
    level: input.level,
    parent_code: input.parentCode ?? null,
    created_at: ctx.clock.now(),
  };
  await tree.insertInto('jurisdiction').values(row).execute();
  await ctx.journal.append(trx, {
    actor: by,
    action: 'jurisdiction.create',
    entity: { type: 'jurisdiction', id: input.code },
    payload: input,
  });
  return toJurisdictionView(row);
}

/** The jurisdiction and its ancestors, nearest first (at most a few levels): where settings and procedure versions are looked up. */
export async function jurisdictionChain(db: AnyDb, code: string | null): Promise<JurisdictionView[]> {
  const chain: JurisdictionView[] = [];
  let next = code;
  while (next && chain.length < 10) {
    const j = await findJurisdiction(db, next);
    if (!j) break;
    chain.push(j);
    next = j.parentCode;
  }
  return chain;
}
