/**
 * The generic engine (issue 8 §2–§3, DESIGN.md "Procedures as data"): opens a case on a procedure
 * and takes one action, whatever the procedure. Every step runs in one transaction that locks the
 * case row: the state is checked, the input validated (422), the caller's part in the case checked
 * (403), the action's guards run on the case's facts (409 with the guard's code and article), then
 * the act is recorded — case event, time limits, approvals, number — and journaled (invariant 1).
 * A refusal throws before anything is written, so the transaction leaves nothing behind.
 * Nothing here branches on a procedure or an action name: what differs is in the definitions.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Actor, journalActor } from '../../platform/auth';
import { createCalendar } from '../../platform/calendar';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, conflict, notFound, RefusedError } from '../../platform/errors';
import { confirm, openSubmission, returnRevision, submit } from '../../platform/revisions';
import { inScope, scopeOf } from '../../platform/scope';
import { settingsOn } from '../../platform/settings';
import { settingDefs } from '../../platform/settings/registry';
import { confirmedReviewRules, evaluateReview, itemForCase } from '../catalog';
import { agencyForCases, idNumberProblem, maskIdNumber, officerOfUser, officersForCases, usccProblem } from '../org';
import { assertCaseWritable } from './case-file/writable';
import { casesDb } from './db';
import type { ActionDef, ActionRole, ProcedureDefinition, TimeLimitStart } from './definition';
import { currentDefinition, definitionOf, storeDefinition, validateInput } from './definitions';
import { avRefusal } from './evidence/av-guard';
import type { CaseFacts, GuardContext, RecordedAct, TimeLimitFacts } from './facts';
import { agencyShortName, formatCaseNumber } from './numbers';
import { computeDueDate, guards, proposedDecisionOf } from './rules';
import type { EnforcementCaseTable, TimeLimitUnit } from './tables';
import { pausedLength } from './time-limits';

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
export const caseColumns = { agency: 'enforcement_case.agency_id', jurisdiction: 'enforcement_case.jurisdiction_code' } as const;

/** Every column of a case, its dates as YYYY-MM-DD text (never JS Dates: DESIGN.md invariant 4). */
export const caseRowColumns = [
  'enforcement_case.id',
  'enforcement_case.agency_id',
  'enforcement_case.jurisdiction_code',
  'enforcement_case.procedure_code',
  'enforcement_case.procedure_version',
  'enforcement_case.state',
  'enforcement_case.title',
  'enforcement_case.domain',
  'enforcement_case.item_code',
  'enforcement_case.number',
  'enforcement_case.number_year',
  'enforcement_case.number_seq',
  sql<string>`to_char(enforcement_case.opened_on, 'YYYY-MM-DD')`.as('opened_on'),
  sql<string | null>`to_char(enforcement_case.filed_on, 'YYYY-MM-DD')`.as('filed_on'),
  sql<string | null>`to_char(enforcement_case.closed_on, 'YYYY-MM-DD')`.as('closed_on'),
  'enforcement_case.parent_case_id',
  sql<string | null>`to_char(enforcement_case.next_due_on, 'YYYY-MM-DD')`.as('next_due_on'),
  'enforcement_case.party_names',
  'enforcement_case.created_by',
  'enforcement_case.created_at',
  'enforcement_case.updated_at',
  'enforcement_case.version',
] as const;

/**
 * The case in the caller's scope (404 outside it, DESIGN.md invariant 6): the one lookup every part
 * of the cases module uses; `lock` takes the row lock a write holds to its transaction's end.
 */
export async function caseInScope(db: AnyDb, actor: Actor, id: string, lock = false): Promise<EnforcementCaseTable> {
  let q = casesDb(db)
    .selectFrom('enforcement_case')
    .select(caseRowColumns)
    .where('enforcement_case.id', '=', id)
    .where(inScope(scopeOf(actor), caseColumns));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('案件', { caseId: id });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Facts: what the guards see

export async function currentOfficerIds(db: AnyDb, caseId: string): Promise<{ officerId: string; userId: string | null }[]> {
  const rows = await casesDb(db)
    .selectFrom('case_officer')
    .select(['officer_id', 'user_id'])
    .where('case_id', '=', caseId)
    .where('ended_at', 'is', null)
    .orderBy('assigned_at')
    .execute();
  return rows.map((r) => ({ officerId: r.officer_id, userId: r.user_id }));
}

export function toLimitFacts(r: {
  kind: string;
  label: string;
  article: string;
  starts_on: string;
  due_on: string;
  unit: TimeLimitUnit;
  days: number;
  status: TimeLimitFacts['status'];
  ended_on: string | null;
  extended_days: number;
  paused_days: number;
}): TimeLimitFacts {
  return {
    kind: r.kind,
    label: r.label,
    article: r.article,
    startsOn: r.starts_on,
    dueOn: r.due_on,
    unit: r.unit,
    days: r.days,
    status: r.status,
    endedOn: r.ended_on,
    extendedDays: r.extended_days,
    pausedDays: r.paused_days,
  };
}

export const limitColumns = [
  'kind',
  'seq',
  'label',
  'article',
  'unit',
  'days',
  sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'),
  sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'),
  'status',
  sql<string | null>`to_char(ended_on, 'YYYY-MM-DD')`.as('ended_on'),
  'extended_days',
  'paused_days',
  sql<string | null>`to_char(paused_since, 'YYYY-MM-DD')`.as('paused_since'),
] as const;

export async function limitRows(db: AnyDb, caseId: string) {
  return casesDb(db)
    .selectFrom('case_time_limit')
    .select(limitColumns)
    .where('case_id', '=', caseId)
    .orderBy('starts_on')
    .orderBy('kind')
    .orderBy('seq')
    .execute();
}

export async function eventRows(db: AnyDb, caseId: string) {
  return casesDb(db)
    .selectFrom('case_event')
    .select([
      'seq',
      'action',
      'label',
      'from_state',
      'to_state',
      'record',
      'input',
      sql<string>`to_char(on_date, 'YYYY-MM-DD')`.as('on_date'),
      'at',
      'by_user',
      'by_name',
      'journal_seq',
    ])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export async function partyRows(db: AnyDb, caseId: string) {
  return casesDb(db)
    .selectFrom('case_party')
    .innerJoin('party', 'party.id', 'case_party.party_id')
    .select([
      'party.id',
      'party.kind',
      'party.name',
      'party.id_number',
      'party.uscc',
      'party.address',
      'party.phone',
      'party.legal_representative',
      'case_party.added_at',
    ])
    .where('case_party.case_id', '=', caseId)
    .orderBy('case_party.added_at')
    .execute();
}

/** The facts of a case on `today` (issue 8 §4): records, officers' eligibility, parties, item, limits, approvals. */
export async function buildFacts(db: AnyDb, row: EnforcementCaseTable, def: ProcedureDefinition, today: string): Promise<CaseFacts> {
  const [events, officers, parties, limits, agency] = await Promise.all([
    eventRows(db, row.id),
    currentOfficerIds(db, row.id),
    partyRows(db, row.id),
    limitRows(db, row.id),
    agencyForCases(db, row.agency_id),
  ]);
  const officerFacts = await officersForCases(
    db,
    officers.map((o) => o.officerId),
    today,
  );
  const records: Record<string, RecordedAct[]> = {};
  const approvals: Record<string, { status: 'submitted' | 'confirmed' | 'returned'; on: string }> = {};
  for (const e of events) {
    const act: RecordedAct = {
      seq: e.seq,
      action: e.action,
      on: e.on_date,
      at: new Date(e.at).toISOString(),
      by: e.by_user,
      input: json(e.input),
    };
    const list = records[e.record] ?? [];
    list.push(act);
    records[e.record] = list;
    // an action name may recur in several states with different parts (not_file from filing_pending returns the filing)
    const approval = def.actions.find((a) => a.name === e.action && (e.from_state === null || a.from.includes(e.from_state)))?.approval;
    if (approval)
      approvals[approval.kind] = {
        status: approval.step === 'request' ? 'submitted' : approval.step === 'approve' ? 'confirmed' : 'returned',
        on: e.on_date,
      };
  }
  const order = new Map(officers.map((o, i) => [o.officerId, i]));
  return {
    caseId: row.id,
    procedure: row.procedure_code,
    state: row.state,
    actCategory: def.actCategory,
    domain: row.domain,
    agency: { id: row.agency_id, name: agency?.name ?? '', kind: agency?.kind ?? '', abolished: agency?.abolished ?? false },
    item: row.item_code ? await itemForCase(db, row.agency_id, row.item_code) : null,
    openedOn: row.opened_on,
    filedOn: row.filed_on,
    parties: parties.map((p) => ({ partyId: p.id, kind: p.kind, name: p.name })),
    officers: officerFacts
      .sort((a, b) => (order.get(a.officerId) ?? 0) - (order.get(b.officerId) ?? 0))
      .map((o) => ({
        officerId: o.officerId,
        name: o.name,
        eligible: o.eligible,
        reason: o.reason,
        isAuxiliary: o.isAuxiliary,
        domains: o.domains,
      })),
    records,
    limits: limits.map(toLimitFacts),
    approvals,
  };
}

export async function guardContext(db: AnyDb, jurisdictionCode: string, today: string): Promise<GuardContext> {
  const [settings, calendar] = await Promise.all([settingsOn(db, jurisdictionCode, today), createCalendar(db)]);
  return { today, settings, calendar };
}

// ---------------------------------------------------------------------------------------------
// Who may take an action (issue 8 §3): the case's officers, the agency's head or reviewers

export async function rolesOnCase(db: AnyDb, actor: Actor, row: Pick<EnforcementCaseTable, 'id' | 'agency_id'>): Promise<Set<ActionRole>> {
  const roles = new Set<ActionRole>();
  if (actor.agencyId !== row.agency_id) return roles;
  if (actor.roles.includes('agency_head')) roles.add('agency_head');
  if (actor.roles.includes('reviewer')) roles.add('reviewer');
  if (actor.roles.includes('officer')) {
    const officers = await currentOfficerIds(db, row.id);
    if (officers.some((o) => o.userId === actor.userId)) roles.add('case_officer');
  }
  return roles;
}

const roleNames: Record<ActionRole, string> = {
  case_officer: '本案承办的执法人员',
  agency_head: '本机关负责人',
  reviewer: '本机关法制审核人员',
};

function assertMay(action: ActionDef, roles: Set<ActionRole>) {
  if (action.by.some((r) => roles.has(r))) return;
  throw new AppError('FORBIDDEN', `只有${action.by.map((r) => roleNames[r]).join('或')}可以办理「${action.label}」`, {
    action: action.name,
    allowed: action.by,
  });
}

/** The actions of the definition open in the case's state to this caller (the buttons of the case page). */
export function actionsFor(def: ProcedureDefinition, state: string, roles: Set<ActionRole>): ActionDef[] {
  return def.actions.filter((a) => a.from.includes(state) && a.by.some((r) => roles.has(r)));
}

// ---------------------------------------------------------------------------------------------
// Taking an action

export interface ActionResult {
  caseId: string;
  journalSeq: number;
  openedCaseId: string | null;
}

function runGuards(names: readonly string[] | undefined, facts: CaseFacts, input: Record<string, unknown>, g: GuardContext) {
  for (const name of names ?? []) {
    const guard = guards[name];
    if (!guard) throw new Error(`procedure definition names an unknown guard: ${name}`);
    const refusal = guard(facts, input, g);
    if (refusal)
      throw new RefusedError(refusal.code, refusal.message, { guard: refusal.code, article: refusal.article, ...refusal.details });
  }
}

/** 行政处罚法 第五十八条 / R-L01 (issue 8 §10): until the review workflow exists, a decision that needs review cannot be made. */
async function reviewGate(db: AnyDb, facts: CaseFacts, input: Record<string, unknown>, today: string) {
  const rules = await confirmedReviewRules(db, facts.agency.id);
  const evaluation = evaluateReview(rules, proposedDecisionOf(facts, input), today);
  if (!evaluation.needsReview) return;
  throw new RefusedError(
    'REVIEW_REQUIRED',
    `《中华人民共和国行政处罚法》第五十八条：未经法制审核或者审核未通过的，不得作出决定。本决定须经法制审核：${evaluation.matches.map((m) => m.reason).join('；')}`,
    { guard: 'REVIEW_REQUIRED', article: '《中华人民共和国行政处罚法》第五十八条', matches: evaluation.matches },
  );
}

export async function takeAction(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  actionName: string,
  rawInput: unknown,
  expectedVersion: number | null,
): Promise<ActionResult> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await caseInScope(trx, actor, caseId, true);
    // R-C08: an archived case file is final; every action (a remedy after closing too) is refused
    await assertCaseWritable(trx, row.id);
    const def = await definitionOf(trx, row.procedure_code, row.procedure_version);
    const candidates = def.actions.filter((a) => a.name === actionName);
    if (!candidates.length) throw notFound(`办理事项「${actionName}」`, { action: actionName, procedure: def.code });
    if (expectedVersion !== null && expectedVersion !== row.version)
      throw new AppError('PRECONDITION_FAILED', '案件已被他人办理，页面上的状态已过时，请刷新后再办理', {
        expected: expectedVersion,
        current: row.version,
      });
    const action = candidates.find((a) => a.from.includes(row.state));
    if (!action) {
      const first = candidates[0] as ActionDef;
      throw new RefusedError('STATE', `案件当前为「${def.states[row.state]?.label ?? row.state}」，不能办理「${first.label}」`, {
        guard: 'STATE',
        state: row.state,
        allowedFrom: first.from,
      });
    }
    assertMay(action, await rolesOnCase(trx, actor, row));
    const input = validateInput(action.input, rawInput, `「${action.label}」`);
    const today = shanghaiDate(ctx.clock.now());
    const facts = await buildFacts(trx, row, def, today);
    const g = await guardContext(trx, row.jurisdiction_code, today);
    runGuards(action.guards, facts, input, g);
    // R-C04 (issue 9 §4): a step the AV-duty list marks full-process needs its AV record first
    const av = await avRefusal(trx, { agencyId: row.agency_id, caseId: row.id }, action);
    if (av) throw new RefusedError(av.code, av.message, { guard: av.code, article: av.article, ...av.details });
    if (action.reviewGate) await reviewGate(trx, facts, input, today);
    return record(trx, ctx, actor, { row, def, action, input, today, g, facts });
  });
}

interface Step {
  row: EnforcementCaseTable;
  def: ProcedureDefinition;
  action: ActionDef;
  input: Record<string, unknown>;
  today: string;
  g: GuardContext;
  facts: CaseFacts;
}

/** Writes one act: effects, approval, number, time limits, the event and its journal entry. */
async function record(trx: AnyTrx, ctx: AppContext, actor: Actor, s: Step): Promise<ActionResult> {
  const { row, def, action, input, today } = s;
  const now = ctx.clock.now();
  const recorded = structuredClone(input);
  if (action.effects?.includes('add_party')) recorded.party = await addParty(trx, ctx, actor, row, input.party as PartyInput);
  if (action.effects?.includes('assign_officers')) await assignOfficers(trx, ctx, row, input.officerIds as string[], today);
  if (action.approval) await approvalStep(trx, ctx, actor, row, action, input);
  const patch: Partial<EnforcementCaseTable> = {};
  if (action.allocatesNumber && !row.number) Object.assign(patch, await allocateNumber(trx, row, s.def, s.g, today));
  await applyLimits(trx, row.id, action, input, s.g, today);
  const to = action.to ?? row.state;
  const journalEntry = await ctx.journal.append(trx, {
    actor: journalActor(actor),
    action: `case.${action.name}`,
    entity: { type: 'case', id: row.id },
    payload: { procedure: `${def.code}@${def.version}`, from: row.state, to, input: recorded, number: patch.number ?? row.number },
  });
  const seq = await nextEventSeq(trx, row.id);
  await casesDb(trx)
    .insertInto('case_event')
    .values({
      case_id: row.id,
      seq,
      action: action.name,
      label: action.label,
      from_state: row.state,
      to_state: to,
      record: action.records ?? action.name,
      input: JSON.stringify(recorded),
      on_date: today,
      at: now,
      by_user: actor.userId,
      by_name: actor.displayName,
      journal_seq: journalEntry.seq,
    })
    .execute();
  let openedCaseId: string | null = null;
  if (action.opens) openedCaseId = await openChild(trx, ctx, actor, row, action.opens, input, today);
  await casesDb(trx)
    .updateTable('enforcement_case')
    .set({
      ...patch,
      state: to,
      // a remedy recorded after closing (record_remedy on a closed case) keeps the closing date
      closed_on: def.states[to]?.final ? (row.closed_on ?? today) : null,
      next_due_on: await nextDue(trx, row.id),
      // the list's party summary changes only when a party is added
      ...(action.effects?.includes('add_party') ? { party_names: await partyNames(trx, row.id) } : {}),
      updated_at: now,
      version: row.version + 1,
    })
    .where('id', '=', row.id)
    .execute();
  return { caseId: row.id, journalSeq: journalEntry.seq, openedCaseId };
}

export async function nextEventSeq(trx: AnyTrx, caseId: string): Promise<number> {
  const r = await casesDb(trx)
    .selectFrom('case_event')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

async function nextDue(trx: AnyTrx, caseId: string): Promise<string | null> {
  const r = await casesDb(trx)
    .selectFrom('case_time_limit')
    .select(sql<string | null>`to_char(min(due_on), 'YYYY-MM-DD')`.as('due'))
    .where('case_id', '=', caseId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return r?.due ?? null;
}

async function partyNames(trx: AnyTrx, caseId: string): Promise<string> {
  const rows = await partyRows(trx, caseId);
  return rows
    .map((p) => p.name)
    .join('、')
    .slice(0, 500);
}

// ---------------------------------------------------------------------------------------------
// Time limits (issue 8 §8)

function unitOf(setting: TimeLimitStart['setting']): TimeLimitUnit {
  return settingDefs[setting].unit === 'working_days' ? 'working_days' : 'natural_days';
}

async function startLimits(
  trx: AnyTrx,
  caseId: string,
  starts: readonly TimeLimitStart[],
  input: Record<string, unknown>,
  g: GuardContext,
) {
  for (const t of starts) {
    const most = Number(g.settings[t.setting]);
    const asked = t.daysField ? Number(input[t.daysField]) : Number.NaN;
    const days = Number.isFinite(asked) && asked > 0 ? Math.min(asked, most) : most;
    const unit = unitOf(t.setting);
    const from = t.from && t.from !== 'action_date' ? String(input[t.from.field] ?? g.today) : g.today;
    const last = await casesDb(trx)
      .selectFrom('case_time_limit')
      .select((eb) => eb.fn.max('seq').as('m'))
      .where('case_id', '=', caseId)
      .where('kind', '=', t.kind)
      .executeTakeFirst();
    // a limit started again (a second notice) ends the one before
    await casesDb(trx)
      .updateTable('case_time_limit')
      .set({ status: 'met', ended_on: g.today })
      .where('case_id', '=', caseId)
      .where('kind', '=', t.kind)
      .where('status', '!=', 'met')
      .execute();
    await casesDb(trx)
      .insertInto('case_time_limit')
      .values({
        case_id: caseId,
        kind: t.kind,
        seq: Number(last?.m ?? 0) + 1,
        label: t.label,
        article: t.article,
        unit,
        days,
        starts_on: from,
        due_on: computeDueDate(from, days, unit, g.calendar),
        status: 'running',
        ended_on: null,
        extended_days: 0,
        paused_days: 0,
        paused_since: null,
      })
      .execute();
  }
}

async function applyLimits(trx: AnyTrx, caseId: string, action: ActionDef, input: Record<string, unknown>, g: GuardContext, today: string) {
  const limits = await limitRows(trx, caseId);
  const latest = (kind: string) => limits.filter((l) => l.kind === kind && l.status !== 'met').at(-1);
  const set = (l: { kind: string; seq: number }, patch: Record<string, unknown>) =>
    casesDb(trx)
      .updateTable('case_time_limit')
      .set(patch)
      .where('case_id', '=', caseId)
      .where('kind', '=', l.kind)
      .where('seq', '=', l.seq)
      .execute();
  for (const kind of action.stops ?? []) {
    const l = latest(kind);
    if (l) await set(l, { status: 'met', ended_on: today, paused_since: null });
  }
  for (const e of action.extends ?? []) {
    const l = latest(e.kind);
    if (!l) continue;
    const most = Number(g.settings[e.setting]);
    const asked = e.daysField ? Number(input[e.daysField] ?? most) : most;
    const extended = l.extended_days + Math.min(asked, most);
    await set(l, { extended_days: extended, due_on: computeDueDate(l.starts_on, l.days, l.unit, g.calendar, l.paused_days, extended) });
  }
  for (const kind of action.pauses ?? []) {
    const l = latest(kind);
    if (l && l.status === 'running') await set(l, { status: 'paused', paused_since: today });
  }
  for (const kind of action.resumes ?? []) {
    const l = latest(kind);
    if (l?.status !== 'paused' || !l.paused_since) continue;
    const paused = l.paused_days + pausedLength(g.calendar, l.paused_since, today, l.unit);
    await set(l, {
      status: 'running',
      paused_since: null,
      paused_days: paused,
      due_on: computeDueDate(l.starts_on, l.days, l.unit, g.calendar, paused, l.extended_days),
    });
  }
  if (action.starts?.length) await startLimits(trx, caseId, action.starts, input, g);
}

// ---------------------------------------------------------------------------------------------
// Case numbers (R-C08): gap-free per agency, year and category, taken inside the transaction

async function allocateNumber(trx: AnyTrx, row: EnforcementCaseTable, def: ProcedureDefinition, g: GuardContext, today: string) {
  const year = Number(today.slice(0, 4));
  // the counter row stays locked until the filing commits: a concurrent filing waits, and a
  // filing that rolls back gives its number back, so numbers have no gaps and never repeat
  const r = await casesDb(trx)
    .insertInto('case_number_counter')
    .values({ agency_id: row.agency_id, year, category: def.numberCategory, last_seq: 1 })
    .onConflict((oc) => oc.columns(['agency_id', 'year', 'category']).doUpdateSet({ last_seq: sql`case_number_counter.last_seq + 1` }))
    .returning(['last_seq'])
    .executeTakeFirstOrThrow();
  const agency = await agencyForCases(trx, row.agency_id);
  const number = formatCaseNumber(String(g.settings['cases.number_format']), {
    agency: agencyShortName(agency?.name ?? ''),
    category: def.numberCategory,
    year,
    seq: r.last_seq,
  });
  return { number, number_year: year, number_seq: r.last_seq, filed_on: row.filed_on ?? today };
}

// ---------------------------------------------------------------------------------------------
// Approvals (立案, 延期, 结案 …) through the one revision mechanism (platform/revisions)

async function approvalStep(
  trx: AnyTrx,
  ctx: AppContext,
  actor: Actor,
  row: EnforcementCaseTable,
  action: ActionDef,
  input: Record<string, unknown>,
) {
  const approval = action.approval;
  if (!approval) return;
  const subjectKey = `case:${row.id}:${approval.kind}`;
  const author = { journal: journalActor(actor), id: actor.userId, name: actor.displayName };
  if (approval.step === 'request') {
    await submit(trx, ctx, author, {
      listKind: `case.${approval.kind}`,
      subjectKey,
      listKey: `case:${row.id}`,
      agencyId: row.agency_id,
      jurisdictionCode: row.jurisdiction_code,
      items: [{ key: approval.kind, version: row.version, label: action.label, data: input, public: null }],
      note: String(input.reason ?? input.note ?? action.label).slice(0, 500),
      publicNote: '',
      title: `${row.title}（${action.label}）`,
    });
    return;
  }
  const open = await openSubmission(trx, subjectKey);
  if (!open) throw conflict(`「${action.label}」没有待审批的申请`, { approval: approval.kind });
  if (open.submitted_by === actor.userId)
    throw new RefusedError('SELF_APPROVAL', '不能审批本人提出的申请，请由本机关其他负责人审批', {
      guard: 'SELF_APPROVAL',
      approval: approval.kind,
    });
  if (approval.step === 'approve')
    await confirm(trx, ctx, author, { id: open.id, note: input.note ? String(input.note) : null, publish: async () => null });
  else await returnRevision(trx, ctx, author, { id: open.id, reason: String(input.reason ?? '退回') });
}

// ---------------------------------------------------------------------------------------------
// Parties (R-C06) and officers (R-P01)

export interface PartyInput {
  kind: 'natural_person' | 'organisation';
  name: string;
  idNumber?: string | null;
  uscc?: string | null;
  address?: string | null;
  phone?: string | null;
  legalRepresentative?: string | null;
}

function partyProblem(p: PartyInput): { field: string; message: string } | null {
  if (p.kind === 'natural_person') {
    if (p.uscc) return { field: 'party.uscc', message: '自然人不填写统一社会信用代码' };
    if (p.idNumber) {
      const m = idNumberProblem(p.idNumber.toUpperCase());
      if (m) return { field: 'party.idNumber', message: m };
    }
  } else {
    if (p.idNumber) return { field: 'party.idNumber', message: '单位当事人不填写公民身份号码（法定代表人另填）' };
    if (p.uscc) {
      const m = usccProblem(p.uscc);
      if (m) return { field: 'party.uscc', message: m };
    }
  }
  return null;
}

/**
 * Adds a party to the case, finding the agency's existing record by ID number or USCC (one place
 * per party, R-C06). Answers what the case's record keeps: the ID number masked (R-D02).
 */
export async function addParty(
  trx: AnyTrx,
  ctx: AppContext,
  actor: Actor,
  row: Pick<EnforcementCaseTable, 'id' | 'agency_id'>,
  p: PartyInput,
) {
  const problem = partyProblem(p);
  if (problem) throw new AppError('INPUT_INVALID', `当事人信息有误：${problem.message}`, { fields: [{ ...problem, in: 'body' }] });
  const idNumber = p.idNumber ? p.idNumber.toUpperCase() : null;
  const uscc = p.uscc ? p.uscc.toUpperCase() : null;
  let party = idNumber
    ? await casesDb(trx)
        .selectFrom('party')
        .select(['id'])
        .where('agency_id', '=', row.agency_id)
        .where('id_number', '=', idNumber)
        .executeTakeFirst()
    : uscc
      ? await casesDb(trx)
          .selectFrom('party')
          .select(['id'])
          .where('agency_id', '=', row.agency_id)
          .where('uscc', '=', uscc)
          .executeTakeFirst()
      : undefined;
  if (!party) {
    party = { id: randomUUID() };
    await casesDb(trx)
      .insertInto('party')
      .values({
        id: party.id,
        agency_id: row.agency_id,
        kind: p.kind,
        name: p.name,
        id_number: idNumber,
        uscc,
        address: p.address ?? null,
        phone: p.phone ?? null,
        legal_representative: p.legalRepresentative ?? null,
        created_at: ctx.clock.now(),
        created_by: actor.userId,
      })
      .execute();
  }
  const linked = await casesDb(trx)
    .selectFrom('case_party')
    .select(['party_id'])
    .where('case_id', '=', row.id)
    .where('party_id', '=', party.id)
    .executeTakeFirst();
  if (linked) throw conflict(`当事人「${p.name}」已在本案中`, { partyId: party.id });
  await casesDb(trx)
    .insertInto('case_party')
    .values({ case_id: row.id, party_id: party.id, added_at: ctx.clock.now(), added_by: actor.userId })
    .execute();
  return { ...p, partyId: party.id, idNumber: idNumber ? maskIdNumber(idNumber) : null, phone: p.phone ? '（已记录）' : null };
}

async function assignOfficers(
  trx: AnyTrx,
  ctx: AppContext,
  row: Pick<EnforcementCaseTable, 'id' | 'agency_id'>,
  officerIds: readonly string[],
  today: string,
) {
  const unique = [...new Set(officerIds)];
  const facts = await officersForCases(trx, unique, today);
  const missing = unique.filter((id) => !facts.some((f) => f.officerId === id && f.agencyId === row.agency_id));
  if (missing.length)
    throw new AppError('INPUT_INVALID', '执法人员须为本机关的人员', {
      fields: [{ field: 'officerIds', message: '执法人员须为本机关的人员', in: 'body' }],
      missing,
    });
  const now = ctx.clock.now();
  // assigned_at is part of the key (case, officer, assigned_at): an officer assigned again in the
  // same millisecond (a reassignment keeping them, on a fast or a manual clock) must not collide
  // with their previous row, so new rows start after the case's latest assignment
  const last = await casesDb(trx)
    .selectFrom('case_officer')
    .select((eb) => eb.fn.max('assigned_at').as('m'))
    .where('case_id', '=', row.id)
    .executeTakeFirst();
  const from = Math.max(now.getTime(), last?.m ? new Date(last.m as string | Date).getTime() + 1 : 0);
  await casesDb(trx)
    .updateTable('case_officer')
    .set({ ended_at: now })
    .where('case_id', '=', row.id)
    .where('ended_at', 'is', null)
    .execute();
  for (const [i, id] of unique.entries()) {
    const f = facts.find((x) => x.officerId === id);
    await casesDb(trx)
      .insertInto('case_officer')
      .values({
        case_id: row.id,
        officer_id: id,
        user_id: f?.userId ?? null,
        name: f?.name ?? '',
        assigned_at: new Date(from + i),
      })
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Opening a case

export interface OpenCaseInput {
  procedure: string;
  title: string;
  domain?: string | null;
  itemCode?: string | null;
  officerIds?: string[];
  parties?: PartyInput[];
  open: Record<string, unknown>;
}

export async function openCase(ctx: AppContext, actor: Actor, body: OpenCaseInput): Promise<{ caseId: string; journalSeq: number }> {
  if (!actor.agencyId) throw new AppError('FORBIDDEN', '只有执法机关的执法人员可以登记案件', {});
  const agency = await agencyForCases(ctx.db, actor.agencyId);
  if (!agency || agency.isSupervising) throw new AppError('FORBIDDEN', '司法局不办理执法案件；请以执法机关的执法人员账号登记', {});
  const def = await currentDefinition(ctx.db, body.procedure, agency.jurisdictionCode, shanghaiDate(ctx.clock.now()));
  const open = validateInput(def.open, body.open, `${def.label}的登记`);
  return ctx.db.transaction().execute(async (trx) => {
    const self = await officerOfUser(trx, actor.userId);
    const officerIds = [...new Set([...(self && self.agencyId === agency.id ? [self.id] : []), ...(body.officerIds ?? [])])];
    const r = await insertCase(trx, ctx, actor, {
      def,
      agencyId: agency.id,
      jurisdictionCode: agency.jurisdictionCode,
      body,
      open,
      officerIds,
      parentId: null,
    });
    return r;
  });
}

async function insertCase(
  trx: AnyTrx,
  ctx: AppContext,
  actor: Actor,
  c: {
    def: ProcedureDefinition;
    agencyId: string;
    jurisdictionCode: string;
    body: Omit<OpenCaseInput, 'procedure' | 'open'>;
    open: Record<string, unknown>;
    officerIds: string[];
    parentId: string | null;
  },
) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const id = randomUUID();
  await storeDefinition(trx, c.def, now);
  const row: EnforcementCaseTable = {
    id,
    agency_id: c.agencyId,
    jurisdiction_code: c.jurisdictionCode,
    procedure_code: c.def.code,
    procedure_version: c.def.version,
    state: c.def.initial,
    title: c.body.title,
    domain: c.body.domain ?? null,
    item_code: c.body.itemCode ?? null,
    number: null,
    number_year: null,
    number_seq: null,
    opened_on: today,
    filed_on: null,
    closed_on: null,
    parent_case_id: c.parentId,
    next_due_on: null,
    party_names: '',
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await casesDb(trx).insertInto('enforcement_case').values(row).execute();
  if (c.officerIds.length) await assignOfficers(trx, ctx, row, c.officerIds, today);
  const parties = [];
  for (const p of c.body.parties ?? []) parties.push(await addParty(trx, ctx, actor, row, p));
  const g = await guardContext(trx, c.jurisdictionCode, today);
  const facts = await buildFacts(trx, row, c.def, today);
  runGuards(c.def.openGuards, facts, c.open, g);
  if (c.def.openStarts?.length) await startLimits(trx, id, c.def.openStarts, c.open, g);
  const recorded = { ...c.open, parties, officerIds: c.officerIds, title: row.title, domain: row.domain, itemCode: row.item_code };
  const entry = await ctx.journal.append(trx, {
    actor: journalActor(actor),
    action: 'case.open',
    entity: { type: 'case', id },
    payload: { procedure: `${c.def.code}@${c.def.version}`, to: row.state, input: recorded, parentCaseId: c.parentId },
  });
  await casesDb(trx)
    .insertInto('case_event')
    .values({
      case_id: id,
      seq: 1,
      action: 'open',
      label: `登记（${c.def.label}）`,
      from_state: null,
      to_state: row.state,
      record: 'open',
      input: JSON.stringify(recorded),
      on_date: today,
      at: now,
      by_user: actor.userId,
      by_name: actor.displayName,
      journal_seq: entry.seq,
    })
    .execute();
  await casesDb(trx)
    .updateTable('enforcement_case')
    .set({ next_due_on: await nextDue(trx, id), party_names: await partyNames(trx, id) })
    .where('id', '=', id)
    .execute();
  return { caseId: id, journalSeq: entry.seq };
}

/** An action that opens another case (an inspection's finding → a penalty case): same agency, officers and parties. */
async function openChild(
  trx: AnyTrx,
  ctx: AppContext,
  actor: Actor,
  parent: EnforcementCaseTable,
  code: string,
  input: Record<string, unknown>,
  today: string,
) {
  const def = await currentDefinition(trx, code, parent.jurisdiction_code, today);
  const lead = (input.lead as Record<string, unknown> | undefined) ?? {};
  const open = validateInput(def.open, lead, `${def.label}的登记`);
  const officers = await currentOfficerIds(trx, parent.id);
  const parties = await partyRows(trx, parent.id);
  const r = await insertCase(trx, ctx, actor, {
    def,
    agencyId: parent.agency_id,
    jurisdictionCode: parent.jurisdiction_code,
    body: { title: `${parent.title}（${today} 检查发现）`, domain: parent.domain, itemCode: parent.item_code },
    open,
    officerIds: officers.map((o) => o.officerId),
    parentId: parent.id,
  });
  for (const p of parties)
    await casesDb(trx)
      .insertInto('case_party')
      .values({ case_id: r.caseId, party_id: p.id, added_at: ctx.clock.now(), added_by: actor.userId })
      .execute();
  await casesDb(trx)
    .updateTable('enforcement_case')
    .set({ party_names: await partyNames(trx, r.caseId) })
    .where('id', '=', r.caseId)
    .execute();
  return r.caseId;
}
