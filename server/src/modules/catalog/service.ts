import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Actor, can, journalActor } from '../../platform/auth';
import { createCalendar, publicationDeadline } from '../../platform/calendar';
import { shanghaiDate } from '../../platform/clock';
import type { AppContext } from '../../platform/context';
import type { AnyDb, AnyTrx } from '../../platform/db/tables';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { assertVersion } from '../../platform/http/if-match';
import type { JournalActor } from '../../platform/journal/append';
import { canonicalJson } from '../../platform/journal/hash';
import {
  type ConfirmInput,
  confirm,
  confirmedItems,
  entryState,
  entryStateLabels,
  type FrozenItem,
  type ItemState,
  itemStates,
  type KindInfo,
  openReturn,
  openReturnView,
  openSubmission,
  revisionView,
  submit,
} from '../../platform/revisions';
import { getSetting } from '../../platform/settings';
import { assertNoPersonalData, knownPersonalData, noteLabels, publishConfirmed } from '../disclosure';
import { agencyNames, agencyRefsInScope, bureausOf, findAgency, findAgencyInScope } from '../org';
import { catalogDb } from './db';
import {
  catalogFieldLabels,
  catalogListKinds,
  dataProblems,
  entryLabel,
  entrySearchExtra,
  evaluateReview,
  listKindLabels,
  type PublicAgency,
  personalDataProblems,
  publicContent,
} from './rules';
import type { AlertView, DiscretionStandardData, EntryView, EvaluateBody, ItemData, KindData, ReviewRuleData, SubmitBody } from './schema';
import type { CatalogListKind } from './tables';

/** Who makes a change: the journal's actor plus the id and name kept in the version history. */
export interface Author {
  journal: JournalActor;
  id: string;
  name: string;
}

export const authorOf = (actor: Actor): Author => ({ journal: journalActor(actor), id: actor.userId, name: actor.displayName });

/** An agency's list editors (issue 3): its head, disclosure clerk and legal reviewer. */

interface AgencyRow extends PublicAgency {
  jurisdictionCode: string;
}

/**
 * A store handle as other parts hand it over (untyped); the catalog queries only its own tables,
 * through `catalogDb` (ADR 0007: `catalogDb(db).selectFrom('agency')` does not compile).
 */
type Db = AnyDb;

/**
 * The agency whose list the caller reads or edits (DESIGN.md invariant 6). Whether it is in the
 * caller's scope is org's to say (platform/scope, ADR 0007): staff see their own agency, the
 * justice bureau its subtree. Of those, readers of lists read; an agency's keepers edit its own
 * lists, and the bureau's supervisors the bureau's own (jurisdiction-wide) lists.
 * Out of scope answers 404; in scope without the right role 403.
 */
export async function agencyInScope(db: Db, actor: Actor, agencyId: string | undefined, mode: 'read' | 'edit'): Promise<AgencyRow> {
  const id = agencyId ?? actor.agencyId;
  const agency = id ? await findAgencyInScope(db, actor, id) : undefined;
  if (!agency || !can(actor, 'readLists')) throw notFound('执法主体', { agencyId: id ?? null });
  if (mode === 'read') return agency;
  const own = actor.agencyId === agency.id;
  if (own && (can(actor, 'keepOwnLists') || (agency.isSupervising && actor.roles.includes('supervisor')))) return agency;
  throw forbidden('修改该单位的清单');
}
// ---------------------------------------------------------------------------------------------
// Reading versions

export interface EntryRow {
  entry_id: string;
  agency_id: string;
  revision: number;
  code: string;
  data: unknown;
  removed: boolean;
  reason: string;
  changed_by_name: string;
  changed_at: Date;
}

export async function entryRows(db: Db, kind: CatalogListKind, agencyId: string): Promise<EntryRow[]> {
  return catalogDb(db)
    .selectFrom('catalog_entry_revision as e')
    .select(['e.entry_id', 'e.agency_id', 'e.revision', 'e.code', 'e.data', 'e.removed', 'e.reason', 'e.changed_by_name', 'e.changed_at'])
    .where('e.list_kind', '=', kind)
    .where('e.agency_id', '=', agencyId)
    .orderBy('e.entry_id')
    .orderBy('e.revision')
    .execute();
}

/** The latest version of each entry: the list's working copy. */
export function latestPerEntry(rows: readonly EntryRow[]): Map<string, EntryRow> {
  const latest = new Map<string, EntryRow>();
  for (const r of rows) latest.set(r.entry_id, r);
  return latest;
}

/** The revision subject (and publication list) of an agency's list of one kind. */
export const listKeyOf = (kind: CatalogListKind, agencyId: string) => `${kind}:${agencyId}`;

function toEntryView<K extends CatalogListKind>(r: EntryRow, state: ItemState | undefined): EntryView<KindData[K]> {
  const s = entryState(r.revision, state);
  return {
    id: r.entry_id,
    agencyId: r.agency_id,
    revision: r.revision,
    removed: r.removed,
    published: s === 'published',
    reason: r.reason,
    changedBy: r.changed_by_name,
    changedAt: new Date(r.changed_at).toISOString(),
    state: s,
    stateLabel: entryStateLabels[s],
    data: r.data as KindData[K],
  };
}

/** The working state of an agency's list (latest versions, removed ones left out), its waiting submission and open return. */
export async function listEntries<K extends CatalogListKind>(ctx: AppContext, actor: Actor, kind: K, agencyId?: string) {
  const agency = await agencyInScope(ctx.db, actor, agencyId, 'read');
  const key = listKeyOf(kind, agency.id);
  const [rows, states, waiting, returned] = await Promise.all([
    entryRows(ctx.db, kind, agency.id),
    itemStates(ctx.db, key),
    openSubmission(ctx.db, key),
    openReturn(ctx.db, key),
  ]);
  const latest = [...latestPerEntry(rows).values()];
  const views = latest.map((r) => toEntryView<K>(r, states.get(r.entry_id)));
  const pending = pendingOf(latest, states);
  return {
    agencyId: agency.id,
    openSubmission: waiting ? await revisionView(ctx.db, waiting, revisionKindInfo) : null,
    openReturn: await openReturnView(ctx.db, returned),
    draftCount: pending.draft.length,
    returnedCount: pending.returned.length,
    items: views
      .filter((v) => !v.removed)
      .sort((a, b) => (a.data as { code: string }).code.localeCompare((b.data as { code: string }).code)),
  };
}

/**
 * The entries a submission takes: drafts (changed since they were last frozen) and those of a
 * waiting submission it replaces; returned ones only when asked. A removal of an entry that was
 * never public has nothing to publish and is left out.
 */
function pendingOf(latest: readonly EntryRow[], states: Map<string, ItemState>) {
  const draft: EntryRow[] = [];
  const submitted: EntryRow[] = [];
  const returned: EntryRow[] = [];
  for (const r of latest) {
    const st = states.get(r.entry_id);
    const s = entryState(r.revision, st);
    if (s === 'draft' && !(r.removed && !st)) draft.push(r);
    else if (s === 'submitted') submitted.push(r);
    else if (s === 'returned') returned.push(r);
  }
  return { draft, submitted, returned };
}

async function entryInScope(db: Db, actor: Actor, kind: CatalogListKind, entryId: string, mode: 'read' | 'edit') {
  const first = await catalogDb(db)
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
  const [rows, states, confirmed] = await Promise.all([
    entryRows(ctx.db, kind, agency.id),
    itemStates(ctx.db, listKeyOf(kind, agency.id)),
    confirmedItems(ctx.db, listKeyOf(kind, agency.id), { keys: [entryId] }),
  ]);
  const mine = rows.filter((r) => r.entry_id === entryId);
  const latest = mine.at(-1);
  const publishedVersion = confirmedVersion(confirmed.get(entryId));
  return {
    items: mine.map((r) => {
      const v = toEntryView<K>(r, r === latest ? states.get(entryId) : undefined);
      return r === latest ? v : { ...v, published: r.revision === publishedVersion, state: 'draft' as const, stateLabel: '历史版本' };
    }),
  };
}

/** The latest version of one entry (a removed entry shows its removal version). */
export async function getEntry<K extends CatalogListKind>(ctx: AppContext, actor: Actor, kind: K, entryId: string) {
  const { items } = await entryHistory<K>(ctx, actor, kind, entryId);
  return items[items.length - 1] as EntryView<KindData[K]>;
}
// ---------------------------------------------------------------------------------------------
// Changing entries: each change is a new version of the entry (the draft); submitting freezes it

export async function itemCodesTakenElsewhere(db: Db, agencyId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const taken = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    const ids = catalogDb(db)
      .selectFrom('catalog_entry_revision')
      .select('entry_id')
      .where('list_kind', '=', 'items')
      .where('agency_id', '<>', agencyId)
      .where('code', 'in', chunk);
    const rows = await catalogDb(db)
      .selectFrom('catalog_entry_revision as e')
      .select(['e.entry_id', 'e.code', 'e.removed', 'e.agency_id'])
      .where('e.entry_id', 'in', ids)
      .orderBy('e.entry_id')
      .orderBy('e.revision')
      .execute();
    const latest = [...new Map(rows.map((r) => [r.entry_id, r])).values()].filter((r) => !r.removed && chunk.includes(r.code));
    // the owners' names are org's to give (ADR 0007), not a join on its table
    const names = await agencyNames(db, [...new Set(latest.map((r) => r.agency_id))]);
    for (const r of latest) taken.set(r.code, names.get(r.agency_id) ?? r.agency_id);
  }
  return taken;
}

async function checkEntry<K extends CatalogListKind>(trx: AnyTrx, kind: K, agency: AgencyRow, data: KindData[K], entryId: string | null) {
  const problems = dataProblems(kind, data, await knownPersonalData(trx, agency.jurisdictionCode, data));
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
  trx: AnyTrx,
  ctx: AppContext,
  author: Author,
  kind: CatalogListKind,
  agency: AgencyRow,
  v: { entryId: string; revision: number; data: { code: string }; removed: boolean; reason: string },
) {
  assertNoPersonalData({ reason: v.reason }, noteLabels);
  const now = ctx.clock.now();
  await catalogDb(trx)
    .insertInto('catalog_entry_revision')
    .values({
      entry_id: v.entryId,
      list_kind: kind,
      agency_id: agency.id,
      list_revision_id: null,
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
    payload: { agencyId: agency.id, revision: v.revision, reason: v.reason, data: v.data },
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
  } satisfies EntryRow;
}

/** A new entry in the agency's list (version 1), inside the open list revision. */
export async function insertEntry<K extends CatalogListKind>(
  trx: AnyTrx,
  ctx: AppContext,
  author: Author,
  kind: K,
  agency: AgencyRow,
  data: KindData[K],
  reason: string,
) {
  await lockCodes(trx, kind, agency.id, [data.code]);
  await checkEntry(trx, kind, agency, data, null);
  return insertVersion(trx, ctx, author, kind, agency, { entryId: randomUUID(), revision: 1, data, removed: false, reason });
}

/**
 * Serialises the writes that could claim the same code, so that the check before an insert still
 * holds at the insert (a double-clicked create writes one entry, issue 6 §3): the agency's list,
 * and an item code platform-wide, since it is a public address.
 */
async function lockCodes(trx: AnyTrx, kind: CatalogListKind, agencyId: string, codes: readonly string[]) {
  await sql`select pg_advisory_xact_lock(hashtext(${`catalog_list:${kind}:${agencyId}`}))`.execute(trx);
  if (kind !== 'items') return;
  for (const code of [...new Set(codes)].sort())
    await sql`select pg_advisory_xact_lock(hashtext(${`catalog_item_code:${code}`}))`.execute(trx);
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
  expected: number,
  remove = false,
) {
  const agency = await entryInScope(ctx.db, actor, kind, entryId, 'edit');
  const [data, reason] = splitReason(body);
  const row = await ctx.db.transaction().execute(async (trx) => {
    // one edit of an entry at a time: the version check below then sees every earlier edit
    await sql`select pg_advisory_xact_lock(hashtext(${`catalog_entry:${entryId}`}))`.execute(trx);
    if (!remove) await lockCodes(trx, kind, agency.id, [(data as unknown as { code: string }).code]);
    const current = remove
      ? latestPerEntry(await entryRows(trx, kind, agency.id))
      : await checkEntry(trx, kind, agency, data as unknown as KindData[K], entryId);
    const latest = current.get(entryId);
    if (!latest || latest.removed) throw conflict('该条目已删除，不能再修改', { entryId });
    assertVersion(`条目 ${latest.code}`, expected, {
      version: latest.revision,
      changedBy: latest.changed_by_name,
      changedAt: latest.changed_at,
    });
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
  trx: AnyTrx,
  ctx: AppContext,
  author: Author,
  kind: K,
  agency: AgencyRow,
  entries: readonly KindData[K][],
  reason: string,
  progress: (done: number) => Promise<void> | void = () => {},
) {
  assertNoPersonalData({ reason }, noteLabels);
  await lockCodes(trx, kind, agency.id, []);
  const current = latestPerEntry(await entryRows(trx, kind, agency.id));
  const byCode = new Map([...current.values()].filter((r) => !r.removed).map((r) => [r.code, r]));
  const created: string[] = [];
  const updated: string[] = [];
  const now = ctx.clock.now();
  const pending = [];
  // an import is checked row by row (sheets.ts); this also holds for any other caller (R-D02)
  const known = await knownPersonalData(trx, agency.jurisdictionCode, entries);
  for (const data of entries) {
    const personal = personalDataProblems(kind, data, known)[0];
    if (personal) throw new AppError('VALIDATION_FAILED', `${data.code}：${personal.message}`, { code: data.code, fields: [personal] });
    const old = byCode.get(data.code);
    if (old && comparable(old.data) === comparable(data)) continue;
    (old ? updated : created).push(data.code);
    pending.push({ entryId: old?.entry_id ?? randomUUID(), revision: (old?.revision ?? 0) + 1, data });
  }
  if (!pending.length) return { created, updated, unchanged: entries.length };
  for (let i = 0; i < pending.length; i += 500) {
    await catalogDb(trx)
      .insertInto('catalog_entry_revision')
      .values(
        pending.slice(i, i + 500).map((p) => ({
          entry_id: p.entryId,
          list_kind: kind,
          agency_id: agency.id,
          list_revision_id: null,
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
    entity: { type: `catalog_${kind}`, id: listKeyOf(kind, agency.id) },
    payload: {
      agencyId: agency.id,
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
// Submitting and confirming (R-D03: the justice bureau confirms before publication), through the
// one revision mechanism (platform/revisions): the bureau decides on a frozen snapshot by its id.

/** One entry version as frozen in a snapshot: its internal record and exactly its public form. */
function frozenEntry(kind: CatalogListKind, agency: AgencyRow, r: EntryRow): FrozenItem {
  const data = r.data as KindData[typeof kind] & { code: string };
  const label = entryLabel(data);
  return {
    key: r.entry_id,
    version: r.revision,
    label,
    data: r.data,
    public: r.removed
      ? null
      : {
          subjectId: r.code,
          label,
          content: publicContent(kind, data, agency, r.revision),
          searchExtra: entrySearchExtra(data),
          sortKey: r.code,
        },
  };
}

/** The agency submits its list's unsubmitted changes; a submission still waiting is replaced by this one. */
export async function submitIn(trx: AnyTrx, ctx: AppContext, author: Author, kind: CatalogListKind, agency: AgencyRow, body: SubmitBody) {
  assertNoPersonalData({ note: body.note, publicNote: body.publicNote }, noteLabels);
  const key = listKeyOf(kind, agency.id);
  const [rows, states] = await Promise.all([entryRows(trx, kind, agency.id), itemStates(trx, key)]);
  const p = pendingOf([...latestPerEntry(rows).values()], states);
  const take = [...p.draft, ...p.submitted, ...(body.includeReturned ? p.returned : [])];
  const rev = await submit(trx, ctx, author, {
    listKind: kind,
    subjectKey: key,
    listKey: key,
    agencyId: agency.id,
    jurisdictionCode: agency.jurisdictionCode,
    title: `${agency.name}${listKindLabels[kind]}`,
    items: take.map((r) => frozenEntry(kind, agency, r)),
    note: body.note,
    publicNote: body.publicNote,
  });
  return revisionView(trx, rev, revisionKindInfo);
}

export async function submitList(ctx: AppContext, actor: Actor, kind: CatalogListKind, body: SubmitBody) {
  const agency = await agencyInScope(ctx.db, actor, undefined, 'edit');
  return ctx.db.transaction().execute((trx) => submitIn(trx, ctx, authorOf(actor), kind, agency, body));
}

/** How a confirmed catalog snapshot is published: the whole list as it then stands, exactly the frozen public fields. */
export const catalogConfirmHandler =
  (ctx: AppContext) =>
  (_listKind: string): Pick<ConfirmInput, 'publish'> => ({
    publish: (trx, p) => publishConfirmed(trx, ctx, p),
  });

/** The justice bureau confirms one snapshot of a catalog list (the demo loader; the API uses /revisions). */
export async function confirmIn(trx: AnyTrx, ctx: AppContext, author: Author, revisionId: string, note: string | null) {
  return confirm(trx, ctx, author, { id: revisionId, note, ...catalogConfirmHandler(ctx)('items') });
}

/** Agencies whose lists the caller sees: the own agency, or every agency of a supervisor's jurisdiction. */
async function agenciesInScope(db: Db, actor: Actor): Promise<Map<string, AgencyRow>> {
  if (!can(actor, 'readLists')) return new Map();
  return new Map((await agencyRefsInScope(db, actor)).map((a) => [a.id, a]));
}

const confirmedVersion = (item: { version: number } | undefined) => item?.version ?? 0;

/**
 * R-D08 alerts: lists with a change still unpublished after 5 working days (working-day calendar),
 * counted from the legal date of the earliest change not yet published.
 */
export async function listAlerts(ctx: AppContext, actor: Actor): Promise<{ items: AlertView[] }> {
  const agencies = await agenciesInScope(ctx.db, actor);
  if (!agencies.size) return { items: [] };
  const cal = await createCalendar(ctx.db);
  const today = shanghaiDate(ctx.clock.now());
  const items: AlertView[] = [];
  for (const agency of agencies.values()) {
    // R-D08, the same limit as the org alerts: a setting of the agency's jurisdiction in force today
    const limit = await getSetting(ctx.db, 'disclosure.prior_change_working_days', agency.jurisdictionCode, today);
    for (const kind of catalogListKinds) {
      const key = listKeyOf(kind, agency.id);
      const rows = await entryRows(ctx.db, kind, agency.id);
      if (!rows.length) continue;
      const [states, waiting] = await Promise.all([itemStates(ctx.db, key), openSubmission(ctx.db, key)]);
      const unpublished = [...latestPerEntry(rows).values()].filter((r) => entryState(r.revision, states.get(r.entry_id)) !== 'published');
      const confirmed = await confirmedItems(ctx.db, key, { keys: unpublished.map((r) => r.entry_id) });
      // removing an entry that was never public leaves nothing to publish
      const pending = unpublished.filter((r) => !(r.removed && !confirmed.has(r.entry_id)));
      if (!pending.length) continue;
      const ids = new Set(pending.map((r) => r.entry_id));
      const first = rows
        .filter((r) => ids.has(r.entry_id) && r.revision > confirmedVersion(confirmed.get(r.entry_id)))
        .reduce((min, r) => Math.min(min, new Date(r.changed_at).getTime()), Number.POSITIVE_INFINITY);
      const since = shanghaiDate(new Date(first));
      const { deadline, overdue, workingDaysOverdue } = publicationDeadline(cal.data, since, today, limit);
      if (!overdue) continue;
      items.push({
        revisionId: waiting?.id ?? null,
        listKind: kind,
        listLabel: listKindLabels[kind],
        agencyId: agency.id,
        agencyName: agency.name,
        status: waiting ? 'submitted' : 'draft',
        pendingSince: since,
        deadline,
        workingDaysOverdue,
        message: `${agency.name}${listKindLabels[kind]}自 ${since} 起的变更至今未公示，已超过 ${limit} 个工作日（最迟应于 ${deadline} 公示）`,
      });
    }
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
  const agency = await findAgency(db, agencyId);
  if (!agency) return [];
  const owners = [...new Set([agency.id, ...(await bureausOf(db, agency.jurisdictionCode))])];
  const rules: ReviewRuleData[] = [];
  for (const owner of owners) {
    for (const item of (await confirmedItems(db, listKeyOf('review_catalog', owner))).values()) {
      if (item.public === null) continue;
      rules.push((typeof item.data === 'string' ? JSON.parse(item.data) : item.data) as ReviewRuleData);
    }
  }
  return rules.sort((a, b) => a.code.localeCompare(b.code));
}

export async function evaluateForAgency(ctx: AppContext, actor: Actor, body: EvaluateBody) {
  const agency = await agencyInScope(ctx.db, actor, body.agencyId, 'read');
  const onDate = body.onDate ?? shanghaiDate(ctx.clock.now());
  const rules = await confirmedReviewRules(ctx.db, agency.id);
  return { ...evaluateReview(rules, body.decision, onDate), onDate };
}

/** What the revision mechanism shows of catalog lists: their Chinese names and field labels. */
export const revisionKindInfo: KindInfo = (listKind) => ({
  label: listKindLabels[listKind as CatalogListKind] ?? listKind,
  fieldLabels: catalogFieldLabels,
});

export type { AgencyRow };

/**
 * The enforcement item a case is about, from the agency's list as confirmed and published (R-D03),
 * with the discretion levels of its standards (R-D07): what a decision's legal basis and fine range
 * are checked against (issue 8 §9). Null when the agency has no such confirmed item.
 */
export async function itemForCase(db: Db, agencyId: string, itemCode: string) {
  const items = await confirmedItems(db, listKeyOf('items', agencyId));
  let item: ItemData | null = null;
  for (const i of items.values()) {
    const d = (typeof i.data === 'string' ? JSON.parse(i.data) : i.data) as ItemData;
    if (i.public !== null && d.code === itemCode) item = d;
  }
  if (!item) return null;
  const levels: { level: string; fineMin: number | null; fineMax: number | null }[] = [];
  for (const s of (await confirmedItems(db, listKeyOf('discretion_standards', agencyId))).values()) {
    const d = (typeof s.data === 'string' ? JSON.parse(s.data) : s.data) as DiscretionStandardData;
    if (s.public === null || d.itemCode !== itemCode) continue;
    for (const l of d.levels) levels.push({ level: l.level, fineMin: l.fineMin, fineMax: l.fineMax });
  }
  const basis = (b: { law: string; article?: string | null; clause?: string | null }) =>
    [b.law, b.article, b.clause].filter(Boolean).join('');
  return {
    code: item.code,
    name: item.name,
    actCategory: item.actCategory as string,
    legalBases: (item.legalBases as { law: string; article?: string | null; clause?: string | null }[]).map(basis),
    discretion: levels,
  };
}
