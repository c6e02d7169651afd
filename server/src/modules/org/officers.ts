import { randomUUID } from 'node:crypto';
import { type Actor, accountExists, journalActor } from '../../platform/auth';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { assertVersion } from '../../platform/http/if-match';
import type { JournalActor } from '../../platform/journal/append';
import { inScope, scopeOf } from '../../platform/scope';
import { nameSortKey } from '../../platform/sort-key';
import { assertNoPersonalData, findPersonalDataInFields, type KnownPersonalData, knownPersonalData, noteLabels } from '../disclosure';
import { isEditorOf, isSupervisorOf, personOf, seesIdNumber } from './access';
import { orgDb } from './db';
import {
  canEnforceConfirmed,
  certificateStatusLabels,
  type Eligibility,
  type EnforcerFacts,
  enforcerCertificateProblem,
  idNumberProblem,
  maskIdNumber,
  trainingMeets,
} from './rules';
import type {
  AnnualReviewBody,
  CreateOfficerBody,
  OfficerListQuery,
  OfficerView,
  StatusChangeBody,
  TrainingBody,
  TrainingView,
  UpdateOfficerBody,
} from './schema';
import { agencyColumns, agencyInScope, jsonList } from './service';
import type { AgencyTable, CertificateStatus, OfficerTable } from './tables';

type Db = AnyDb;

const invalid = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The facts `canEnforce` needs, from a row. */
export function enforcerFacts(r: OfficerTable) {
  return {
    name: r.name,
    active: r.active,
    isAuxiliary: r.is_auxiliary,
    isEnforcer: r.is_enforcer,
    certificateNumber: r.certificate_number,
    status: r.status,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  };
}

/**
 * The facts of the version the justice bureau confirmed, per officer (R-P01, issue 6 §6): the row
 * itself when nothing changed since, the confirmed snapshot otherwise, null when never confirmed.
 */
export async function confirmedFacts(db: Db, rows: readonly OfficerTable[]): Promise<Map<string, EnforcerFacts | null>> {
  const facts = new Map<string, EnforcerFacts | null>();
  const older = rows.filter((r) => r.confirmed_version !== null && r.confirmed_version !== r.version);
  for (const r of rows) facts.set(r.id, r.confirmed_version === null ? null : r.confirmed_version === r.version ? enforcerFacts(r) : null);
  for (let i = 0; i < older.length; i += 500) {
    const part = older.slice(i, i + 500);
    const snaps = await orgDb(db)
      .selectFrom('officer_version')
      .select(['officer_id', 'version', 'snapshot'])
      .where((eb) => eb.or(part.map((r) => eb.and([eb('officer_id', '=', r.id), eb('version', '=', r.confirmed_version as number)]))))
      .execute();
    for (const s of snaps) {
      const v = (typeof s.snapshot === 'string' ? JSON.parse(s.snapshot) : s.snapshot) as OfficerTable;
      facts.set(s.officer_id, enforcerFacts({ ...v, domains: v.domains ?? [] }));
    }
  }
  return facts;
}

export function toOfficerView(
  r: OfficerTable,
  agencyName: string,
  showIdNumber: boolean,
  today: string,
  confirmed: EnforcerFacts | null,
): OfficerView {
  const eligible = canEnforceConfirmed(enforcerFacts(r), confirmed, today);
  return {
    id: r.id,
    agencyId: r.agency_id,
    agencyName,
    userId: r.user_id,
    name: r.name,
    post: r.post,
    domains: jsonList(r.domains),
    idNumber: showIdNumber ? r.id_number : maskIdNumber(r.id_number),
    idNumberMasked: !showIdNumber,
    certificateNumber: r.certificate_number,
    issuingBody: r.issuing_body,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    status: r.status,
    statusLabel: certificateStatusLabels[r.status],
    statusReason: r.status_reason,
    hasLegalQualification: r.has_legal_qualification,
    isEnforcer: r.is_enforcer,
    isReviewer: r.is_reviewer,
    isLegalAdviser: r.is_legal_adviser,
    isAuxiliary: r.is_auxiliary,
    active: r.active,
    version: r.version,
    pendingSince: iso(r.pending_since),
    canEnforceToday: eligible.ok,
    notEnforcerReason: eligible.ok ? null : eligible.reason,
  };
}

/** The recorded fields of one officer version (officer_version.snapshot). */
function snapshotOf(r: OfficerTable) {
  const { pending_since: _p, created_at: _c, updated_at: _u, version: _v, confirmed_version: _cv, ...rest } = r;
  return { ...rest, domains: jsonList(r.domains) };
}

/** What a submission freezes of an officer: the recorded fields, the ID number masked (R-D02). */
export function officerSnapshot(r: OfficerTable) {
  return { ...snapshotOf(r), id_number: maskIdNumber(r.id_number) };
}

const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

/** One officer's view with the confirmed facts looked up. */
export async function viewOf(db: Db, r: OfficerTable, agencyName: string, showIdNumber: boolean, day: string) {
  return toOfficerView(r, agencyName, showIdNumber, day, (await confirmedFacts(db, [r])).get(r.id) ?? null);
}

// ---------------------------------------------------------------------------------------------
// R-P01: the guard other modules use

/** R-P01 for one officer id: throws with the Chinese reason when the officer may not enforce on `onDate`. */
export async function assertEligibleEnforcer(db: Db, officerId: string, onDate: string): Promise<void> {
  const row = await orgDb(db).selectFrom('officer').selectAll().where('id', '=', officerId).executeTakeFirst();
  if (!row) throw notFound('执法人员', { officerId });
  const confirmed = (await confirmedFacts(db, [row])).get(row.id) ?? null;
  const result: Eligibility = canEnforceConfirmed(enforcerFacts(row), confirmed, onDate);
  if (!result.ok)
    throw new AppError('VALIDATION_FAILED', result.reason, { officerId, fields: [{ field: 'officerId', message: result.reason }] });
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function officerInScope(db: Db, actor: Actor, id: string) {
  const row = await orgDb(db).selectFrom('officer').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('人员', { id });
  const agency = await orgDb(db)
    .selectFrom('agency')
    .selectAll()
    .where('agency.id', '=', row.agency_id)
    .where(inScope(scopeOf(actor), agencyColumns))
    .executeTakeFirst();
  if (!agency) throw notFound('人员', { id });
  return { row, agency };
}

/** Opaque cursor: the (name sort key, id) of the last row of the page. */
function encodeCursor(sortKey: string, id: string) {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {}
  throw invalid('cursor', '分页游标无效，请从第一页重新查询');
}

/** Officers in the caller's scope: own agency; the justice bureau sees its whole jurisdiction. */
export async function listOfficers(ctx: AppContext, actor: Actor, query: OfficerListQuery) {
  let q = orgDb(ctx.db)
    .selectFrom('officer')
    .innerJoin('agency', 'agency.id', 'officer.agency_id')
    .selectAll('officer')
    .select(['agency.name as agency_name', 'agency.jurisdiction_code']);
  q = q.where(inScope(scopeOf(actor), agencyColumns));
  // an agency named in the query is out of scope → 404, as the document says and the catalog's lists do,
  // not an empty list that reads like "no officers" (issue 7 §2; found by the generated authorization matrix)
  if (query.agencyId) await agencyInScope(ctx.db, actor, query.agencyId);
  if (query.agencyId) q = q.where('officer.agency_id', '=', query.agencyId);
  if (query.status) q = q.where('officer.status', '=', query.status);
  if (query.pending) q = q.where('officer.pending_since', 'is not', null);
  if (!query.includeInactive) q = q.where('officer.active', '=', true);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('officer.name', 'like', like), eb('officer.certificate_number', 'like', like)]));
  }
  if (query.cursor) {
    const [key, id] = decodeCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([eb('officer.name_sort_key', '>', key), eb.and([eb('officer.name_sort_key', '=', key), eb('officer.id', '>', id)])]),
    );
  }
  // pinyin order (issue 7 §9): 阿 < 李 < 王 < 张
  const rows = await q
    .orderBy('officer.name_sort_key')
    .orderBy('officer.id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const d = today(ctx);
  const last = page[page.length - 1];
  const facts = await confirmedFacts(ctx.db, page);
  return {
    items: page.map((r) =>
      toOfficerView(
        r,
        r.agency_name,
        seesIdNumber(actor, { id: r.agency_id, jurisdiction_code: r.jurisdiction_code }),
        d,
        facts.get(r.id) ?? null,
      ),
    ),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.name_sort_key ?? '', last.id) : null,
  };
}

export async function getOfficer(ctx: AppContext, actor: Actor, id: string) {
  const { row, agency } = await officerInScope(ctx.db, actor, id);
  const [history, reviews, versions] = await Promise.all([
    orgDb(ctx.db).selectFrom('officer_status_change').selectAll().where('officer_id', '=', id).orderBy('id').execute(),
    orgDb(ctx.db).selectFrom('officer_annual_review').selectAll().where('officer_id', '=', id).orderBy('year').orderBy('id').execute(),
    orgDb(ctx.db)
      .selectFrom('officer_version')
      .select(['version', 'reason', 'changed_by', 'changed_at'])
      .where('officer_id', '=', id)
      .orderBy('version', 'desc')
      .execute(),
  ]);
  return {
    officer: await viewOf(ctx.db, row, agency.name, seesIdNumber(actor, agency), today(ctx)),
    statusHistory: history.map((h) => ({
      fromStatus: h.from_status,
      toStatus: h.to_status,
      reason: h.reason,
      changedBy: h.changed_by,
      changedAt: new Date(h.changed_at).toISOString(),
    })),
    annualReviews: reviews.map((r) => ({
      year: r.year,
      result: r.result,
      note: r.note,
      recordedBy: r.recorded_by,
      recordedAt: new Date(r.recorded_at).toISOString(),
    })),
    versions: versions.map((v) => ({
      version: v.version,
      reason: v.reason,
      changedBy: v.changed_by,
      changedAt: new Date(v.changed_at).toISOString(),
      confirmed: row.pending_since === null || v.version < row.version,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The officer locked for an edit, at the version the caller loaded (If-Match, issue 6 §3). */
async function lockedOfficer(trx: AnyTrx, actor: Actor, id: string, expected: number): Promise<OfficerTable> {
  await officerInScope(trx, actor, id);
  const row = await orgDb(trx).selectFrom('officer').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  const last = await orgDb(trx)
    .selectFrom('officer_version')
    .select(['changed_by', 'changed_at'])
    .where('officer_id', '=', id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  assertVersion(`人员“${row.name}”`, expected, {
    version: row.version,
    changedBy: last?.changed_by ?? null,
    changedAt: last?.changed_at ?? null,
  });
  return row;
}

/** Field checks shared by create and update (R-P01, GB 11643). */
/** The Chinese labels of an officer's free-text fields, all of them published or shown (R-D02). */
const officerTextLabels = {
  name: '姓名',
  post: '职务/岗位',
  domains: '执法领域',
  certificateNumber: '执法证件号',
  issuingBody: '发证机关',
} as const;

/**
 * R-D02: the first free-text field of an officer holding personal data (an ID number, a mobile
 * or card number, or an ID number recorded for a person of the jurisdiction), as a field problem;
 * the `idNumber` field itself is meant to hold one and is not read.
 */
export function officerPersonalDataProblem(r: OfficerTable, known?: KnownPersonalData): { field: string; message: string } | null {
  const texts = {
    name: r.name,
    post: r.post,
    domains: jsonList(r.domains),
    certificateNumber: r.certificate_number,
    issuingBody: r.issuing_body,
  } satisfies Record<keyof typeof officerTextLabels, unknown>;
  const hit = findPersonalDataInFields(texts, known)[0];
  if (!hit) return null;
  const label = officerTextLabels[hit.field.split('.')[0] as keyof typeof officerTextLabels];
  return { field: hit.field, message: `${label}${hit.message}，个人信息不得公示` };
}

export async function validateOfficer(db: Db, r: OfficerTable) {
  const problem = idNumberProblem(r.id_number);
  if (problem) throw invalid('idNumber', problem);
  const agency = await orgDb(db).selectFrom('agency').select('jurisdiction_code').where('id', '=', r.agency_id).executeTakeFirst();
  const texts = [r.name, r.post, r.domains, r.certificate_number, r.issuing_body];
  const personal = officerPersonalDataProblem(r, agency ? await knownPersonalData(db, agency.jurisdiction_code, texts) : undefined);
  if (personal) throw invalid(personal.field, personal.message);
  if (r.is_auxiliary && r.is_enforcer) throw invalid('isEnforcer', '执法辅助人员不能作为执法人员');
  const certificate = enforcerCertificateProblem({
    isEnforcer: r.is_enforcer,
    certificateNumber: r.certificate_number,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  });
  if (certificate) throw invalid(certificate.field, certificate.message);
  if (r.valid_from && r.valid_until && r.valid_until < r.valid_from) throw invalid('validUntil', '有效期截止日早于起始日');
  if (r.user_id && !(await accountExists(db, r.user_id))) throw invalid('userId', '关联的用户账户不存在');
  if (r.active) {
    const dupId = await orgDb(db)
      .selectFrom('officer')
      .select('id')
      .where('agency_id', '=', r.agency_id)
      .where('id_number', '=', r.id_number)
      .where('active', '=', true)
      .where('id', '<>', r.id)
      .executeTakeFirst();
    if (dupId) throw conflict('本机关已有该公民身份号码的在岗人员', { field: 'idNumber' });
    if (r.certificate_number) {
      const dupCert = await orgDb(db)
        .selectFrom('officer')
        .select('id')
        .where('certificate_number', '=', r.certificate_number)
        .where('active', '=', true)
        .where('id', '<>', r.id)
        .executeTakeFirst();
      if (dupCert) throw conflict(`执法证件号 ${r.certificate_number} 已被使用`, { field: 'certificateNumber' });
    }
  }
}

export async function writeOfficerVersion(trx: AnyTrx, r: OfficerTable, reason: string, by: JournalActor, at: Date) {
  assertNoPersonalData({ reason }, noteLabels);
  await orgDb(trx)
    .insertInto('officer_version')
    .values({
      officer_id: r.id,
      version: r.version,
      snapshot: JSON.stringify(snapshotOf(r)),
      reason,
      changed_by: personOf(by),
      changed_at: at,
    })
    .execute();
}

export async function editableAgency(db: Db, actor: Actor, agencyId: string, orSupervisor = false): Promise<AgencyTable> {
  const agency = await agencyInScope(db, actor, agencyId);
  if (!isEditorOf(actor, agency) && !(orSupervisor && isSupervisorOf(actor, agency)))
    throw forbidden('维护其他机关的人员信息（由该机关的负责人、公示审核人员或法制审核人员维护）');
  return agency;
}

/** Creates an officer record; it is pending until the justice bureau confirms the agency's list. */
export async function insertOfficer(trx: AnyTrx, ctx: AppContext, by: JournalActor, input: CreateOfficerBody) {
  const now = ctx.clock.now();
  const row = newOfficerRow(input.agencyId, input, now);
  await validateOfficer(trx, row);
  await orgDb(trx)
    .insertInto('officer')
    .values({ ...row, domains: JSON.stringify(row.domains) })
    .execute();
  const reason = input.reason ?? '新增人员';
  await writeOfficerVersion(trx, row, reason, by, now);
  await orgDb(trx)
    .insertInto('officer_status_change')
    .values({ officer_id: row.id, from_status: null, to_status: row.status, reason, changed_by: personOf(by), changed_at: now })
    .execute();
  const { idNumber: _omit, ...logged } = input;
  await ctx.journal.append(trx, {
    actor: by,
    action: 'officer.create',
    entity: { type: 'officer', id: row.id },
    payload: { ...logged, idNumber: maskIdNumber(row.id_number) },
  });
  return row;
}

/** A new officer row with the defaults of a first version, pending confirmation. */
export function newOfficerRow(agencyId: string, input: Omit<CreateOfficerBody, 'agencyId' | 'reason'>, now: Date): OfficerTable {
  return {
    id: randomUUID(),
    agency_id: agencyId,
    user_id: input.userId ?? null,
    name: input.name,
    name_sort_key: nameSortKey(input.name, { person: true }),
    post: input.post ?? null,
    domains: input.domains ?? [],
    id_number: input.idNumber.toUpperCase(),
    certificate_number: input.certificateNumber ?? null,
    issuing_body: input.issuingBody ?? null,
    valid_from: input.validFrom ?? null,
    valid_until: input.validUntil ?? null,
    status: input.status ?? 'green',
    status_reason: null,
    has_legal_qualification: input.hasLegalQualification ?? false,
    is_enforcer: input.isEnforcer ?? false,
    is_reviewer: input.isReviewer ?? false,
    is_legal_adviser: input.isLegalAdviser ?? false,
    is_auxiliary: input.isAuxiliary ?? false,
    active: true,
    version: 1,
    pending_since: now,
    confirmed_version: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Inserts many new officers of one agency at once (imports, demo): rows, first versions and first
 * statuses in multi-row inserts, one journal entry for the batch. The caller has checked the
 * rows (ID numbers, R-P01 flags, duplicates); the table's constraints still hold.
 */
export async function insertOfficersBulk(
  trx: AnyTrx,
  ctx: AppContext,
  by: JournalActor,
  agencyId: string,
  rows: OfficerTable[],
  reason: string,
) {
  const now = ctx.clock.now();
  const agency = await orgDb(trx).selectFrom('agency').select('jurisdiction_code').where('id', '=', agencyId).executeTakeFirst();
  const texts = rows.map((o) => [o.name, o.post, o.domains, o.certificate_number, o.issuing_body]);
  const recorded = agency ? await knownPersonalData(trx, agency.jurisdiction_code, texts) : {};
  const known = { idNumbers: [...(recorded.idNumbers ?? []), ...rows.map((o) => o.id_number)] };
  for (const o of rows) {
    const personal = officerPersonalDataProblem(o, known);
    if (personal)
      throw new AppError('VALIDATION_FAILED', `${o.name}：${personal.message}`, {
        fields: [{ field: personal.field, message: personal.message }],
      });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await orgDb(trx)
      .insertInto('officer')
      .values(part.map((o) => ({ ...o, domains: JSON.stringify(jsonList(o.domains)) })))
      .execute();
    await orgDb(trx)
      .insertInto('officer_version')
      .values(
        part.map((o) => ({
          officer_id: o.id,
          version: o.version,
          snapshot: JSON.stringify(snapshotOf(o)),
          reason,
          changed_by: personOf(by),
          changed_at: now,
        })),
      )
      .execute();
    await orgDb(trx)
      .insertInto('officer_status_change')
      .values(
        part.map((o) => ({ officer_id: o.id, from_status: null, to_status: o.status, reason, changed_by: personOf(by), changed_at: now })),
      )
      .execute();
  }
  if (rows.length === 0) return;
  await ctx.journal.append(trx, {
    actor: by,
    action: 'officer.create_many',
    entity: { type: 'agency', id: agencyId },
    payload: { reason, officers: rows.map((o) => ({ id: o.id, name: o.name, idNumber: maskIdNumber(o.id_number), status: o.status })) },
  });
}

export async function createOfficer(ctx: AppContext, actor: Actor, input: CreateOfficerBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const agency = await editableAgency(trx, actor, input.agencyId);
    const row = await insertOfficer(trx, ctx, journalActor(actor), input);
    return viewOf(trx, row, agency.name, true, today(ctx));
  });
}

const editableColumns: Record<string, keyof OfficerTable> = {
  name: 'name',
  idNumber: 'id_number',
  userId: 'user_id',
  post: 'post',
  domains: 'domains',
  certificateNumber: 'certificate_number',
  issuingBody: 'issuing_body',
  validFrom: 'valid_from',
  validUntil: 'valid_until',
  hasLegalQualification: 'has_legal_qualification',
  isEnforcer: 'is_enforcer',
  isReviewer: 'is_reviewer',
  isLegalAdviser: 'is_legal_adviser',
  isAuxiliary: 'is_auxiliary',
  active: 'active',
};

export type OfficerChanges = Omit<UpdateOfficerBody, 'reason'>;

/**
 * A new version of the officer with the reason (never a silent overwrite); pending until the
 * justice bureau confirms the agency's list. Answers null when nothing changed.
 */
export async function reviseOfficer(
  trx: AnyTrx,
  ctx: AppContext,
  by: JournalActor,
  row: OfficerTable,
  changes: OfficerChanges,
  reason: string,
): Promise<OfficerTable | null> {
  const before: OfficerTable = { ...row, domains: jsonList(row.domains) };
  const after: OfficerTable = { ...before };
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, column] of Object.entries(editableColumns)) {
    let value = (changes as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'idNumber') value = String(value).toUpperCase();
    if (JSON.stringify(value) === JSON.stringify(before[column])) continue;
    (after as unknown as Record<string, unknown>)[column] = value;
    diff[key] =
      key === 'idNumber' ? { from: maskIdNumber(row.id_number), to: maskIdNumber(String(value)) } : { from: before[column], to: value };
  }
  if (Object.keys(diff).length === 0) return null;
  if (diff.name) after.name_sort_key = nameSortKey(after.name, { person: true });
  await validateOfficer(trx, after);
  const now = ctx.clock.now();
  after.version = row.version + 1;
  after.pending_since = row.pending_since ?? now;
  after.updated_at = now;
  const { id: _id, created_at: _c, ...set } = after;
  await orgDb(trx)
    .updateTable('officer')
    .set({ ...set, domains: JSON.stringify(after.domains) })
    .where('id', '=', row.id)
    .execute();
  await writeOfficerVersion(trx, after, reason, by, now);
  await ctx.journal.append(trx, {
    actor: by,
    action: 'officer.update',
    entity: { type: 'officer', id: row.id },
    payload: { version: after.version, reason, diff },
  });
  return after;
}

export async function updateOfficer(ctx: AppContext, actor: Actor, id: string, input: UpdateOfficerBody, expected: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedOfficer(trx, actor, id, expected);
    const agency = await editableAgency(trx, actor, row.agency_id);
    const { reason, ...changes } = input;
    const after = await reviseOfficer(trx, ctx, journalActor(actor), row, changes, reason);
    if (!after) throw new AppError('VALIDATION_FAILED', '没有任何修改', { fields: [] });
    return viewOf(trx, after, agency.name, true, today(ctx));
  });
}

/** A certificate status change (红黄绿, revocation) with its reason, appended to the history (R-P02). */
export async function changeOfficerStatus(
  trx: AnyTrx,
  ctx: AppContext,
  by: JournalActor,
  row: OfficerTable,
  status: CertificateStatus,
  reason: string,
): Promise<OfficerTable> {
  if (row.status === 'revoked') throw conflict('执法证件已注销，不能再变更状态；重新取得证件请新增证件信息', { status: row.status });
  if (row.status === status) throw conflict(`证件状态已是${certificateStatusLabels[status]}`, { status });
  const now = ctx.clock.now();
  const after: OfficerTable = {
    ...row,
    domains: jsonList(row.domains),
    status,
    status_reason: reason,
    version: row.version + 1,
    pending_since: row.pending_since ?? now,
    updated_at: now,
  };
  await orgDb(trx)
    .updateTable('officer')
    .set({ status, status_reason: reason, version: after.version, pending_since: after.pending_since, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  await orgDb(trx)
    .insertInto('officer_status_change')
    .values({ officer_id: row.id, from_status: row.status, to_status: status, reason, changed_by: personOf(by), changed_at: now })
    .execute();
  await writeOfficerVersion(trx, after, `证件状态：${certificateStatusLabels[status]}（${reason}）`, by, now);
  await ctx.journal.append(trx, {
    actor: by,
    action: 'officer.status',
    entity: { type: 'officer', id: row.id },
    payload: { from: row.status, to: status, reason },
  });
  return after;
}

export async function setOfficerStatus(ctx: AppContext, actor: Actor, id: string, input: StatusChangeBody, expected: number) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedOfficer(trx, actor, id, expected);
    const agency = await editableAgency(trx, actor, row.agency_id, true);
    const after = await changeOfficerStatus(trx, ctx, journalActor(actor), row, input.status, input.reason);
    return viewOf(trx, after, agency.name, true, today(ctx));
  });
}

/** Records an annual review (年审, R-P02); a failed review turns the certificate red. */
export async function recordAnnualReview(ctx: AppContext, actor: Actor, id: string, input: AnnualReviewBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const { row } = await officerInScope(trx, actor, id);
    const agency = await editableAgency(trx, actor, row.agency_id, true);
    const by = journalActor(actor);
    await orgDb(trx)
      .insertInto('officer_annual_review')
      .values({
        officer_id: id,
        year: input.year,
        result: input.result,
        note: input.note ?? null,
        recorded_by: personOf(by),
        recorded_at: ctx.clock.now(),
      })
      .execute();
    await ctx.journal.append(trx, { actor: by, action: 'officer.annual_review', entity: { type: 'officer', id }, payload: input });
    let current = row;
    if (input.result === 'fail' && row.status !== 'red' && row.status !== 'revoked')
      current = await changeOfficerStatus(trx, ctx, by, row, 'red', `${input.year} 年度考核不合格`);
    return viewOf(trx, current, agency.name, true, today(ctx));
  });
}

// ---------------------------------------------------------------------------------------------
// Training (R-P03)

function toTrainingView(r: {
  id: string;
  officer_id: string;
  date: string;
  hours: number | string;
  kind: 'professional' | 'legal';
  topic: string;
  recorded_by: string;
  recorded_at: Date;
}): TrainingView {
  return {
    id: String(r.id),
    officerId: r.officer_id,
    date: r.date,
    hours: Number(r.hours),
    kind: r.kind,
    topic: r.topic,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

export async function insertTraining(trx: AnyTrx, ctx: AppContext, by: JournalActor, officerId: string, input: TrainingBody) {
  const row = await orgDb(trx)
    .insertInto('training_record')
    .values({
      officer_id: officerId,
      date: input.date,
      hours: input.hours,
      kind: input.kind,
      topic: input.topic,
      recorded_by: personOf(by),
      recorded_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.journal.append(trx, {
    actor: by,
    action: 'officer.training',
    entity: { type: 'officer', id: officerId },
    payload: { ...input, id: String(row.id) },
  });
  return toTrainingView(row);
}

export async function addTraining(ctx: AppContext, actor: Actor, officerId: string, input: TrainingBody) {
  return ctx.db.transaction().execute(async (trx) => {
    const { row } = await officerInScope(trx, actor, officerId);
    await editableAgency(trx, actor, row.agency_id, true);
    if (input.date > today(ctx)) throw invalid('date', '培训日期不能晚于今天');
    return insertTraining(trx, ctx, journalActor(actor), officerId, input);
  });
}

export async function listTraining(ctx: AppContext, actor: Actor, officerId: string) {
  await officerInScope(ctx.db, actor, officerId);
  const rows = await orgDb(ctx.db)
    .selectFrom('training_record')
    .selectAll()
    .where('officer_id', '=', officerId)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const byYear = new Map<number, { professionalHours: number; legalHours: number }>();
  for (const r of rows) {
    const year = Number(r.date.slice(0, 4));
    const t = byYear.get(year) ?? { professionalHours: 0, legalHours: 0 };
    if (r.kind === 'professional') t.professionalHours += Number(r.hours);
    else t.legalHours += Number(r.hours);
    byYear.set(year, t);
  }
  return {
    items: rows.map(toTrainingView),
    totals: [...byYear.entries()]
      .sort(([a], [b]) => b - a)
      .map(([year, t]) => ({ year, ...t, meets: trainingMeets(t.professionalHours, t.legalHours) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Publication of an agency's officer list (R-D02, R-D08)

/** The public entry of one officer: only the fields of publicSchemas.officers (no ID number, no phone). */
export function officerEntry(r: OfficerTable, agencyName: string) {
  const domains = jsonList(r.domains);
  return {
    subjectId: r.id,
    label: r.name,
    sortKey: nameSortKey(r.name, { person: true }),
    content: {
      name: r.name,
      agencyId: r.agency_id,
      agencyName,
      certificateNumber: r.certificate_number,
      issuingBody: r.issuing_body,
      domains,
      status: r.status,
      statusLabel: certificateStatusLabels[r.status],
      validUntil: r.valid_until,
    },
    searchExtra: [agencyName, r.certificate_number, domains.join(' ')].filter(Boolean).join(' '),
  };
}

/** The ID numbers recorded for officers of a jurisdiction's agencies (disclosure's personal-data check asks here). */
export async function recordedIdNumbers(db: AnyDb, jurisdictionCode: string, candidates: string[] | null): Promise<string[]> {
  let q = orgDb(db)
    .selectFrom('officer')
    .innerJoin('agency', 'agency.id', 'officer.agency_id')
    .select('officer.id_number')
    .where('agency.jurisdiction_code', '=', jurisdictionCode);
  if (candidates) q = q.where('officer.id_number', 'in', candidates);
  return (await q.execute()).map((r) => r.id_number);
}

// ---------------------------------------------------------------------------------------------
// What the cases module asks of officers (issue 8; through org's index.ts, ADR 0007)

export interface CaseOfficerFacts {
  officerId: string;
  agencyId: string;
  userId: string | null;
  name: string;
  /** R-P01 on `onDate`, against the version the justice bureau confirmed */
  eligible: boolean;
  reason: string | null;
  isAuxiliary: boolean;
  domains: string[];
  /** printed on every enforcement document beside the officer's name (R-D17) */
  certificateNumber: string | null;
}

/** The facts of the given officers on `onDate` (unknown ids are left out). */
export async function officersForCases(db: Db, officerIds: readonly string[], onDate: string): Promise<CaseOfficerFacts[]> {
  if (!officerIds.length) return [];
  const rows = await orgDb(db)
    .selectFrom('officer')
    .selectAll()
    .where('id', 'in', [...officerIds])
    .execute();
  const confirmed = await confirmedFacts(db, rows);
  return rows.map((r) => {
    const e = canEnforceConfirmed(enforcerFacts(r), confirmed.get(r.id) ?? null, onDate);
    const domains = typeof r.domains === 'string' ? (JSON.parse(r.domains) as string[]) : r.domains;
    return {
      officerId: r.id,
      agencyId: r.agency_id,
      userId: r.user_id,
      name: r.name,
      eligible: e.ok,
      reason: e.ok ? null : e.reason,
      isAuxiliary: r.is_auxiliary,
      domains,
      certificateNumber: r.certificate_number,
    };
  });
}

/** The active officer record of an account, if it has one (who an officer is on a case). */
export async function officerOfUser(db: Db, userId: string): Promise<{ id: string; agencyId: string; name: string } | null> {
  const r = await orgDb(db)
    .selectFrom('officer')
    .select(['id', 'agency_id', 'name'])
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
  return r ? { id: r.id, agencyId: r.agency_id, name: r.name } : null;
}
