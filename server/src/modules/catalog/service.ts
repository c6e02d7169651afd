import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../database';
import { type Actor, businessRoles, hasAnyRole, journalActor, type Role } from '../../platform/auth';
import { createCalendar } from '../../platform/calendar';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import type { JournalActor } from '../../platform/journal/append';
import { canonicalJson } from '../../platform/journal/hash';
import { type PublicEntry, publishList } from '../disclosure';
import {
  dataProblems,
  entryLabel,
  entrySearchExtra,
  evaluateReview,
  listKindLabels,
  type PublicAgency,
  publicationOverdue,
  publicContent,
  revisionStatusLabels,
} from './rules';
import type { AlertView, EntryView, EvaluateBody, KindData, ListRevisionView, ReviewRuleData } from './schema';
import type { CatalogListKind, CatalogListRevisionTable, ListRevisionStatus } from './tables';

/** Who makes a change: the journal's actor plus the id and name kept in the version history. */
export interface Author {
  journal: JournalActor;
  id: string;
  name: string;
}

export const authorOf = (actor: Actor): Author => ({ journal: journalActor(actor), id: actor.userId, name: actor.displayName });

/** An agency's list editors (issue 3): its head, disclosure clerk and legal reviewer. */
export const editorRoles: readonly Role[] = ['agency_head', 'disclosure_clerk', 'reviewer'];
/** R-D08: a change is public within this many working days (RULES.md default). */
export const publicationDays = 5;

interface AgencyRow extends PublicAgency {
  jurisdictionCode: string;
}

type Db = Kysely<Database> | Transaction<Database>;

async function loadAgency(db: Db, id: string): Promise<AgencyRow | undefined> {
  const r = await db
    .selectFrom('agency')
    .select(['id', 'name', 'jurisdiction_code', 'is_supervising'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { id: r.id, name: r.name, jurisdictionCode: r.jurisdiction_code, isSupervising: r.is_supervising };
}

const isSupervisorOf = (actor: Actor, agency: AgencyRow) =>
  actor.roles.includes('supervisor') && actor.jurisdictionCode !== null && actor.jurisdictionCode === agency.jurisdictionCode;

/**
 * The agency whose list the caller reads or edits (DESIGN.md invariant 6). Staff of an agency
 * read its lists; its editors change them, and the justice bureau's supervisors change the
 * bureau's own (jurisdiction-wide) lists; supervisors read every agency of their jurisdiction.
 * Out of scope answers 404; in scope without the right role 403.
 */
export async function agencyInScope(db: Db, actor: Actor, agencyId: string | undefined, mode: 'read' | 'edit'): Promise<AgencyRow> {
  const id = agencyId ?? actor.agencyId;
  const agency = id ? await loadAgency(db, id) : undefined;
  if (!agency) throw notFound('执法主体', { agencyId: id ?? null });
  const own = actor.agencyId === agency.id;
  const supervisor = isSupervisorOf(actor, agency);
  if (mode === 'read') {
    if ((own && hasAnyRole(actor, businessRoles)) || supervisor) return agency;
    throw notFound('执法主体', { agencyId: agency.id });
  }
  if (own && (hasAnyRole(actor, editorRoles) || (agency.isSupervising && actor.roles.includes('supervisor')))) return agency;
  if (own || supervisor) throw forbidden('修改该单位的清单');
  throw notFound('执法主体', { agencyId: agency.id });
}

// ---------------------------------------------------------------------------------------------
// Reading versions

interface EntryRow {
  entry_id: string;
  agency_id: string;
  revision: number;
  code: string;
  data: unknown;
  removed: boolean;
  reason: string;
  changed_by_name: string;
  changed_at: Date;
  list_revision: number;
}

export async function entryRows(db: Db, kind: CatalogListKind, agencyId: string): Promise<EntryRow[]> {
  return db
    .selectFrom('catalog_entry_revision as e')
    .innerJoin('catalog_list_revision as l', 'l.id', 'e.list_revision_id')
    .select([
      'e.entry_id',
      'e.agency_id',
      'e.revision',
      'e.code',
      'e.data',
      'e.removed',
      'e.reason',
      'e.changed_by_name',
      'e.changed_at',
      'l.revision as list_revision',
    ])
    .where('e.list_kind', '=', kind)
    .where('e.agency_id', '=', agencyId)
    .orderBy('e.entry_id')
    .orderBy('e.revision')
    .execute();
}

/** The latest version of each entry among versions in list revisions up to `upTo` (all when absent). */
export function latestPerEntry(rows: readonly EntryRow[], upTo = Number.POSITIVE_INFINITY): Map<string, EntryRow> {
  const latest = new Map<string, EntryRow>();
  for (const r of rows) if (r.list_revision <= upTo) latest.set(r.entry_id, r);
  return latest;
}

async function listRevisions(db: Db, kind: CatalogListKind, agencyId: string) {
  return db
    .selectFrom('catalog_list_revision')
    .selectAll()
    .where('list_kind', '=', kind)
    .where('agency_id', '=', agencyId)
    .orderBy('revision')
    .execute();
}

const lastConfirmed = (revs: readonly CatalogListRevisionTable[]) =>
  revs.filter((r) => r.status === 'confirmed').reduce((n, r) => Math.max(n, r.revision), 0);

function toEntryView<K extends CatalogListKind>(r: EntryRow, publishedRevision: number | undefined): EntryView<KindData[K]> {
  return {
    id: r.entry_id,
    agencyId: r.agency_id,
    revision: r.revision,
    removed: r.removed,
    published: publishedRevision === r.revision,
    reason: r.reason,
    changedBy: r.changed_by_name,
    changedAt: new Date(r.changed_at).toISOString(),
    listRevision: r.list_revision,
    data: r.data as KindData[K],
  };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toRevisionView(r: CatalogListRevisionTable, agencyName: string, changeCount: number): ListRevisionView {
  return {
    id: r.id,
    listKind: r.list_kind,
    listLabel: listKindLabels[r.list_kind],
    agencyId: r.agency_id,
    agencyName,
    revision: r.revision,
    status: r.status,
    statusLabel: revisionStatusLabels[r.status],
    openedAt: new Date(r.opened_at).toISOString(),
    submittedAt: iso(r.submitted_at),
    submittedBy: r.submitted_by_name,
    submitReason: r.submit_reason,
    decidedAt: iso(r.decided_at),
    decidedBy: r.decided_by_name,
    decisionNote: r.decision_note,
    publishedVersion: r.published_version,
    changeCount,
  };
}

async function changeCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('catalog_entry_revision')
    .select(['list_revision_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('list_revision_id', 'in', ids)
    .groupBy('list_revision_id')
    .execute();
  return new Map(rows.map((r) => [r.list_revision_id, Number(r.n)]));
}

/** The working state of an agency's list (latest versions, removed ones left out) and its open revision. */
export async function listEntries<K extends CatalogListKind>(ctx: AppContext, actor: Actor, kind: K, agencyId?: string) {
  const agency = await agencyInScope(ctx.db, actor, agencyId, 'read');
  const [rows, revs] = await Promise.all([entryRows(ctx.db, kind, agency.id), listRevisions(ctx.db, kind, agency.id)]);
  const published = latestPerEntry(rows, lastConfirmed(revs));
  const items = [...latestPerEntry(rows).values()]
    .filter((r) => !r.removed)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => toEntryView<K>(r, published.get(r.entry_id)?.revision));
  const open = revs.at(-1);
  const openRevision =
    open && (open.status === 'draft' || open.status === 'submitted')
      ? toRevisionView(open, agency.name, (await changeCounts(ctx.db, [open.id])).get(open.id) ?? 0)
      : null;
  return { agencyId: agency.id, openRevision, items };
}

async function entryInScope(db: Db, actor: Actor, kind: CatalogListKind, entryId: string, mode: 'read' | 'edit') {
  const first = await db
    .selectFrom('catalog_entry_revision')
    .select(['agency_id'])
    .where('entry_id', '=', entryId)
    .where('list_kind', '=', kind)
    .executeTakeFirst();
  if (!first) throw notFound('条目', { entryId });
  try {
    return await agencyInScope(db, actor, first.agency_id, mode);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound('条目', { entryId });
    throw e;
  }
}

/** Every version of one entry, oldest first (R-D08 history with who, when, why). */
export async function entryHistory<K extends CatalogListKind>(ctx: AppContext, actor: Actor, kind: K, entryId: string) {
  const agency = await entryInScope(ctx.db, actor, kind, entryId, 'read');
  const [rows, revs] = await Promise.all([entryRows(ctx.db, kind, agency.id), listRevisions(ctx.db, kind, agency.id)]);
  const published = latestPerEntry(rows, lastConfirmed(revs)).get(entryId)?.revision;
  return { items: rows.filter((r) => r.entry_id === entryId).map((r) => toEntryView<K>(r, published)) };
}

/** The latest version of one entry (a removed entry shows its removal version). */
export async function getEntry<K extends CatalogListKind>(ctx: AppContext, actor: Actor, kind: K, entryId: string) {
  const { items } = await entryHistory<K>(ctx, actor, kind, entryId);
  return items[items.length - 1] as EntryView<KindData[K]>;
}

// ---------------------------------------------------------------------------------------------
// Changing entries: each change is a new version inside the agency's open list revision

async function openRevisionFor(trx: Transaction<Database>, ctx: AppContext, author: Author, kind: CatalogListKind, agency: AgencyRow) {
  const latest = await trx
    .selectFrom('catalog_list_revision')
    .selectAll()
    .where('list_kind', '=', kind)
    .where('agency_id', '=', agency.id)
    .orderBy('revision', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (latest?.status === 'submitted')
    throw conflict(`${listKindLabels[kind]}第 ${latest.revision} 版已提交司法局确认，确认或退回后才能继续修改`, {
      revisionId: latest.id,
    });
  if (latest?.status === 'draft') return latest;
  const row: CatalogListRevisionTable = {
    id: randomUUID(),
    list_kind: kind,
    agency_id: agency.id,
    jurisdiction_code: agency.jurisdictionCode,
    revision: (latest?.revision ?? 0) + 1,
    status: 'draft',
    opened_at: ctx.clock.now(),
    opened_by: author.id,
    submitted_at: null,
    submitted_by: null,
    submitted_by_name: null,
    submit_reason: null,
    decided_at: null,
    decided_by: null,
    decided_by_name: null,
    decision_note: null,
    published_version: null,
  };
  await trx.insertInto('catalog_list_revision').values(row).execute();
  return row;
}

/**
 * Item codes are public addresses (/portal/items/{code}, /api/v1/public/items/{code}), so an item
 * code is unique across every agency, not only within one list. Answers code → the agency using it.
 */
export async function itemCodesTakenElsewhere(db: Db, agencyId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    const ids = db
      .selectFrom('catalog_entry_revision')
      .select('entry_id')
      .where('list_kind', '=', 'items')
      .where('agency_id', '<>', agencyId)
      .where('code', 'in', chunk);
    const rows = await db
      .selectFrom('catalog_entry_revision as e')
      .innerJoin('agency as a', 'a.id', 'e.agency_id')
      .select(['e.entry_id', 'e.code', 'e.removed', 'a.name'])
      .where('e.entry_id', 'in', ids)
      .orderBy('e.entry_id')
      .orderBy('e.revision')
      .execute();
    const latest = new Map(rows.map((r) => [r.entry_id, r]));
    for (const r of latest.values()) if (!r.removed && chunk.includes(r.code)) taken.set(r.code, r.name);
  }
  return taken;
}

async function checkEntry<K extends CatalogListKind>(
  trx: Transaction<Database>,
  kind: K,
  agency: AgencyRow,
  data: KindData[K],
  entryId: string | null,
) {
  const problems = dataProblems(kind, data);
  if (problems.length) throw new AppError('VALIDATION_FAILED', `填写有误：${problems[0]?.message}`, { fields: problems });
  const current = latestPerEntry(await entryRows(trx, kind, agency.id));
  for (const r of current.values()) {
    if (!r.removed && r.code === data.code && r.entry_id !== entryId)
      throw conflict(`编码 ${data.code} 已被本单位${listKindLabels[kind]}中的其他条目使用`, {
        fields: [{ field: 'code', message: '编码重复' }],
      });
  }
  if (kind === 'items') {
    const elsewhere = (await itemCodesTakenElsewhere(trx, agency.id, [data.code])).get(data.code);
    if (elsewhere)
      throw conflict(`事项编码 ${data.code} 已被${elsewhere}使用；事项编码在全平台唯一`, {
        fields: [{ field: 'code', message: '编码重复' }],
      });
  }
  if (kind === 'discretion_standards') {
    const itemCode = (data as KindData['discretion_standards']).itemCode;
    if (itemCode) {
      const items = latestPerEntry(await entryRows(trx, 'items', agency.id));
      if (![...items.values()].some((r) => !r.removed && r.code === itemCode))
        throw new AppError('VALIDATION_FAILED', `本单位执法事项清单中没有编码为 ${itemCode} 的事项`, {
          fields: [{ field: 'itemCode', message: '事项不存在' }],
        });
    }
  }
  return current;
}

async function insertVersion(
  trx: Transaction<Database>,
  ctx: AppContext,
  author: Author,
  kind: CatalogListKind,
  agency: AgencyRow,
  v: { entryId: string; revision: number; data: { code: string }; removed: boolean; reason: string },
) {
  const open = await openRevisionFor(trx, ctx, author, kind, agency);
  const now = ctx.clock.now();
  await trx
    .insertInto('catalog_entry_revision')
    .values({
      entry_id: v.entryId,
      list_kind: kind,
      agency_id: agency.id,
      list_revision_id: open.id,
      revision: v.revision,
      code: v.data.code,
      data: JSON.stringify(v.data),
      removed: v.removed,
      reason: v.reason,
      changed_by: author.id,
      changed_by_name: author.name,
      changed_at: now,
    })
    .execute();
  const action = v.removed ? 'remove' : v.revision === 1 ? 'create' : 'update';
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: `catalog.entry.${action}`,
    entity: { type: `catalog_${kind}`, id: v.entryId },
    payload: { agencyId: agency.id, listRevision: open.revision, revision: v.revision, reason: v.reason, data: v.data },
  });
  return {
    entry_id: v.entryId,
    agency_id: agency.id,
    revision: v.revision,
    code: v.data.code,
    data: v.data,
    removed: v.removed,
    reason: v.reason,
    changed_by_name: author.name,
    changed_at: now,
    list_revision: open.revision,
  } satisfies EntryRow;
}

/** A new entry in the agency's list (version 1), inside the open list revision. */
export async function insertEntry<K extends CatalogListKind>(
  trx: Transaction<Database>,
  ctx: AppContext,
  author: Author,
  kind: K,
  agency: AgencyRow,
  data: KindData[K],
  reason: string,
) {
  await checkEntry(trx, kind, agency, data, null);
  return insertVersion(trx, ctx, author, kind, agency, { entryId: randomUUID(), revision: 1, data, removed: false, reason });
}

function splitReason<T extends { reason: string }>(body: T): [Omit<T, 'reason'>, string] {
  const { reason, ...data } = body;
  return [data, reason];
}

export async function createEntry<K extends CatalogListKind>(
  ctx: AppContext,
  actor: Actor,
  kind: K,
  body: KindData[K] & { reason: string },
) {
  const agency = await agencyInScope(ctx.db, actor, undefined, 'edit');
  const [data, reason] = splitReason(body);
  const row = await ctx.db
    .transaction()
    .execute((trx) => insertEntry(trx, ctx, authorOf(actor), kind, agency, data as unknown as KindData[K], reason));
  return toEntryView<K>(row, undefined);
}

export async function updateEntry<K extends CatalogListKind>(
  ctx: AppContext,
  actor: Actor,
  kind: K,
  entryId: string,
  body: (KindData[K] & { reason: string }) | { reason: string },
  remove = false,
) {
  const agency = await entryInScope(ctx.db, actor, kind, entryId, 'edit');
  const [data, reason] = splitReason(body);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = remove
      ? latestPerEntry(await entryRows(trx, kind, agency.id))
      : await checkEntry(trx, kind, agency, data as unknown as KindData[K], entryId);
    const latest = current.get(entryId);
    if (!latest || latest.removed) throw conflict('该条目已删除，不能再修改', { entryId });
    return insertVersion(trx, ctx, authorOf(actor), kind, agency, {
      entryId,
      revision: latest.revision + 1,
      data: remove ? (latest.data as { code: string }) : (data as unknown as { code: string }),
      removed: remove,
      reason,
    });
  });
  return toEntryView<K>(row, undefined);
}

const comparable = (data: unknown) => canonicalJson(JSON.parse(JSON.stringify(data, (_k, v) => (v === null ? undefined : v))));

/**
 * Writes many entries at once (an import, issue 3 §5): an entry whose code exists gets a new
 * version when its content differs, a new code a new entry; all inside the open list revision,
 * in chunks, with one journal entry naming every code. The caller has checked every entry.
 */
export async function writeEntries<K extends CatalogListKind>(
  trx: Transaction<Database>,
  ctx: AppContext,
  author: Author,
  kind: K,
  agency: AgencyRow,
  entries: readonly KindData[K][],
  reason: string,
  progress: (done: number) => Promise<void> | void = () => {},
) {
  const current = latestPerEntry(await entryRows(trx, kind, agency.id));
  const byCode = new Map([...current.values()].filter((r) => !r.removed).map((r) => [r.code, r]));
  const created: string[] = [];
  const updated: string[] = [];
  const now = ctx.clock.now();
  const pending = [];
  for (const data of entries) {
    const old = byCode.get(data.code);
    if (old && comparable(old.data) === comparable(data)) continue;
    (old ? updated : created).push(data.code);
    pending.push({ entryId: old?.entry_id ?? randomUUID(), revision: (old?.revision ?? 0) + 1, data });
  }
  if (!pending.length) return { created, updated, unchanged: entries.length };
  const open = await openRevisionFor(trx, ctx, author, kind, agency);
  for (let i = 0; i < pending.length; i += 500) {
    await trx
      .insertInto('catalog_entry_revision')
      .values(
        pending.slice(i, i + 500).map((p) => ({
          entry_id: p.entryId,
          list_kind: kind,
          agency_id: agency.id,
          list_revision_id: open.id,
          revision: p.revision,
          code: p.data.code,
          data: JSON.stringify(p.data),
          removed: false,
          reason,
          changed_by: author.id,
          changed_by_name: author.name,
          changed_at: now,
        })),
      )
      .execute();
    await progress(Math.min(i + 500, pending.length));
  }
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: 'catalog.entry.import',
    entity: { type: `catalog_${kind}`, id: open.id },
    payload: {
      agencyId: agency.id,
      listRevision: open.revision,
      reason,
      created,
      updated,
      entries: pending.map((p) => ({
        entryId: p.entryId,
        revision: p.revision,
        sha256: createHash('sha256').update(canonicalJson(p.data)).digest('hex'),
      })),
    },
  });
  return { created, updated, unchanged: entries.length - pending.length };
}

// ---------------------------------------------------------------------------------------------
// Submitting, confirming, returning (R-D03: the justice bureau confirms before publication)

/** The agency submits its unpublished changes of one list for the justice bureau's confirmation. */
export async function submitIn(
  trx: Transaction<Database>,
  ctx: AppContext,
  author: Author,
  kind: CatalogListKind,
  agency: AgencyRow,
  reason: string,
) {
  const revs = await trx
    .selectFrom('catalog_list_revision')
    .selectAll()
    .where('list_kind', '=', kind)
    .where('agency_id', '=', agency.id)
    .orderBy('revision')
    .forUpdate()
    .execute();
  const latest = revs.at(-1);
  if (latest?.status === 'submitted')
    throw conflict(`${listKindLabels[kind]}第 ${latest.revision} 版已提交，等待司法局确认`, { revisionId: latest.id });
  const confirmed = lastConfirmed(revs);
  const pendingIds = revs.filter((r) => r.revision > confirmed).map((r) => r.id);
  const counts = await changeCounts(trx, pendingIds);
  if (![...counts.values()].some((n) => n > 0)) throw conflict(`${listKindLabels[kind]}没有待公示的变更`, {});
  const now = ctx.clock.now();
  const submitted = {
    status: 'submitted' as const,
    submitted_at: now,
    submitted_by: author.id,
    submitted_by_name: author.name,
    submit_reason: reason,
  };
  let row: CatalogListRevisionTable;
  if (latest?.status === 'draft') {
    await trx.updateTable('catalog_list_revision').set(submitted).where('id', '=', latest.id).execute();
    row = { ...latest, ...submitted };
  } else {
    // resubmitting after a return: a new revision that carries the earlier unconfirmed changes
    row = {
      id: randomUUID(),
      list_kind: kind,
      agency_id: agency.id,
      jurisdiction_code: agency.jurisdictionCode,
      revision: (latest?.revision ?? 0) + 1,
      opened_at: now,
      opened_by: author.id,
      decided_at: null,
      decided_by: null,
      decided_by_name: null,
      decision_note: null,
      published_version: null,
      ...submitted,
    };
    await trx.insertInto('catalog_list_revision').values(row).execute();
  }
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: 'catalog.list.submit',
    entity: { type: 'catalog_list_revision', id: row.id },
    payload: { listKind: kind, agencyId: agency.id, revision: row.revision, reason },
  });
  return toRevisionView(row, agency.name, counts.get(row.id) ?? 0);
}

export async function submitList(ctx: AppContext, actor: Actor, kind: CatalogListKind, reason: string) {
  const agency = await agencyInScope(ctx.db, actor, undefined, 'edit');
  return ctx.db.transaction().execute((trx) => submitIn(trx, ctx, authorOf(actor), kind, agency, reason));
}

async function revisionForSupervisor(db: Db, actor: Actor, id: string) {
  const rev = await db.selectFrom('catalog_list_revision').selectAll().where('id', '=', id).executeTakeFirst();
  const agency = rev ? await loadAgency(db, rev.agency_id) : undefined;
  if (!rev || !agency || !isSupervisorOf(actor, agency)) throw notFound('清单版本', { id });
  return { rev, agency };
}

/** The public entries of a list as it stands at list revision `upTo` (removed entries left out). */
async function publicEntriesAt(db: Db, kind: CatalogListKind, agency: AgencyRow, upTo: number): Promise<PublicEntry[]> {
  const rows = [...latestPerEntry(await entryRows(db, kind, agency.id), upTo).values()].filter((r) => !r.removed);
  return rows.map((r) => {
    const data = r.data as { code: string } & Record<string, unknown>;
    return {
      subjectId: r.code,
      label: entryLabel(data),
      content: publicContent(kind, data as KindData[typeof kind], agency, r.revision),
      searchExtra: entrySearchExtra(data),
      sortKey: r.code,
    };
  });
}

/**
 * The justice bureau confirms a submitted list revision: the list as it then stands is published
 * (disclosure `publishList`, whole list, exactly the public fields), in the same transaction.
 */
export async function confirmIn(trx: Transaction<Database>, ctx: AppContext, author: Author, revisionId: string, note: string | null) {
  const rev = await trx.selectFrom('catalog_list_revision').selectAll().where('id', '=', revisionId).forUpdate().executeTakeFirstOrThrow();
  const agency = await loadAgency(trx, rev.agency_id);
  if (!agency) throw notFound('执法主体', { agencyId: rev.agency_id });
  if (rev.status !== 'submitted') throw conflict(`该清单版本${revisionStatusLabels[rev.status]}，不能确认`, { status: rev.status });
  if (rev.submitted_by === author.id) throw conflict('不能确认本人提交的变更，请由司法局其他人员确认', {});
  const entries = await publicEntriesAt(trx, rev.list_kind, agency, rev.revision);
  const lastChange = await trx
    .selectFrom('catalog_entry_revision')
    .select((eb) => eb.fn.max('changed_at').as('at'))
    .where('list_revision_id', '=', rev.id)
    .executeTakeFirst();
  const published = await publishList(trx, ctx, author.journal, {
    listKind: rev.list_kind,
    listKey: `${rev.list_kind}:${agency.id}`,
    jurisdictionCode: agency.jurisdictionCode,
    agencyId: agency.id,
    title: `${agency.name}${listKindLabels[rev.list_kind]}`,
    reason: rev.submit_reason ?? '',
    changedBy: rev.submitted_by_name ?? '',
    changedAt: lastChange?.at ? new Date(lastChange.at) : (rev.submitted_at ?? ctx.clock.now()),
    confirmedBy: author.name,
    entries,
  });
  const decided = {
    status: 'confirmed' as const,
    decided_at: ctx.clock.now(),
    decided_by: author.id,
    decided_by_name: author.name,
    decision_note: note,
    published_version: published.version,
  };
  await trx.updateTable('catalog_list_revision').set(decided).where('id', '=', rev.id).execute();
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: 'catalog.list.confirm',
    entity: { type: 'catalog_list_revision', id: rev.id },
    payload: { listKind: rev.list_kind, agencyId: agency.id, revision: rev.revision, note, publishedVersion: published.version },
  });
  const counts = await changeCounts(trx, [rev.id]);
  return toRevisionView({ ...rev, ...decided }, agency.name, counts.get(rev.id) ?? 0);
}

export async function confirmRevision(ctx: AppContext, actor: Actor, id: string, note: string | null) {
  await revisionForSupervisor(ctx.db, actor, id);
  return ctx.db.transaction().execute((trx) => confirmIn(trx, ctx, authorOf(actor), id, note));
}

/** The justice bureau returns a submitted revision with its reason; the agency revises and resubmits. */
export async function returnRevision(ctx: AppContext, actor: Actor, id: string, reason: string) {
  const { agency } = await revisionForSupervisor(ctx.db, actor, id);
  return ctx.db.transaction().execute(async (trx) => {
    const rev = await trx.selectFrom('catalog_list_revision').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (rev.status !== 'submitted') throw conflict(`该清单版本${revisionStatusLabels[rev.status]}，不能退回`, { status: rev.status });
    const decided = {
      status: 'returned' as const,
      decided_at: ctx.clock.now(),
      decided_by: actor.userId,
      decided_by_name: actor.displayName,
      decision_note: reason,
    };
    await trx.updateTable('catalog_list_revision').set(decided).where('id', '=', id).execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'catalog.list.return',
      entity: { type: 'catalog_list_revision', id },
      payload: { listKind: rev.list_kind, agencyId: agency.id, revision: rev.revision, reason },
    });
    const counts = await changeCounts(trx, [id]);
    return toRevisionView({ ...rev, ...decided }, agency.name, counts.get(id) ?? 0);
  });
}

/** Agencies whose lists the caller sees: the own agency, or every agency of a supervisor's jurisdiction. */
async function agenciesInScope(db: Db, actor: Actor): Promise<Map<string, AgencyRow>> {
  let q = db.selectFrom('agency').select(['id', 'name', 'jurisdiction_code', 'is_supervising']);
  if (actor.roles.includes('supervisor') && actor.jurisdictionCode) q = q.where('jurisdiction_code', '=', actor.jurisdictionCode);
  else if (actor.agencyId && hasAnyRole(actor, businessRoles)) q = q.where('id', '=', actor.agencyId);
  else return new Map();
  const rows = await q.execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: r.name, jurisdictionCode: r.jurisdiction_code, isSupervising: r.is_supervising }]),
  );
}

/** List revisions in the caller's scope, newest first (the justice bureau's queue with `status=submitted`). */
export async function listRevisionViews(
  ctx: AppContext,
  actor: Actor,
  filter: { agencyId?: string | undefined; listKind?: string | undefined; status?: ListRevisionStatus | undefined },
) {
  const agencies = await agenciesInScope(ctx.db, actor);
  const ids = filter.agencyId ? [filter.agencyId].filter((id) => agencies.has(id)) : [...agencies.keys()];
  if (!ids.length) return { items: [] };
  let q = ctx.db.selectFrom('catalog_list_revision').selectAll().where('agency_id', 'in', ids);
  if (filter.listKind) q = q.where('list_kind', '=', filter.listKind as CatalogListKind);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('opened_at', 'desc').orderBy('revision', 'desc').limit(500).execute();
  const counts = await changeCounts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toRevisionView(r, agencies.get(r.agency_id)?.name ?? '', counts.get(r.id) ?? 0)) };
}

/** One list revision with the entry versions it holds. */
export async function revisionDetail(ctx: AppContext, actor: Actor, id: string) {
  const rev = await ctx.db.selectFrom('catalog_list_revision').selectAll().where('id', '=', id).executeTakeFirst();
  const agencies = await agenciesInScope(ctx.db, actor);
  const agency = rev && agencies.get(rev.agency_id);
  if (!rev || !agency) throw notFound('清单版本', { id });
  const changes = await ctx.db
    .selectFrom('catalog_entry_revision')
    .select(['entry_id', 'code', 'revision', 'removed', 'reason', 'changed_by_name', 'changed_at'])
    .where('list_revision_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    revision: toRevisionView(rev, agency.name, changes.length),
    changes: changes.map((c) => ({
      entryId: c.entry_id,
      code: c.code,
      revision: c.revision,
      removed: c.removed,
      reason: c.reason,
      changedBy: c.changed_by_name,
      changedAt: new Date(c.changed_at).toISOString(),
    })),
  };
}

/**
 * R-D08 alerts: lists with a change still unpublished after 5 working days (working-day calendar),
 * counted from the legal date of the earliest unpublished change.
 */
export async function listAlerts(ctx: AppContext, actor: Actor): Promise<{ items: AlertView[] }> {
  const agencies = await agenciesInScope(ctx.db, actor);
  if (!agencies.size) return { items: [] };
  const revs = await ctx.db
    .selectFrom('catalog_list_revision')
    .selectAll()
    .where('agency_id', 'in', [...agencies.keys()])
    .orderBy('revision')
    .execute();
  const groups = new Map<string, CatalogListRevisionTable[]>();
  for (const r of revs) {
    const key = `${r.list_kind}:${r.agency_id}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const pending = [...groups.values()].flatMap((g) => {
    const confirmed = lastConfirmed(g);
    const open = g.filter((r) => r.revision > confirmed);
    return open.length ? [{ open, latest: open[open.length - 1] as CatalogListRevisionTable }] : [];
  });
  if (!pending.length) return { items: [] };
  const firstChanges = await ctx.db
    .selectFrom('catalog_entry_revision')
    .select(['list_revision_id', (eb) => eb.fn.min('changed_at').as('at')])
    .where(
      'list_revision_id',
      'in',
      pending.flatMap((p) => p.open.map((r) => r.id)),
    )
    .groupBy('list_revision_id')
    .execute();
  const firstOf = new Map(firstChanges.map((f) => [f.list_revision_id, new Date(f.at as Date)]));
  const cal = await createCalendar(ctx.db);
  const today = shanghaiDate(ctx.clock.now());
  const items: AlertView[] = [];
  for (const p of pending) {
    const times = p.open.map((r) => firstOf.get(r.id)).filter((d): d is Date => d !== undefined);
    if (!times.length) continue;
    const since = shanghaiDate(new Date(Math.min(...times.map((t) => t.getTime()))));
    const { deadline, workingDaysOverdue } = publicationOverdue(cal, since, today, publicationDays);
    if (!workingDaysOverdue) continue;
    const agency = agencies.get(p.latest.agency_id) as AgencyRow;
    items.push({
      revisionId: p.latest.id,
      listKind: p.latest.list_kind,
      listLabel: listKindLabels[p.latest.list_kind],
      agencyId: agency.id,
      agencyName: agency.name,
      status: p.latest.status,
      pendingSince: since,
      deadline,
      workingDaysOverdue,
      message: `${agency.name}${listKindLabels[p.latest.list_kind]}自 ${since} 起的变更至今未公示，已超过 ${publicationDays} 个工作日（应于 ${deadline} 前公示，R-D08）`,
    });
  }
  return { items: items.sort((a, b) => a.pendingSince.localeCompare(b.pendingSince)) };
}

// ---------------------------------------------------------------------------------------------
// Review catalog (R-L02)

/**
 * The review rules in force for decisions of one agency: the confirmed review catalog of the
 * agency and of the justice bureau(s) of its jurisdiction (which applies to every agency there).
 * For the review module (issue "legal review"): pair with `evaluateReview`.
 */
export async function confirmedReviewRules(db: Db, agencyId: string): Promise<ReviewRuleData[]> {
  const agency = await loadAgency(db, agencyId);
  if (!agency) return [];
  const bureaus = await db
    .selectFrom('agency')
    .select('id')
    .where('jurisdiction_code', '=', agency.jurisdictionCode)
    .where('is_supervising', '=', true)
    .execute();
  const owners = [...new Set([agency.id, ...bureaus.map((b) => b.id)])];
  const rules: ReviewRuleData[] = [];
  for (const owner of owners) {
    const [rows, revs] = await Promise.all([entryRows(db, 'review_catalog', owner), listRevisions(db, 'review_catalog', owner)]);
    for (const r of latestPerEntry(rows, lastConfirmed(revs)).values()) if (!r.removed) rules.push(r.data as ReviewRuleData);
  }
  return rules.sort((a, b) => a.code.localeCompare(b.code));
}

export async function evaluateForAgency(ctx: AppContext, actor: Actor, body: EvaluateBody) {
  const agency = await agencyInScope(ctx.db, actor, body.agencyId, 'read');
  const onDate = body.onDate ?? shanghaiDate(ctx.clock.now());
  const rules = await confirmedReviewRules(ctx.db, agency.id);
  return { ...evaluateReview(rules, body.decision, onDate), onDate };
}

export type { AgencyRow };
export { loadAgency };
