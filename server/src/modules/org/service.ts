import { randomUUID } from 'node:crypto';
import { type Actor, journalActor } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { assertVersion } from '../../platform/http/if-match';
import type { JournalActor } from '../../platform/journal/append';
import {
  findJurisdiction,
  inScope,
  insertJurisdiction as insertScopedJurisdiction,
  jurisdictionInScope,
  scopeOf,
} from '../../platform/scope';
import { nameSortKey } from '../../platform/sort-key';
import { assertNoPersonalData, findPersonalDataInFields, knownPersonalData, noteLabels } from '../disclosure';
import { isEditorOf, isSupervisorOf, personOf } from './access';
import { orgDb } from './db';
import { agencyKindLabels, usccProblem } from './rules';
import type { AgencyFields, AgencyView, CreateAgencyBody, CreateJurisdictionBody, UpdateAgencyBody } from './schema';
import type { AgencyTable } from './tables';

type Db = AnyDb;

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const jsonList = (v: string[] | string): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : v);

export function agencyFields(r: AgencyTable): AgencyFields {
  return {
    name: r.name,
    kind: r.kind,
    isSupervising: r.is_supervising,
    jurisdictionCode: r.jurisdiction_code,
    parentId: r.parent_id,
    legalBasis: r.legal_basis,
    uscc: r.uscc,
    address: r.address,
    phone: r.phone,
    domains: jsonList(r.domains),
    legalOffice: r.legal_office,
    entrustingAgencyId: r.entrusting_agency_id,
    abolished: r.abolished,
  };
}

export function toAgencyView(r: AgencyTable): AgencyView {
  return {
    id: r.id,
    ...agencyFields(r),
    kindLabel: agencyKindLabels[r.kind],
    version: r.version,
    confirmedVersion: r.confirmed_version,
    state: r.confirmed_version === r.version ? 'confirmed' : 'pending',
    pendingSince: iso(r.pending_since),
    confirmedAt: iso(r.confirmed_at),
  };
}

/** How an agency row is placed in the jurisdiction tree (platform/scope). */
export const agencyColumns = { agency: 'agency.id', jurisdiction: 'agency.jurisdiction_code' } as const;

/** Agencies in the caller's scope (ADR 0007): the own agency; the bureau and administrators their subtree; platform-wide all. */
export async function listAgencies(ctx: AppContext, actor: Actor) {
  const rows = await orgDb(ctx.db)
    .selectFrom('agency')
    .selectAll()
    .where(inScope(scopeOf(actor), agencyColumns))
    .orderBy('is_supervising', 'desc')
    .orderBy('name_sort_key') // pinyin order (issue 7 §9)
    .orderBy('id')
    .execute();
  return { items: rows.map(toAgencyView) };
}

/** What other modules know of an agency (they never query org's tables: ADR 0007). */
export interface AgencyRef {
  id: string;
  name: string;
  jurisdictionCode: string;
  isSupervising: boolean;
}

const refOf = (r: Pick<AgencyTable, 'id' | 'name' | 'jurisdiction_code' | 'is_supervising'>): AgencyRef => ({
  id: r.id,
  name: r.name,
  jurisdictionCode: r.jurisdiction_code,
  isSupervising: r.is_supervising,
});
const refColumns = ['agency.id', 'agency.name', 'agency.jurisdiction_code', 'agency.is_supervising'] as const;

/** One agency by id, without a caller (the demo loader, names of owners); callers on behalf of a person use `findAgencyInScope`. */
export async function findAgency(db: AnyDb, id: string): Promise<AgencyRef | undefined> {
  const r = await orgDb(db).selectFrom('agency').select(refColumns).where('agency.id', '=', id).executeTakeFirst();
  return r && refOf(r);
}

/** One agency in the caller's scope; undefined outside it (the caller answers 404). */
export async function findAgencyInScope(db: AnyDb, actor: Actor, id: string): Promise<AgencyRef | undefined> {
  const r = await orgDb(db)
    .selectFrom('agency')
    .select(refColumns)
    .where('agency.id', '=', id)
    .where(inScope(scopeOf(actor), agencyColumns))
    .executeTakeFirst();
  return r && refOf(r);
}

/** Every agency in the caller's scope. */
export async function agencyRefsInScope(db: AnyDb, actor: Actor): Promise<AgencyRef[]> {
  const rows = await orgDb(db)
    .selectFrom('agency')
    .select(refColumns)
    .where(inScope(scopeOf(actor), agencyColumns))
    .execute();
  return rows.map(refOf);
}

/** Names of the given agencies (accounts, the audit log). */
export async function agencyNames(db: AnyDb, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await orgDb(db).selectFrom('agency').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Ids of agencies whose name contains the text. */
export async function agenciesNamed(db: AnyDb, text: string): Promise<string[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await orgDb(db).selectFrom('agency').select('id').where('name', 'like', like).execute();
  return rows.map((r) => r.id);
}

/** The justice bureaus (supervising agencies) of one jurisdiction. */
export async function bureausOf(db: AnyDb, jurisdictionCode: string): Promise<string[]> {
  const rows = await orgDb(db)
    .selectFrom('agency')
    .select('id')
    .where('jurisdiction_code', '=', jurisdictionCode)
    .where('is_supervising', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/** One agency in the caller's scope, or 404 (out of scope is the same as missing). */
export async function agencyInScope(db: Db, actor: Actor, id: string): Promise<AgencyTable> {
  const row = await orgDb(db)
    .selectFrom('agency')
    .selectAll()
    .where('agency.id', '=', id)
    .where(inScope(scopeOf(actor), agencyColumns))
    .executeTakeFirst();
  if (!row) throw notFound('执法主体', { id });
  return row;
}

export async function getAgency(ctx: AppContext, actor: Actor, id: string) {
  return toAgencyView(await agencyInScope(ctx.db, actor, id));
}

export async function agencyVersions(ctx: AppContext, actor: Actor, id: string) {
  const agency = await agencyInScope(ctx.db, actor, id);
  const rows = await orgDb(ctx.db)
    .selectFrom('agency_version')
    .selectAll()
    .where('agency_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return {
    items: rows.map((r) => ({
      version: r.version,
      reason: r.reason,
      changedBy: r.changed_by,
      changedAt: new Date(r.changed_at).toISOString(),
      confirmed: agency.confirmed_version !== null && r.version <= agency.confirmed_version,
      snapshot: (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as AgencyFields,
    })),
  };
}

/** Checks an agency's fields together (R-D01): USCC check character, kind and entrusting agency, parent. */
/** The Chinese labels of an agency's free-text fields, all published in the directory (R-D01). */
const agencyTextLabels = {
  name: '执法主体名称',
  legalBasis: '职权依据',
  uscc: '统一社会信用代码',
  address: '地址',
  phone: '联系电话',
  domains: '执法领域',
  legalOffice: '法制机构名称',
} as const;

/**
 * R-D01/R-D02: the directory shows an agency's own channels only; a mobile number (a person's),
 * an ID number or a card number in any of its free-text fields is refused, naming the field.
 */
async function checkAgencyPersonalData(trx: Db, f: AgencyFields) {
  const texts = Object.fromEntries(Object.keys(agencyTextLabels).map((k) => [k, f[k as keyof AgencyFields]]));
  const hit = findPersonalDataInFields(texts, await knownPersonalData(trx, f.jurisdictionCode, texts))[0];
  if (!hit) return;
  const label = agencyTextLabels[hit.field.split('.')[0] as keyof typeof agencyTextLabels];
  throw invalid(hit.field, `${label}${hit.message}；执法主体名录公开，不得含有个人信息`);
}

async function validateAgency(trx: Db, f: AgencyFields, selfId: string | null) {
  await checkAgencyPersonalData(trx, f);
  if (f.uscc !== null) {
    const problem = usccProblem(f.uscc);
    if (problem) throw invalid('uscc', problem);
    const dup = await orgDb(trx).selectFrom('agency').select(['id', 'name']).where('uscc', '=', f.uscc).executeTakeFirst();
    if (dup && dup.id !== selfId) throw conflict(`统一社会信用代码 ${f.uscc} 已由“${dup.name}”使用`, { field: 'uscc' });
  }
  if (f.kind === 'entrusted_org' && !f.entrustingAgencyId)
    throw invalid('entrustingAgencyId', '受委托组织须填写委托机关（委托机关承担法律责任）');
  if (f.kind !== 'entrusted_org' && f.entrustingAgencyId) throw invalid('entrustingAgencyId', '只有受委托组织才有委托机关');
  for (const [field, id] of [
    ['parentId', f.parentId],
    ['entrustingAgencyId', f.entrustingAgencyId],
  ] as const) {
    if (!id) continue;
    if (id === selfId) throw invalid(field, '不能指向本机关自身');
    const other = await orgDb(trx).selectFrom('agency').select(['id', 'jurisdiction_code']).where('id', '=', id).executeTakeFirst();
    if (!other) throw invalid(field, '指定的机关不存在');
  }
}

async function writeAgencyVersion(trx: AnyTrx, id: string, version: number, f: AgencyFields, reason: string, by: JournalActor, at: Date) {
  assertNoPersonalData({ reason }, noteLabels);
  await orgDb(trx)
    .insertInto('agency_version')
    .values({ agency_id: id, version, snapshot: JSON.stringify(f), reason, changed_by: personOf(by), changed_at: at })
    .execute();
}

export async function insertAgency(trx: AnyTrx, ctx: AppContext, by: JournalActor, input: CreateAgencyBody) {
  if (!(await findJurisdiction(trx, input.jurisdictionCode))) {
    throw invalid('jurisdictionCode', `行政区划 ${input.jurisdictionCode} 不存在`);
  }
  if (await orgDb(trx).selectFrom('agency').select('id').where('name', '=', input.name).executeTakeFirst()) {
    throw conflict(`执法主体“${input.name}”已存在`, { field: 'name' });
  }
  const fields: AgencyFields = {
    name: input.name,
    kind: input.kind,
    isSupervising: input.isSupervising ?? false,
    jurisdictionCode: input.jurisdictionCode,
    parentId: input.parentId ?? null,
    legalBasis: input.legalBasis ?? null,
    uscc: input.uscc ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    domains: input.domains ?? [],
    legalOffice: input.legalOffice ?? null,
    entrustingAgencyId: input.entrustingAgencyId ?? null,
    abolished: false,
  };
  await validateAgency(trx, fields, null);
  const now = ctx.clock.now();
  const row: AgencyTable = {
    id: randomUUID(),
    name: fields.name,
    name_sort_key: nameSortKey(fields.name),
    kind: fields.kind,
    is_supervising: fields.isSupervising,
    jurisdiction_code: fields.jurisdictionCode,
    parent_id: fields.parentId,
    created_at: now,
    legal_basis: fields.legalBasis,
    uscc: fields.uscc,
    address: fields.address,
    phone: fields.phone,
    domains: JSON.stringify(fields.domains),
    legal_office: fields.legalOffice,
    entrusting_agency_id: fields.entrustingAgencyId,
    abolished: false,
    version: 1,
    confirmed_version: null,
    confirmed_at: null,
    confirmed_by: null,
    pending_since: now,
    updated_at: now,
  };
  await orgDb(trx).insertInto('agency').values(row).execute();
  await writeAgencyVersion(trx, row.id, 1, fields, '新增执法主体', by, now);
  await ctx.journal.append(trx, { actor: by, action: 'agency.create', entity: { type: 'agency', id: row.id }, payload: input });
  return toAgencyView({ ...row, domains: fields.domains });
}

/** A new version of the agency with the reason; pending until the justice bureau confirms it. */
export async function reviseAgency(trx: AnyTrx, ctx: AppContext, by: JournalActor, id: string, input: UpdateAgencyBody) {
  const current = await orgDb(trx).selectFrom('agency').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  const before = agencyFields(current);
  const { reason, ...changes } = input;
  const after: AgencyFields = { ...before };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) (after as Record<string, unknown>)[k] = v;
  const changed = (Object.keys(after) as (keyof AgencyFields)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
  if (changed.length === 0) throw new AppError('VALIDATION_FAILED', '没有任何修改', { fields: [] });
  if (after.name !== before.name && (await orgDb(trx).selectFrom('agency').select('id').where('name', '=', after.name).executeTakeFirst()))
    throw conflict(`执法主体“${after.name}”已存在`, { field: 'name' });
  await validateAgency(trx, after, id);
  const now = ctx.clock.now();
  const version = current.version + 1;
  await orgDb(trx)
    .updateTable('agency')
    .set({
      name: after.name,
      name_sort_key: nameSortKey(after.name),
      kind: after.kind,
      parent_id: after.parentId,
      legal_basis: after.legalBasis,
      uscc: after.uscc,
      address: after.address,
      phone: after.phone,
      domains: JSON.stringify(after.domains),
      legal_office: after.legalOffice,
      entrusting_agency_id: after.entrustingAgencyId,
      abolished: after.abolished,
      version,
      pending_since: current.pending_since ?? now,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  await writeAgencyVersion(trx, id, version, after, reason, by, now);
  const diff = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }]));
  await ctx.journal.append(trx, { actor: by, action: 'agency.update', entity: { type: 'agency', id }, payload: { version, reason, diff } });
  return toAgencyView(await orgDb(trx).selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export async function updateAgency(ctx: AppContext, actor: Actor, id: string, input: UpdateAgencyBody, expected: number) {
  return ctx.db.transaction().execute(async (trx) => {
    await agencyInScope(trx, actor, id);
    const agency = await orgDb(trx).selectFrom('agency').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const last = await orgDb(trx)
      .selectFrom('agency_version')
      .select(['changed_by', 'changed_at'])
      .where('agency_id', '=', id)
      .where('version', '=', agency.version)
      .executeTakeFirst();
    assertVersion(`执法主体“${agency.name}”`, expected, {
      version: agency.version,
      changedBy: last?.changed_by ?? null,
      changedAt: last?.changed_at ?? null,
    });
    const mayEdit =
      actor.roles.includes('system_admin') ||
      isSupervisorOf(actor, agency) ||
      (isEditorOf(actor, agency) && actor.roles.includes('agency_head'));
    if (!mayEdit) throw forbidden('修改该执法主体的信息');
    return reviseAgency(trx, ctx, journalActor(actor), id, input);
  });
}

/** The public directory entry of one confirmed agency version (publicSchemas.agencies). */
export function directoryEntry(id: string, f: AgencyFields, names: Map<string, string>, jurisdictionName: string | null) {
  return {
    subjectId: id,
    label: f.name,
    content: {
      name: f.name,
      kind: f.kind,
      kindLabel: agencyKindLabels[f.kind],
      legalBasis: f.legalBasis,
      jurisdictionCode: f.jurisdictionCode,
      jurisdictionName,
      uscc: f.uscc,
      address: f.address,
      phone: f.phone,
      domains: f.domains,
      legalOffice: f.legalOffice,
      parentName: f.parentId ? (names.get(f.parentId) ?? null) : null,
      entrustingAgencyName: f.entrustingAgencyId ? (names.get(f.entrustingAgencyId) ?? null) : null,
    },
    searchExtra: [f.legalOffice, f.domains.join(' '), f.address].filter(Boolean).join(' '),
    sortKey: `${f.isSupervising ? '0' : '1'}${nameSortKey(f.name)}`,
  };
}

export const createJurisdiction = (ctx: AppContext, actor: Actor, input: CreateJurisdictionBody) =>
  ctx.db.transaction().execute((trx) => insertScopedJurisdiction(trx, ctx, journalActor(actor), scopeOf(actor), input));

/** The installer's and the demo loader's path (no caller, so no scope): the tree is platform-wide. */
export const insertJurisdiction = (trx: AnyTrx, ctx: AppContext, by: JournalActor, input: CreateJurisdictionBody) =>
  insertScopedJurisdiction(trx, ctx, by, { kind: 'all' }, input);

/**
 * A new agency goes only into a jurisdiction of the caller's scope (ADR 0007): otherwise its author
 * could not see what they made. The system administrator of a district, like its bureau, adds
 * agencies of the district's subtree; a platform-wide account anywhere. Outside: 404, like a missing code.
 */
export const createAgency = (ctx: AppContext, actor: Actor, input: CreateAgencyBody) =>
  ctx.db.transaction().execute(async (trx) => {
    const scope = scopeOf(actor);
    if (scope.kind === 'agency' || !(await jurisdictionInScope(trx, scope, input.jurisdictionCode)))
      throw notFound('行政区划', { jurisdictionCode: input.jurisdictionCode });
    return insertAgency(trx, ctx, journalActor(actor), input);
  });

/** What a case needs of its agency (issue 8; 行政处罚法 第三十八条: a lawful subject). */
export async function agencyForCases(db: AnyDb, id: string) {
  const r = await orgDb(db)
    .selectFrom('agency')
    .select(['id', 'name', 'kind', 'abolished', 'jurisdiction_code', 'is_supervising'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r
    ? {
        id: r.id,
        name: r.name,
        kind: r.kind as string,
        abolished: r.abolished,
        jurisdictionCode: r.jurisdiction_code,
        isSupervising: r.is_supervising,
      }
    : null;
}
