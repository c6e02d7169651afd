import { type Actor, can } from '../auth';
import { type AnyDb, own } from '../db/tables';
import { notFound } from '../errors';
import { inScope, scopeOf } from '../scope';
import { revisionStatusLabels } from './machine';
import { fieldDiff, type PublicItem, readableChanges } from './rules';
import type { RevisionDetail, RevisionItemView, RevisionQuery, RevisionView } from './schema';
import { confirmedItems } from './service';
import type { RevisionItemTable, RevisionTable, RevisionTables } from './tables';

/** Handles arrive untyped from other parts (ADR 0007); queries name this part's own tables with `own`. */
type Db = AnyDb;

/** What a module tells the mechanism about one kind of list it keeps. */
export interface RevisionKindInfo {
  label: string;
  /** Chinese names of the fields of its internal and public records */
  fieldLabels: Record<string, string>;
}

export type KindInfo = (listKind: string) => RevisionKindInfo;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Where a snapshot sits in the jurisdiction tree (platform/scope). */
const revisionColumns = { agency: 'revision.agency_id', jurisdiction: 'revision.jurisdiction_code' } as const;

/**
 * Who reads a snapshot: readers of lists whose scope holds it (the agency's own staff; the justice
 * bureau its subtree). Who decides is narrower: the bureau of the snapshot's own jurisdiction (`isDecider`).
 */
function readable(actor: Actor) {
  return can(actor, 'readLists') ? inScope(scopeOf(actor), revisionColumns) : inScope({ kind: 'none' }, revisionColumns);
}

/**
 * Approvals decided inside an agency (a case's 立案, 延期, 结案: issue 8) use this mechanism too,
 * under list kinds starting `case.`; they are the agency head's to decide through the case's own
 * actions, so the justice bureau's queue neither lists nor decides them.
 */
export const agencyDecidedKindPrefix = 'case.';

export function isDecider(actor: Actor, rev: Pick<RevisionTable, 'jurisdiction_code'>): boolean {
  return actor.roles.includes('supervisor') && actor.jurisdictionCode !== null && actor.jurisdictionCode === rev.jurisdiction_code;
}

export async function readableRevision(db: Db, actor: Actor, id: string): Promise<RevisionTable> {
  const rev = await own<RevisionTables>(db)
    .selectFrom('revision')
    .selectAll()
    .where('revision.id', '=', id)
    .where('revision.list_kind', 'not like', `${agencyDecidedKindPrefix}%`)
    .where(readable(actor))
    .executeTakeFirst();
  if (!rev) throw notFound('变更', { id });
  return rev;
}

async function countsOf(db: Db, ids: string[]) {
  const counts = new Map<string, RevisionView['counts']>();
  if (!ids.length) return counts;
  const rows = await own<RevisionTables>(db)
    .selectFrom('revision_item')
    .select(['revision_id', 'change', (eb) => eb.fn.countAll<string>().as('n')])
    .where('revision_id', 'in', ids)
    .groupBy(['revision_id', 'change'])
    .execute();
  for (const r of rows) {
    const c = counts.get(r.revision_id) ?? { added: 0, changed: 0, removed: 0, internal: 0 };
    c[r.change] = Number(r.n);
    counts.set(r.revision_id, c);
  }
  return counts;
}

export function toRevisionView(r: RevisionTable, info: KindInfo, counts?: RevisionView['counts']): RevisionView {
  return {
    id: r.id,
    listKind: r.list_kind,
    listLabel: info(r.list_kind).label,
    title: r.title,
    subjectKey: r.subject_key,
    listKey: r.list_key,
    agencyId: r.agency_id,
    seq: r.seq,
    status: r.status,
    statusLabel: revisionStatusLabels[r.status],
    contentHash: r.content_hash,
    itemCount: r.item_count,
    counts: counts ?? { added: 0, changed: 0, removed: 0, internal: 0 },
    note: r.note,
    publicNote: r.public_note,
    submittedBy: r.submitted_by_name,
    submittedAt: new Date(r.submitted_at).toISOString(),
    decidedBy: r.decided_by_name,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note,
    publishedVersion: r.published_version,
    supersededBy: r.superseded_by,
    releaseReason: r.release_reason,
  };
}

export async function revisionView(db: Db, r: RevisionTable, info: KindInfo) {
  return toRevisionView(r, info, (await countsOf(db, [r.id])).get(r.id));
}

/** Snapshots in the caller's scope, newest first: the justice bureau's queue with `status=submitted`. */
export async function listRevisions(db: Db, actor: Actor, query: RevisionQuery, info: KindInfo) {
  let q = own<RevisionTables>(db)
    .selectFrom('revision')
    .selectAll()
    .where('id', 'not like', 'baseline:%')
    .where('list_kind', 'not like', `${agencyDecidedKindPrefix}%`)
    .where(readable(actor));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.listKind) q = q.where('list_kind', '=', query.listKind);
  if (query.agencyId) q = q.where('agency_id', '=', query.agencyId);
  const rows = await q.orderBy('submitted_at', 'desc').orderBy('seq', 'desc').limit(500).execute();
  const counts = await countsOf(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toRevisionView(r, info, counts.get(r.id))) };
}

function labelled(changes: ReturnType<typeof fieldDiff>, labels: Record<string, string>) {
  return readableChanges(changes).map((c) => ({ ...c, label: labels[c.field] ?? c.field }));
}

/**
 * One snapshot with its frozen entries and, for each, the field-level difference from what was
 * public before it (issue 6 §2): for a waiting snapshot, what the public sees now.
 */
export async function revisionDetail(db: Db, actor: Actor, id: string, info: KindInfo): Promise<RevisionDetail> {
  const rev = await readableRevision(db, actor, id);
  const items = await own<RevisionTables>(db)
    .selectFrom('revision_item')
    .selectAll()
    .where('revision_id', '=', id)
    .orderBy('label')
    .execute();
  const before = await confirmedBefore(
    db,
    rev,
    items.map((i) => i.item_key),
  );
  const labels = info(rev.list_kind).fieldLabels;
  return {
    revision: await revisionView(db, rev, info),
    items: items.map((i) => itemView(i, before.get(i.item_key), labels)),
  };
}

/** What was public for each key just before this snapshot was decided (or now, while it waits). */
async function confirmedBefore(db: Db, rev: RevisionTable, keys: string[]): Promise<Map<string, RevisionItemTable>> {
  if (rev.status !== 'confirmed') return confirmedItems(db, rev.list_key, { keys, excludeRevision: rev.id });
  if (!keys.length) return new Map();
  const rows = await own<RevisionTables>(db)
    .selectFrom('revision_item as i')
    .innerJoin('revision as r', 'r.id', 'i.revision_id')
    .selectAll('i')
    .where('i.list_key', '=', rev.list_key)
    .where('r.status', '=', 'confirmed')
    .where('r.id', '<>', rev.id)
    .where('r.decided_at', '<', rev.decided_at as Date)
    .where('i.item_key', 'in', keys)
    .orderBy('r.decided_at')
    .orderBy('r.seq')
    .execute();
  return new Map(rows.map((r) => [r.item_key, r]));
}

function itemView(i: RevisionItemTable, prior: RevisionItemTable | undefined, labels: Record<string, string>): RevisionItemView {
  const after = json<PublicItem | null>(i.public);
  const before = prior ? json<PublicItem | null>(prior.public) : null;
  const data = json<Record<string, unknown> | null>(i.data);
  const priorData = prior ? json<Record<string, unknown> | null>(prior.data) : null;
  const publicFields = new Set(Object.keys({ ...(after?.content ?? {}), ...(before?.content ?? {}) }));
  return {
    key: i.item_key,
    subjectId: after?.subjectId ?? before?.subjectId ?? null,
    label: i.label,
    version: i.version,
    change: i.change,
    before: before?.content ?? null,
    after: after?.content ?? null,
    fields: labelled(fieldDiff(before?.content ?? null, after?.content ?? null), labels),
    internalFields: labelled(
      fieldDiff(priorData, data).filter((c) => !publicFields.has(c.field)),
      labels,
    ),
  };
}

/** The open return of a subject as the agency sees it. */
export async function openReturnView(db: Db, rev: RevisionTable | null) {
  if (!rev) return null;
  const items = await own<RevisionTables>(db)
    .selectFrom('revision_item')
    .select(['item_key', 'label'])
    .where('revision_id', '=', rev.id)
    .orderBy('label')
    .execute();
  return {
    revisionId: rev.id,
    seq: rev.seq,
    reason: rev.decision_note ?? '',
    returnedBy: rev.decided_by_name ?? '',
    returnedAt: new Date(rev.decided_at ?? rev.submitted_at).toISOString(),
    items: items.map((i) => ({ key: i.item_key, label: i.label })),
  };
}
