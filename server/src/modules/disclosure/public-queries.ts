import { sql } from 'kysely';
import type { AnyDb } from '../../platform/db/tables';
import { disclosureDb } from './db';
import { getCurrent, type PublishedEntry } from './queries';

export interface KindSummary {
  listKind: string;
  /** entries currently published, over every list of the kind */
  entryCount: number;
  /** how many lists (e.g. one per agency) */
  listCount: number;
  /** the newest publication of any list of the kind (ISO), null when never published */
  lastPublishedAt: string | null;
}

/**
 * For the portal's home page: per kind, the number of current entries and the date of the last
 * publication. Reads the latest version of each list (few rows) rather than counting entries.
 */
export async function kindSummaries(db: AnyDb, filter: { jurisdictionCode?: string | undefined } = {}): Promise<KindSummary[]> {
  let q = disclosureDb(db)
    .selectFrom('publication_list_version')
    .distinctOn('list_key')
    .select(['list_key', 'list_kind', 'entry_count', 'published_at'])
    .orderBy('list_key')
    .orderBy('version', 'desc');
  if (filter.jurisdictionCode) q = q.where('jurisdiction_code', '=', filter.jurisdictionCode);
  const latest = await q.execute();
  const byKind = new Map<string, KindSummary>();
  for (const r of latest) {
    const s = byKind.get(r.list_kind) ?? { listKind: r.list_kind, entryCount: 0, listCount: 0, lastPublishedAt: null };
    s.entryCount += r.entry_count;
    s.listCount += 1;
    const at = new Date(r.published_at).toISOString();
    if (!s.lastPublishedAt || at > s.lastPublishedAt) s.lastPublishedAt = at;
    byKind.set(r.list_kind, s);
  }
  return [...byKind.values()];
}

/**
 * One current entry of a kind by its public code: the subject id when the list uses the code as
 * id, else the `code` field of its content (items, discretion standards, …).
 */
export async function getCurrentByCode(db: AnyDb, listKind: string, code: string): Promise<PublishedEntry | undefined> {
  const bySubject = await getCurrent(db, listKind, code);
  if (bySubject) return bySubject;
  const row = await disclosureDb(db)
    .selectFrom('publication')
    .select(['subject_id', 'label', 'agency_id', 'jurisdiction_code', 'version', 'list_key', 'content'])
    .where('list_kind', '=', listKind)
    .where('superseded_in', 'is', null)
    .where(sql<string>`content->>'code'`, '=', code)
    .orderBy('id')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    subjectId: row.subject_id,
    label: row.label,
    agencyId: row.agency_id,
    jurisdictionCode: row.jurisdiction_code,
    version: row.version,
    listKey: row.list_key,
    content: (typeof row.content === 'string' ? JSON.parse(row.content) : row.content) as Record<string, unknown>,
  };
}
