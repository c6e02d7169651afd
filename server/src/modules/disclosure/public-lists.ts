import type { AnyDb } from '../../platform/db/tables';
import { disclosureDb } from './db';

/**
 * Public reads of whole lists, their versions and one entry of a list, for the open-data API and
 * for anyone checking a published entry against the journal (docs/journal.md "Verifying a
 * published entry"). Reads publications only (invariant 7).
 */

export interface ListSummary {
  listKey: string;
  listKind: string;
  agencyId: string | null;
  jurisdictionCode: string;
  title: string;
  /** the current version */
  version: number;
  publishedAt: string;
  entryCount: number;
  journalSeq: number | null;
}

/** The lists of one kind (e.g. one per agency), each with its current version. */
export async function listsOfKind(db: AnyDb, listKind: string): Promise<ListSummary[]> {
  const rows = await disclosureDb(db)
    .selectFrom('publication_list_version')
    .distinctOn('list_key')
    .select(['list_key', 'list_kind', 'agency_id', 'jurisdiction_code', 'title', 'version', 'published_at', 'entry_count', 'journal_seq'])
    .where('list_kind', '=', listKind)
    .orderBy('list_key')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    listKey: r.list_key,
    listKind: r.list_kind,
    agencyId: r.agency_id,
    jurisdictionCode: r.jurisdiction_code,
    title: r.title,
    version: r.version,
    publishedAt: new Date(r.published_at).toISOString(),
    entryCount: r.entry_count,
    journalSeq: r.journal_seq === null ? null : Number(r.journal_seq),
  }));
}

export interface ListEntry {
  /** the entry's stable id within its list (subject id) */
  id: string;
  listKey: string;
  listKind: string;
  label: string;
  /** the list version that published this content */
  version: number;
  /** the list version that replaced or removed it; null while current */
  supersededIn: number | null;
  /** exactly the public fields, as published and hashed */
  content: Record<string, unknown>;
}

/**
 * One entry of a list: as it stands now, or as it stood at list version `atVersion` (the content
 * current then). Undefined when the list has no such entry (then or now).
 */
export async function listEntry(db: AnyDb, listKey: string, subjectId: string, atVersion?: number): Promise<ListEntry | undefined> {
  let q = disclosureDb(db)
    .selectFrom('publication')
    .select(['subject_id', 'list_key', 'list_kind', 'label', 'version', 'superseded_in', 'content'])
    .where('list_key', '=', listKey)
    .where('subject_id', '=', subjectId);
  if (atVersion === undefined) q = q.where('superseded_in', 'is', null);
  else q = q.where('version', '<=', atVersion).where((eb) => eb.or([eb('superseded_in', 'is', null), eb('superseded_in', '>', atVersion)]));
  const r = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!r) return undefined;
  return {
    id: r.subject_id,
    listKey: r.list_key,
    listKind: r.list_kind,
    label: r.label,
    version: r.version,
    supersededIn: r.superseded_in,
    content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<string, unknown>,
  };
}

/** The list version whose `disclosure.publish` journal entry is `seq`, if any: such entries are public. */
export async function versionOfJournalEntry(db: AnyDb, seq: number): Promise<{ listKey: string; version: number } | undefined> {
  const r = await disclosureDb(db)
    .selectFrom('publication_list_version')
    .select(['list_key', 'version'])
    .where('journal_seq', '=', seq)
    .executeTakeFirst();
  return r ? { listKey: r.list_key, version: r.version } : undefined;
}
