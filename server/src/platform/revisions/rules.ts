/**
 * Pure rules of the revision mechanism: where each entry of a list stands, how a snapshot's entry
 * differs from what the public sees, and what a snapshot's content hash covers.
 */
import { canonicalJson } from '../journal/hash';
import type { RevisionStatus } from './machine';
import type { ItemChange } from './tables';

/** The public form of one entry as a module hands it over (the disclosure module's PublicEntry). */
export interface PublicItem {
  subjectId: string;
  label: string;
  content: Record<string, unknown>;
  searchExtra?: string;
  sortKey?: string;
}

/** Where the latest non-superseded snapshot holding an entry left it. */
export interface ItemState {
  version: number;
  status: RevisionStatus;
  revisionId: string;
  seq: number;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** An entry's place in the approval flow, as the agency's list pages show it. */
export type EntryState = 'published' | 'draft' | 'submitted' | 'returned';

export const entryStateLabels: Record<EntryState, string> = {
  published: '已公示',
  draft: '未提交',
  submitted: '待确认',
  returned: '已退回',
};

/**
 * An entry at `workingVersion` is in the snapshot that froze that very version, or else it is a
 * draft: a change made after a submission never joins that submission (issue 6).
 */
export function entryState(workingVersion: number, state: ItemState | undefined): EntryState {
  if (!state || state.version !== workingVersion) return 'draft';
  if (state.status === 'confirmed') return 'published';
  if (state.status === 'returned') return 'returned';
  return 'submitted';
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** How an entry's public form changes: added to / removed from the public list, changed, or internal only. */
export function classifyChange(before: PublicItem | null, after: PublicItem | null): ItemChange {
  if (!before && after) return 'added';
  if (before && !after) return 'removed';
  if (before && after && (before.subjectId !== after.subjectId || !same(before.content, after.content))) return 'changed';
  return 'internal';
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Field-level differences of two records (top-level fields; absent and null read alike). */
export function fieldDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const b = before ?? {};
  const a = after ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.filter((f) => !same(b[f], a[f])).map((f) => ({ field: f, before: b[f] ?? null, after: a[f] ?? null }));
}

/**
 * The changes a person reads (issue 6 §2): record ids (`id`, `…Id`, `…_id`) and bookkeeping are left
 * out, and a code is left out where its Chinese label changed with it (status → statusLabel,
 * actCategory → actCategoryLabel), so the bureau reads 红码 → 绿码, not red → green.
 */
export function readableChanges(changes: readonly FieldChange[]): FieldChange[] {
  const fields = new Set(changes.map((c) => c.field));
  const hidden = (f: string) =>
    f === 'id' || f === 'version' || f === 'confirmed_version' || /(Id|_id)$/.test(f) || fields.has(`${f}Label`);
  return changes.filter((c) => !hidden(c.field));
}

export interface FrozenItem {
  key: string;
  version: number;
  label: string;
  data: unknown;
  public: PublicItem | null;
}

/** What a snapshot's content hash covers: every item, in key order, canonical JSON. */
export function contentOf(items: readonly FrozenItem[]): string {
  const sorted = [...items].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return canonicalJson(sorted.map((i) => ({ key: i.key, version: i.version, label: i.label, data: i.data, public: i.public })));
}
