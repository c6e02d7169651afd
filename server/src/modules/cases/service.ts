/**
 * Reading cases (issue 8 §3, §6, §8, §12): the case page, the ledger, 我的待办, the party page and the
 * journaled reveal of an ID number. Taking actions is `engine.ts`.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { type Actor, can, journalActor } from '../../platform/auth';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb } from '../../platform/db/tables';
import { AppError, notFound } from '../../platform/errors';
import { latestCheckpoint } from '../../platform/journal';
import { inScope, scopeOf } from '../../platform/scope';
import { confirmedReviewRules, evaluateReview } from '../catalog';
import { agencyNames, maskIdNumber } from '../org';
import { isArchived } from './case-file/writable';
import { casesDb } from './db';
import type { ActionDef, ProcedureDefinition } from './definition';
import { currentDefinitions, definitionOf } from './definitions';
import {
  actionsFor,
  buildFacts,
  caseColumns,
  caseInScope,
  currentOfficerIds,
  eventRows,
  limitColumns,
  partyRows,
  rolesOnCase,
  toLimitFacts,
} from './engine';
import { partyEvidence } from './evidence/party';
import type { TimeLimitFacts } from './facts';
import { builtInProcedures } from './procedures';
import { proposedDecisionOf } from './rules';
import type { ActionSummary, CaseExportQuery, CaseQuery, CaseSummary, CaseView } from './schema';
import { daysLeft, urgencyLabels, urgencyOf } from './time-limits';

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());
export const partyKindLabels = { natural_person: '自然人', organisation: '法人或其他组织' } as const;
const unitLabels = { working_days: '工作日', natural_days: '自然日' } as const;

export function actionSummary(def: ProcedureDefinition, a: ActionDef): ActionSummary {
  return {
    name: a.name,
    label: a.label,
    from: [...a.from],
    to: a.to ?? null,
    toLabel: a.to ? (def.states[a.to]?.label ?? a.to) : null,
    by: [...a.by],
    input: a.input,
    guards: [...(a.guards ?? [])],
    article: a.article ?? null,
    documents: [...(a.documents ?? [])],
    avDuty: a.avDuty ?? null,
    approval: a.approval ? { kind: a.approval.kind, step: a.approval.step } : null,
    reviewGate: a.reviewGate ?? false,
    records: a.records ?? a.name,
    starts: [...(a.starts ?? [])],
    stops: [...(a.stops ?? [])],
    extends: [...(a.extends ?? [])],
    pauses: [...(a.pauses ?? [])],
    resumes: [...(a.resumes ?? [])],
    effects: [...(a.effects ?? [])],
    allocatesNumber: a.allocatesNumber ?? false,
    opens: a.opens ?? null,
  };
}

export function procedureView(def: ProcedureDefinition) {
  return {
    code: def.code,
    version: def.version,
    label: def.label,
    actCategory: def.actCategory,
    basis: def.basis,
    initial: def.initial,
    numberCategory: def.numberCategory,
    openGuards: [...(def.openGuards ?? [])],
    openStarts: [...(def.openStarts ?? [])],
    states: Object.entries(def.states).map(([name, s]) => ({ name, label: s.label, final: s.final ?? false })),
    open: def.open,
    actions: def.actions.map((a) => actionSummary(def, a)),
  };
}

export async function listProcedures(ctx: AppContext, actor: Actor) {
  const defs = await currentDefinitions(ctx.db, actor.jurisdictionCode, today(ctx));
  return { items: defs.map(procedureView) };
}

function limitView(l: TimeLimitFacts, on: string) {
  const urgency = urgencyOf(l, on);
  return {
    kind: l.kind,
    label: l.label,
    article: l.article,
    unit: l.unit,
    unitLabel: unitLabels[l.unit],
    days: l.days,
    startsOn: l.startsOn,
    dueOn: l.dueOn,
    status: l.status,
    urgency,
    urgencyLabel: urgencyLabels[urgency],
    daysLeft: daysLeft(l.dueOn, on),
    extendedDays: l.extendedDays,
    pausedDays: l.pausedDays,
  };
}

/** The case page (issue 8 §3): state, parties, officers, time limits, timeline, and the actions open to this caller now. */
export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  const row = await caseInScope(ctx.db, actor, id);
  const def = await definitionOf(ctx.db, row.procedure_code, row.procedure_version);
  const on = today(ctx);
  const [facts, events, parties, roles, children, checkpoint] = await Promise.all([
    buildFacts(ctx.db, row, def, on),
    eventRows(ctx.db, id),
    partyRows(ctx.db, id),
    rolesOnCase(ctx.db, actor, row),
    casesDb(ctx.db).selectFrom('enforcement_case').select(['id']).where('parent_case_id', '=', id).execute(),
    latestCheckpoint(ctx.db),
  ]);
  const everyOfficer = await casesDb(ctx.db).selectFrom('case_officer').select(['officer_id', 'name']).where('case_id', '=', id).execute();
  // an archived case is read-only (R-C08): no action is offered, and its state says so
  const archived = await isArchived(ctx.db, id);
  const actions = def.states[row.state]?.final || archived ? [] : actionsFor(def, row.state, roles);
  let review: CaseView['review'] = null;
  if (def.actions.some((a) => a.reviewGate && a.from.includes(row.state))) {
    const rules = await confirmedReviewRules(ctx.db, row.agency_id);
    // before the decision is typed, the proposal is what the party was notified of (告知书)
    const notice = facts.records.notify_rights?.at(-1)?.input;
    const proposal = notice ? { outcome: 'penalty', ...notice } : {};
    review = evaluateReview(rules, proposedDecisionOf(facts, proposal), on);
  }
  const stateLabel = (s: string | null) => (s === null ? null : (def.states[s]?.label ?? s));
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    procedure: { code: def.code, version: def.version, label: def.label },
    state: row.state,
    stateLabel: archived ? `${stateLabel(row.state)}（已归档）` : (stateLabel(row.state) as string),
    final: def.states[row.state]?.final ?? false,
    agency: { id: row.agency_id, name: facts.agency.name },
    domain: row.domain,
    itemCode: row.item_code,
    item: facts.item ? { code: facts.item.code, name: facts.item.name, legalBases: facts.item.legalBases } : null,
    openedOn: row.opened_on,
    filedOn: row.filed_on,
    closedOn: row.closed_on,
    parentCaseId: row.parent_case_id,
    childCaseIds: children.map((c) => c.id),
    parties: parties.map(partyView),
    officers: facts.officers.map((o) => ({ officerId: o.officerId, name: o.name, eligible: o.eligible, reason: o.reason })),
    officerNames: Object.fromEntries(everyOfficer.map((o) => [o.officer_id, o.name])),
    timeLimits: facts.limits.map((l) => limitView(l, on)),
    timeline: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      label: e.label,
      fromState: e.from_state,
      fromLabel: stateLabel(e.from_state),
      toState: e.to_state,
      toLabel: stateLabel(e.to_state) as string,
      on: e.on_date,
      at: new Date(e.at).toISOString(),
      by: e.by_name,
      input: json(e.input),
      journalSeq: Number(e.journal_seq),
      proofUrl: `/api/v1/public/journal/proofs/inclusion?seq=${Number(e.journal_seq)}`,
      proofReady: Number(e.journal_seq) < (checkpoint?.treeSize ?? 0),
    })),
    actions: actions.map((a) => actionSummary(def, a)),
    review,
    canRevealIdNumbers: roles.has('case_officer'),
    version: row.version,
  };
}

// ---------------------------------------------------------------------------------------------
// The ledger (台账, R-C08) and 我的待办

/** States in which a case waits for the agency head: those an approving action leaves from. */
function approvalStates(): string[] {
  const states = new Set<string>();
  for (const p of builtInProcedures)
    for (const a of p.actions) if (a.approval?.step === 'approve' && a.by.includes('agency_head')) for (const f of a.from) states.add(f);
  return [...states];
}

const summaryColumns = [
  'enforcement_case.id',
  'enforcement_case.number',
  'enforcement_case.title',
  'enforcement_case.procedure_code',
  'enforcement_case.procedure_version',
  'enforcement_case.state',
  'enforcement_case.agency_id',
  'enforcement_case.party_names',
  sql<string>`to_char(enforcement_case.opened_on, 'YYYY-MM-DD')`.as('opened_on'),
  sql<string | null>`to_char(enforcement_case.filed_on, 'YYYY-MM-DD')`.as('filed_on'),
  sql<string | null>`to_char(enforcement_case.closed_on, 'YYYY-MM-DD')`.as('closed_on'),
  sql<string | null>`to_char(enforcement_case.next_due_on, 'YYYY-MM-DD')`.as('next_due_on'),
] as const;

type SummaryRow = {
  id: string;
  number: string | null;
  title: string;
  procedure_code: string;
  procedure_version: number;
  state: string;
  agency_id: string;
  party_names: string;
  opened_on: string;
  filed_on: string | null;
  closed_on: string | null;
  next_due_on: string | null;
};

async function summaries(db: AnyDb, rows: SummaryRow[], on: string): Promise<CaseSummary[]> {
  const names = await agencyNames(db, [...new Set(rows.map((r) => r.agency_id))]);
  const officerRows = rows.length
    ? await casesDb(db)
        .selectFrom('case_officer')
        .select(['case_id', 'name'])
        .where(
          'case_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('ended_at', 'is', null)
        .orderBy('assigned_at')
        .execute()
    : [];
  const archivedIds = rows.length
    ? new Set(
        (
          await casesDb(db)
            .selectFrom('case_archive')
            .select('case_id')
            .where(
              'case_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        ).map((a) => a.case_id),
      )
    : new Set<string>();
  const officers = new Map<string, string[]>();
  for (const o of officerRows) officers.set(o.case_id, [...(officers.get(o.case_id) ?? []), o.name]);
  const defs = new Map<string, ProcedureDefinition>();
  for (const r of rows) {
    const k = `${r.procedure_code}@${r.procedure_version}`;
    if (!defs.has(k)) defs.set(k, await definitionOf(db, r.procedure_code, r.procedure_version));
  }
  return rows.map((r) => {
    const def = defs.get(`${r.procedure_code}@${r.procedure_version}`) as ProcedureDefinition;
    const urgency = r.next_due_on ? urgencyOf({ status: 'running', dueOn: r.next_due_on }, on) : null;
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      procedure: r.procedure_code,
      procedureLabel: def.label,
      state: r.state,
      stateLabel: `${def.states[r.state]?.label ?? r.state}${archivedIds.has(r.id) ? '（已归档）' : ''}`,
      agencyId: r.agency_id,
      agencyName: names.get(r.agency_id) ?? '',
      partyNames: r.party_names,
      officerNames: (officers.get(r.id) ?? []).join('、'),
      openedOn: r.opened_on,
      filedOn: r.filed_on,
      closedOn: r.closed_on,
      nextDueOn: r.next_due_on,
      urgency,
      urgencyLabel: urgency ? urgencyLabels[urgency] : null,
      daysLeft: r.next_due_on ? daysLeft(r.next_due_on, on) : null,
    };
  });
}

function encodeCursor(openedOn: string, id: string) {
  return Buffer.from(JSON.stringify([openedOn, id])).toString('base64url');
}
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v[0]) && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {}
  throw new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新查询', {
    fields: [{ field: 'cursor', message: '分页游标无效', in: 'querystring' }],
  });
}

const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filtered(db: AnyDb, actor: Actor, q: CaseExportQuery, on: string) {
  let query = casesDb(db)
    .selectFrom('enforcement_case')
    .where(inScope(scopeOf(actor), caseColumns));
  if (q.agencyId) query = query.where('enforcement_case.agency_id', '=', q.agencyId);
  if (q.procedure) query = query.where('enforcement_case.procedure_code', '=', q.procedure);
  if (q.state) query = query.where('enforcement_case.state', '=', q.state);
  if (q.from) query = query.where('enforcement_case.opened_on', '>=', q.from);
  if (q.to) query = query.where('enforcement_case.opened_on', '<=', q.to);
  if (q.party) query = query.where('enforcement_case.party_names', 'like', likeText(q.party));
  if (q.q) {
    const t = likeText(q.q);
    query = query.where((eb) => eb.or([eb('enforcement_case.number', 'like', t), eb('enforcement_case.title', 'like', t)]));
  }
  if (q.overdue) query = query.where('enforcement_case.next_due_on', '<', on);
  if (q.open === true) query = query.where('enforcement_case.closed_on', 'is', null);
  if (q.open === false) query = query.where('enforcement_case.closed_on', 'is not', null);
  // driven from the officer's own assignments (case_officer's indexes), not by probing every case
  // of the agency: PostgreSQL chose a parallel scan of the agency's cases for the exists form
  const officerIs = (officer: Expression<SqlBool>) =>
    sql<SqlBool>`enforcement_case.id in (select co.case_id from case_officer co where co.ended_at is null and ${officer})`;
  if (q.officerId) query = query.where(officerIs(sql<SqlBool>`co.officer_id = ${q.officerId}`));
  if (q.mine) query = query.where(officerIs(sql<SqlBool>`co.user_id = ${actor.userId}`));
  return query;
}

/** The ledger: cases in the caller's scope with filters, newest first, by keyset pages. */
export async function listCases(ctx: AppContext, actor: Actor, q: CaseQuery) {
  const on = today(ctx);
  const limit = q.limit ?? 50;
  let query = filtered(ctx.db, actor, q, on).select(summaryColumns);
  if (q.cursor) {
    const [openedOn, id] = decodeCursor(q.cursor);
    query = query.where((eb) =>
      eb.or([
        eb('enforcement_case.opened_on', '<', openedOn),
        eb.and([eb('enforcement_case.opened_on', '=', openedOn), eb('enforcement_case.id', '<', id)]),
      ]),
    );
  }
  const rows = (await query
    .orderBy('enforcement_case.opened_on', 'desc')
    .orderBy('enforcement_case.id', 'desc')
    .limit(limit + 1)
    .execute()) as SummaryRow[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await summaries(ctx.db, page, on),
    nextCursor: rows.length > limit && last ? encodeCursor(last.opened_on, last.id) : null,
    today: on,
  };
}

/** Every case matching the filters, for the .xlsx ledger (at most 100,000 rows). */
export async function ledgerRows(ctx: AppContext, actor: Actor, q: CaseExportQuery) {
  const on = today(ctx);
  const rows = (await filtered(ctx.db, actor, q, on)
    .select(summaryColumns)
    .orderBy('enforcement_case.opened_on', 'desc')
    .orderBy('enforcement_case.id', 'desc')
    .limit(100_000)
    .execute()) as SummaryRow[];
  const out: CaseSummary[] = [];
  for (let i = 0; i < rows.length; i += 1000) out.push(...(await summaries(ctx.db, rows.slice(i, i + 1000), on)));
  return out;
}

/**
 * 我的待办 (issue 8 §8): the open cases this person handles, and for an agency head the approvals
 * waiting in the agency, most urgent first (overdue, then by the nearest due date).
 */
export async function todo(ctx: AppContext, actor: Actor) {
  const on = today(ctx);
  const mine = (await filtered(ctx.db, actor, { mine: true, open: true }, on)
    .select(summaryColumns)
    .orderBy(sql`enforcement_case.next_due_on asc nulls last`)
    .limit(100)
    .execute()) as SummaryRow[];
  let approvals: SummaryRow[] = [];
  if (actor.roles.includes('agency_head') && actor.agencyId)
    approvals = (await casesDb(ctx.db)
      .selectFrom('enforcement_case')
      .select(summaryColumns)
      .where('enforcement_case.agency_id', '=', actor.agencyId)
      .where('enforcement_case.state', 'in', approvalStates())
      .orderBy(sql`enforcement_case.next_due_on asc nulls last`)
      .limit(100)
      .execute()) as SummaryRow[];
  const seen = new Set<string>();
  const rows: { row: SummaryRow; why: string }[] = [];
  for (const r of approvals) if (!seen.has(r.id) && seen.add(r.id)) rows.push({ row: r, why: '待本人审批' });
  for (const r of mine) if (!seen.has(r.id) && seen.add(r.id)) rows.push({ row: r, why: '本人承办' });
  const sums = await summaries(
    ctx.db,
    rows.map((r) => r.row),
    on,
  );
  // the most urgent running limit of each case, in one query (not one per case)
  const ids = sums.map((c) => c.id);
  const limits = ids.length
    ? await casesDb(ctx.db)
        .selectFrom('case_time_limit')
        .select(['case_id', ...limitColumns])
        .where('case_id', 'in', ids)
        .where('status', '=', 'running')
        .orderBy('due_on')
        .execute()
    : [];
  const nearest = new Map<string, TimeLimitFacts>();
  for (const l of limits) if (!nearest.has(l.case_id)) nearest.set(l.case_id, toLimitFacts(l));
  const items = sums.map((c, i) => {
    const next = nearest.get(c.id);
    return { case: c, why: rows[i]?.why ?? '', limit: next ? limitView(next, on) : null };
  });
  items.sort((a, b) => (a.limit?.dueOn ?? '9999').localeCompare(b.limit?.dueOn ?? '9999'));
  return { items, today: on, overdue: items.filter((i) => i.limit && i.limit.dueOn < on).length };
}

// ---------------------------------------------------------------------------------------------
// Parties (R-C06)

function partyView(p: {
  id: string;
  kind: 'natural_person' | 'organisation';
  name: string;
  id_number: string | null;
  uscc: string | null;
  address: string | null;
  legal_representative: string | null;
}) {
  return {
    id: p.id,
    kind: p.kind,
    kindLabel: partyKindLabels[p.kind],
    name: p.name,
    idNumberMasked: p.id_number ? maskIdNumber(p.id_number) : null,
    uscc: p.uscc,
    address: p.address,
    legalRepresentative: p.legal_representative,
  };
}

async function partyInScope(db: AnyDb, actor: Actor, id: string) {
  const p = await casesDb(db).selectFrom('party').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('当事人', { partyId: id });
  // a party belongs to an agency: in scope when one of its cases is (the bureau: its subtree)
  const visible = await casesDb(db)
    .selectFrom('enforcement_case')
    .select(['id'])
    .where('agency_id', '=', p.agency_id)
    .where(inScope(scopeOf(actor), caseColumns))
    .limit(1)
    .executeTakeFirst();
  if (!visible && actor.agencyId !== p.agency_id) throw notFound('当事人', { partyId: id });
  return p;
}

/** One place per party (R-C06): the party and every case of it in the agency, in time order. */
export async function getParty(ctx: AppContext, actor: Actor, id: string) {
  const p = await partyInScope(ctx.db, actor, id);
  const rows = (await casesDb(ctx.db)
    .selectFrom('case_party')
    .innerJoin('enforcement_case', 'enforcement_case.id', 'case_party.case_id')
    .select([...summaryColumns, 'case_party.added_at'])
    .where('case_party.party_id', '=', id)
    .where(inScope(scopeOf(actor), caseColumns))
    .orderBy('case_party.added_at')
    .execute()) as (SummaryRow & { added_at: Date })[];
  const sums = await summaries(ctx.db, rows, today(ctx));
  return {
    party: partyView(p),
    cases: sums.map((c, i) => ({ case: c, addedAt: new Date(rows[i]?.added_at as Date).toISOString() })),
    // its evidence and AV records across those cases, in capture order (R-C06, issue 9 §6)
    evidence: await partyEvidence(
      ctx.db,
      id,
      rows.map((r) => r.id),
    ),
  };
}

export async function searchParties(ctx: AppContext, actor: Actor, q: string) {
  const agencyIds = can(actor, 'supervise') ? null : actor.agencyId ? [actor.agencyId] : [];
  if (agencyIds && !agencyIds.length) return { items: [] };
  let query = casesDb(ctx.db)
    .selectFrom('party')
    .selectAll('party')
    .select(sql<string>`(select count(*) from case_party cp where cp.party_id = party.id)`.as('case_count'))
    .where('party.name', 'like', likeText(q));
  if (agencyIds) query = query.where('party.agency_id', 'in', agencyIds);
  else
    query = query.where('party.agency_id', 'in', (eb) =>
      eb
        .selectFrom('enforcement_case')
        .select('enforcement_case.agency_id')
        .where(inScope(scopeOf(actor), caseColumns)),
    );
  const rows = await query.orderBy('party.name').limit(50).execute();
  return { items: rows.map((r) => ({ party: partyView(r), caseCount: Number(r.case_count) })) };
}

/**
 * The full ID number of a party, for the case's own officers only (R-D02: masked to everyone
 * else); every reveal is journaled with who asked and for which case.
 */
export async function revealIdNumber(ctx: AppContext, actor: Actor, caseId: string, partyId: string) {
  const row = await caseInScope(ctx.db, actor, caseId);
  const roles = await rolesOnCase(ctx.db, actor, row);
  if (!roles.has('case_officer')) throw new AppError('FORBIDDEN', '只有本案承办的执法人员可以查看当事人的公民身份号码全文', {});
  const parties = await partyRows(ctx.db, caseId);
  const p = parties.find((x) => x.id === partyId);
  if (!p) throw notFound('当事人', { partyId });
  if (!p.id_number) throw new AppError('CONFLICT', '该当事人没有登记公民身份号码', {});
  const entry = await ctx.db.transaction().execute((trx) =>
    ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'party.reveal_id_number',
      entity: { type: 'party', id: partyId },
      payload: { caseId, masked: maskIdNumber(p.id_number as string) },
    }),
  );
  return { partyId, idNumber: p.id_number, journalSeq: entry.seq };
}

export { currentOfficerIds };
