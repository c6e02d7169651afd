import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context';
import { type AnyDb, type AnyTrx, own } from '../db/tables';
import { conflict, notFound } from '../errors';
import type { JournalActor } from '../journal/append';
import { revisionStatusLabels } from './machine';
import { classifyChange, contentOf, type FrozenItem, type ItemState, type PublicItem } from './rules';
import type { RevisionItemTable, RevisionTable, RevisionTables } from './tables';

/** Handles arrive untyped from other parts (ADR 0007); queries name this part's own tables with `own`. */
type Db = AnyDb;

/** Who acts: the journal's actor plus the account id and display name kept on the snapshot. */
export interface RevisionAuthor {
  journal: JournalActor;
  id: string;
  name: string;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export interface SubmitInput {
  listKind: string;
  subjectKey: string;
  listKey: string;
  agencyId: string | null;
  jurisdictionCode: string;
  items: FrozenItem[];
  note: string;
  publicNote: string;
  /** account ids whose own records the items are: they may not confirm it */
  concerns?: string[];
  /** what the subject is called in messages, e.g. 示范区市场监管局执法事项清单 */
  title: string;
}

/**
 * The latest confirmed item of each key of a list: what the public sees now, entry by entry.
 * `keys` narrows it to some entries (a submission's own), `excludeRevision` leaves one snapshot out.
 */
export async function confirmedItems(
  db: Db,
  listKey: string,
  only: { keys?: readonly string[]; excludeRevision?: string } = {},
): Promise<Map<string, RevisionItemTable>> {
  const latest = new Map<string, RevisionItemTable>();
  const chunks = only.keys ? chunk(only.keys, 1000) : [null];
  for (const keys of chunks) {
    if (keys && !keys.length) continue;
    let q = own<RevisionTables>(db)
      .selectFrom('revision_item as i')
      .innerJoin('revision as r', 'r.id', 'i.revision_id')
      .selectAll('i')
      .select(['r.decided_at', 'r.seq'])
      .where('i.list_key', '=', listKey)
      .where('r.status', '=', 'confirmed');
    if (only.excludeRevision) q = q.where('r.id', '<>', only.excludeRevision);
    if (keys) q = q.where('i.item_key', 'in', keys);
    const rows = await q.orderBy('r.decided_at').orderBy('r.seq').execute();
    for (const { decided_at: _d, seq: _s, ...r } of rows) latest.set(r.item_key, r);
  }
  return latest;
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out.length ? out : [[]];
}

/** Where each entry of a subject stands: the latest snapshot holding it that was not superseded. */
export async function itemStates(db: Db, subjectKey: string): Promise<Map<string, ItemState>> {
  const rows = await own<RevisionTables>(db)
    .selectFrom('revision_item as i')
    .innerJoin('revision as r', 'r.id', 'i.revision_id')
    .select([
      'i.item_key',
      'i.version',
      'r.status',
      'r.id',
      'r.seq',
      'r.decision_note',
      'r.decided_by_name',
      'r.decided_at',
      'r.submitted_at',
    ])
    .where('r.subject_key', '=', subjectKey)
    .where('r.status', '<>', 'superseded')
    .orderBy('r.submitted_at')
    .orderBy('r.seq')
    .execute();
  const states = new Map<string, ItemState>();
  for (const r of rows)
    states.set(r.item_key, {
      version: r.version,
      status: r.status,
      revisionId: r.id,
      seq: r.seq,
      decisionNote: r.decision_note,
      decidedBy: r.decided_by_name,
      decidedAt: r.decided_at,
    });
  return states;
}

/**
 * The bureau's latest return that the agency has not yet answered: a returned snapshot some of
 * whose entries no later submission has taken up again. Its reason stays visible until then, even
 * when the agency submits other entries in between.
 */
export async function openReturn(db: Db, subjectKey: string): Promise<RevisionTable | null> {
  const states = await itemStates(db, subjectKey);
  const open = new Set([...states.values()].filter((s) => s.status === 'returned').map((s) => s.revisionId));
  if (!open.size) return null;
  const row = await own<RevisionTables>(db)
    .selectFrom('revision')
    .selectAll()
    .where('id', 'in', [...open])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The subject's snapshot waiting for the bureau, if any. */
export async function openSubmission(db: Db, subjectKey: string): Promise<RevisionTable | null> {
  const row = await own<RevisionTables>(db)
    .selectFrom('revision')
    .selectAll()
    .where('subject_key', '=', subjectKey)
    .where('status', '=', 'submitted')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Freezes a snapshot of the given items (issue 6 §1): their internal record and public form, with
 * the content hash, never changed afterwards. A snapshot of the same subject still waiting is
 * superseded by this one (the module includes its entries again at their working versions).
 */
export async function submit(trx: AnyTrx, ctx: AppContext, author: RevisionAuthor, input: SubmitInput) {
  if (!input.items.length) throw conflict(`${input.title}没有待提交的变更`, {});
  await sql`select pg_advisory_xact_lock(hashtext(${`revision:${input.subjectKey}`}))`.execute(trx);
  const last = await own<RevisionTables>(trx)
    .selectFrom('revision')
    .select(['id', 'seq', 'status'])
    .where('subject_key', '=', input.subjectKey)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const id = randomUUID();
  const seq = (last?.seq ?? 0) + 1;
  const now = ctx.clock.now();
  const waiting = await own<RevisionTables>(trx)
    .selectFrom('revision')
    .select(['id', 'seq'])
    .where('subject_key', '=', input.subjectKey)
    .where('status', '=', 'submitted')
    .execute();
  const content = contentOf(input.items);
  const contentHash = createHash('sha256').update(content).digest('hex');
  const published = await confirmedItems(trx, input.listKey, { keys: input.items.map((i) => i.key) });
  const row: RevisionTable = {
    id,
    list_kind: input.listKind,
    subject_key: input.subjectKey,
    list_key: input.listKey,
    agency_id: input.agencyId,
    jurisdiction_code: input.jurisdictionCode,
    title: input.title,
    seq,
    status: 'submitted',
    content_hash: contentHash,
    item_count: input.items.length,
    note: input.note,
    public_note: input.publicNote,
    concerns: JSON.stringify(input.concerns ?? []),
    submitted_by: author.id,
    submitted_by_name: author.name,
    submitted_at: now,
    decided_by: null,
    decided_by_name: null,
    decided_at: null,
    decision_note: null,
    published_version: null,
    superseded_by: null,
    release_reason: null,
  };
  await own<RevisionTables>(trx).insertInto('revision').values(row).execute();
  const items = input.items.map((i) => ({
    revision_id: id,
    item_key: i.key,
    list_key: input.listKey,
    version: i.version,
    label: i.label,
    change: classifyChange(json<PublicItem | null>(published.get(i.key)?.public ?? null), i.public),
    data: JSON.stringify(i.data),
    public: i.public === null ? null : JSON.stringify(i.public),
  }));
  for (let k = 0; k < items.length; k += 500)
    await own<RevisionTables>(trx)
      .insertInto('revision_item')
      .values(items.slice(k, k + 500))
      .execute();
  for (const w of waiting) {
    await own<RevisionTables>(trx)
      .updateTable('revision')
      .set({ status: 'superseded', superseded_by: id, decided_at: now, decided_by: author.id, decided_by_name: author.name })
      .where('id', '=', w.id)
      .execute();
  }
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: 'revision.submit',
    entity: { type: 'revision', id },
    payload: {
      listKind: input.listKind,
      subjectKey: input.subjectKey,
      seq,
      contentHash,
      note: input.note,
      publicNote: input.publicNote,
      supersedes: waiting.map((w) => w.id),
      items: items.map((i) => ({ key: i.item_key, version: i.version, change: i.change })),
    },
  });
  return { ...row, concerns: input.concerns ?? [] };
}

export async function lockRevision(trx: AnyTrx, id: string): Promise<RevisionTable> {
  const rev = await own<RevisionTables>(trx).selectFrom('revision').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!rev) throw notFound('变更', { id });
  return rev;
}

/** 409 unless the snapshot still waits for a decision; names what happened to it instead. */
export async function assertWaiting(db: Db, rev: RevisionTable, verb: string) {
  if (rev.status === 'submitted') return;
  if (rev.status === 'superseded') {
    const by = rev.superseded_by
      ? await own<RevisionTables>(db).selectFrom('revision').select(['seq']).where('id', '=', rev.superseded_by).executeTakeFirst()
      : undefined;
    throw conflict(`这次提交（第 ${rev.seq} 次）已被第 ${by?.seq ?? '?'} 次提交取代，不能${verb}；请刷新后处理最新的提交`, {
      status: rev.status,
      supersededBy: rev.superseded_by,
    });
  }
  throw conflict(`这次提交${revisionStatusLabels[rev.status]}，不能${verb}`, { status: rev.status });
}

export interface PublishContext {
  revision: RevisionTable;
  /** the whole list after this confirmation: what is public now, with this snapshot's entries in place */
  entries: PublicItem[];
  items: RevisionItemTable[];
  confirmedBy: RevisionAuthor;
  releaseReason: string | null;
}

export interface ConfirmInput {
  id: string;
  note: string | null;
  releaseReason?: string | null;
  /** publishes the list (disclosure) and answers its new version; runs in the same transaction */
  publish: (trx: AnyTrx, p: PublishContext) => Promise<number | null>;
  /** the module's own bookkeeping (e.g. the officer's confirmed version) */
  onConfirmed?: (trx: AnyTrx, p: PublishContext) => Promise<void>;
}

/**
 * The justice bureau confirms one snapshot by id (issue 6 §1): exactly its frozen entries are
 * published, merged onto what is public now; nothing edited since joins it. Nobody confirms
 * their own submission or a change to their own record.
 */
export async function confirm(trx: AnyTrx, ctx: AppContext, author: RevisionAuthor, input: ConfirmInput) {
  const rev = await lockRevision(trx, input.id);
  await assertWaiting(trx, rev, '确认');
  if (rev.submitted_by === author.id) throw conflict('不能确认本人提交的变更，请由司法局其他人员确认', { submittedBy: rev.submitted_by });
  if (json<string[]>(rev.concerns).includes(author.id))
    throw conflict('这次提交涉及您本人的记录，不能由本人确认，请由司法局其他人员确认', {});
  const items = await own<RevisionTables>(trx).selectFrom('revision_item').selectAll().where('revision_id', '=', rev.id).execute();
  const merged = await confirmedItems(trx, rev.list_key);
  for (const i of items) merged.set(i.item_key, i);
  const entries = [...merged.values()].map((i) => json<PublicItem | null>(i.public)).filter((p): p is PublicItem => p !== null);
  const releaseReason = input.releaseReason ?? null;
  const context: PublishContext = { revision: rev, entries, items, confirmedBy: author, releaseReason };
  const version = await input.publish(trx, context);
  const now = ctx.clock.now();
  const decided = {
    status: 'confirmed' as const,
    decided_at: now,
    decided_by: author.id,
    decided_by_name: author.name,
    decision_note: input.note,
    published_version: version,
    release_reason: releaseReason,
  };
  await own<RevisionTables>(trx).updateTable('revision').set(decided).where('id', '=', rev.id).execute();
  await input.onConfirmed?.(trx, context);
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: 'revision.confirm',
    entity: { type: 'revision', id: rev.id },
    payload: {
      listKind: rev.list_kind,
      subjectKey: rev.subject_key,
      seq: rev.seq,
      contentHash: rev.content_hash,
      note: input.note,
      publishedVersion: version,
      releaseReason,
    },
  });
  return { ...rev, ...decided };
}

/** The justice bureau returns one snapshot with its reason; nothing is published or undone. */
export async function returnRevision(trx: AnyTrx, ctx: AppContext, author: RevisionAuthor, input: { id: string; reason: string }) {
  const rev = await lockRevision(trx, input.id);
  await assertWaiting(trx, rev, '退回');
  const decided = {
    status: 'returned' as const,
    decided_at: ctx.clock.now(),
    decided_by: author.id,
    decided_by_name: author.name,
    decision_note: input.reason,
  };
  await own<RevisionTables>(trx).updateTable('revision').set(decided).where('id', '=', rev.id).execute();
  await ctx.journal.append(trx, {
    actor: author.journal,
    action: 'revision.return',
    entity: { type: 'revision', id: rev.id },
    payload: { listKind: rev.list_kind, subjectKey: rev.subject_key, seq: rev.seq, contentHash: rev.content_hash, reason: input.reason },
  });
  return { ...rev, ...decided };
}

/** The ids of every revision of a list (e.g. a case's approvals, `case:<id>`), oldest first. */
export async function revisionIdsOfList(db: AnyDb, listKey: string): Promise<string[]> {
  const rows = await own<RevisionTables>(db)
    .selectFrom('revision')
    .select('id')
    .where('list_key', '=', listKey)
    .orderBy('submitted_at')
    .execute();
  return rows.map((r) => r.id);
}
