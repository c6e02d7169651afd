import { sql } from 'kysely';
import type { AnyDb } from '../../platform/db/tables';
import { AppError } from '../../platform/errors';
import { disclosureDb } from './db';
import { prefixQuery } from './search';

export interface PublishedEntry {
  subjectId: string;
  label: string;
  agencyId: string | null;
  jurisdictionCode: string;
  version: number;
  listKey: string;
  content: Record<string, unknown>;
}

export interface CurrentQuery {
  listKind: string;
  jurisdictionCode?: string | undefined;
  agencyId?: string | undefined;
  /** free text; every word must match (as a prefix) */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Opaque, stable cursor: the (sort_key, id) of the last row of the page. */
export function encodeCursor(sortKey: string, id: number): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1])) return [v[0], v[1] as number];
  } catch {}
  throw new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新查询', { fields: [{ field: 'cursor', message: '无效' }] });
}

/** The current publications of one kind, ordered by sort key, a page at a time. */
export async function listCurrent(db: AnyDb, query: CurrentQuery) {
  let q = disclosureDb(db)
    .selectFrom('publication')
    .select(['id', 'subject_id', 'label', 'agency_id', 'jurisdiction_code', 'version', 'list_key', 'content', 'sort_key'])
    .where('list_kind', '=', query.listKind)
    .where('superseded_in', 'is', null);
  if (query.jurisdictionCode) q = q.where('jurisdiction_code', '=', query.jurisdictionCode);
  if (query.agencyId) q = q.where('agency_id', '=', query.agencyId);
  if (query.q) {
    const tsq = prefixQuery(query.q);
    if (!tsq) return { items: [] as PublishedEntry[], nextCursor: null };
    q = q.where(sql<boolean>`search_vector @@ to_tsquery('simple', ${tsq})`);
  }
  if (query.cursor) {
    const [sortKey, id] = decodeCursor(query.cursor);
    // the first conjunct is implied by the second; it bounds the index range, so a deep page does
    // not filter every earlier row (190 ms at row 50,000 of 100,000 on PGlite without it)
    q = q.where((eb) =>
      eb.and([
        eb('sort_key', '>=', sortKey),
        eb.or([eb('sort_key', '>', sortKey), eb.and([eb('sort_key', '=', sortKey), eb('id', '>', id)])]),
      ]),
    );
  }
  const rows = await q
    .orderBy('sort_key')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const lastRow = page[page.length - 1];
  return {
    items: page.map(toEntry),
    nextCursor: rows.length > query.limit && lastRow ? encodeCursor(lastRow.sort_key, Number(lastRow.id)) : null,
  };
}

function toEntry(r: {
  subject_id: string;
  label: string;
  agency_id: string | null;
  jurisdiction_code: string;
  version: number;
  list_key: string;
  content: unknown;
}): PublishedEntry {
  return {
    subjectId: r.subject_id,
    label: r.label,
    agencyId: r.agency_id,
    jurisdictionCode: r.jurisdiction_code,
    version: r.version,
    listKey: r.list_key,
    content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as Record<string, unknown>,
  };
}

/** One current publication of a kind, by its subject id (e.g. an item code). */
export async function getCurrent(db: AnyDb, listKind: string, subjectId: string): Promise<PublishedEntry | undefined> {
  const row = await disclosureDb(db)
    .selectFrom('publication')
    .select(['subject_id', 'label', 'agency_id', 'jurisdiction_code', 'version', 'list_key', 'content'])
    .where('list_kind', '=', listKind)
    .where('subject_id', '=', subjectId)
    .where('superseded_in', 'is', null)
    .executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

/** The public version history of the lists of one kind (R-D08), newest first. */
export async function listVersions(db: AnyDb, filter: { listKind?: string; listKey?: string; version?: number; limit?: number }) {
  let q = disclosureDb(db).selectFrom('publication_list_version').selectAll();
  if (filter.listKind) q = q.where('list_kind', '=', filter.listKind);
  if (filter.listKey) q = q.where('list_key', '=', filter.listKey);
  if (filter.version !== undefined) q = q.where('version', '=', filter.version);
  const rows = await q
    .orderBy('published_at', 'desc')
    .orderBy('version', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    listKey: r.list_key,
    version: r.version,
    listKind: r.list_kind,
    agencyId: r.agency_id,
    jurisdictionCode: r.jurisdiction_code,
    title: r.title,
    reason: r.reason,
    changedAt: new Date(r.changed_at).toISOString(),
    confirmed: r.confirmed_by !== null,
    publishedAt: new Date(r.published_at).toISOString(),
    entryCount: r.entry_count,
    changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as {
      added: { subjectId: string; label: string }[];
      changed: { subjectId: string; label: string }[];
      removed: { subjectId: string; label: string }[];
    },
    /** the `disclosure.publish` journal entry of this version (its payload holds every entry's content hash); null before 0011 */
    journalSeq: r.journal_seq === null ? null : Number(r.journal_seq),
  }));
}

/** A list as it stood at one version: what was current then. */
export async function entriesAtVersion(db: AnyDb, listKey: string, version: number): Promise<PublishedEntry[]> {
  const rows = await disclosureDb(db)
    .selectFrom('publication')
    .select(['subject_id', 'label', 'agency_id', 'jurisdiction_code', 'version', 'list_key', 'content'])
    .where('list_key', '=', listKey)
    .where('version', '<=', version)
    .where((eb) => eb.or([eb('superseded_in', 'is', null), eb('superseded_in', '>', version)]))
    .orderBy('sort_key')
    .execute();
  return rows.map(toEntry);
}
