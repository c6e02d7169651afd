import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context';
import type { AnyTrx } from '../../platform/db/tables';
import { AppError } from '../../platform/errors';
import type { JournalActor } from '../../platform/journal/append';
import { canonicalJson } from '../../platform/journal/hash';
import type { PublishContext } from '../../platform/revisions';
import { disclosureDb } from './db';
import { publicFieldProblems } from './kinds';
import { knownPersonalData } from './known-personal-data';
import { findPersonalDataInFields, type PersonalDataKind } from './personal-data';
import { searchText } from './search';

export interface PublicEntry {
  /** stable id of the entry within its list (item code, officer id, agency id) */
  subjectId: string;
  /** the name shown in lists and in the change summary */
  label: string;
  /** exactly the public fields; checked against the kind's public schema */
  content: Record<string, unknown>;
  /** extra text to search besides the label (legal bases, agency name, …) */
  searchExtra?: string;
  /** order in lists; the label when absent */
  sortKey?: string;
}

export interface PublishListInput {
  listKind: string;
  listKey: string;
  jurisdictionCode: string;
  agencyId: string | null;
  title: string;
  reason: string;
  changedBy: string;
  changedAt: Date;
  confirmedBy: string | null;
  /** the whole list as it now stands */
  entries: PublicEntry[];
  /**
   * Publish although the personal-data detector found something (it can be wrong: a code that
   * looks like a card number). The reason and the field paths of the hits, never the digits, are
   * journaled with the publication.
   */
  personalDataRelease?: { reason: string };
}

/** A field of an entry where the personal-data detector found something (no digits: it is journaled). */
export interface PersonalDataFinding {
  subjectId: string;
  label: string;
  field: string;
  kind: PersonalDataKind;
}

/**
 * R-D02 / issue 6 §4: every string field of every entry, whatever the list kind, read by the
 * personal-data detector against the ID numbers recorded in the jurisdiction (one query). A hit
 * refuses the publication, naming the list, the entry and the field, unless released with a reason.
 */
async function personalDataFindings(trx: AnyTrx, input: PublishListInput): Promise<PersonalDataFinding[]> {
  const known = await knownPersonalData(
    trx,
    input.jurisdictionCode,
    input.entries.map((e) => e.content),
  );
  const findings = input.entries.flatMap((e) =>
    findPersonalDataInFields(e.content, known).map((h) => ({
      subjectId: e.subjectId,
      label: e.label,
      field: h.field,
      kind: h.kind,
      message: h.message,
    })),
  );
  const first = findings[0];
  if (first && !input.personalDataRelease)
    throw new AppError('VALIDATION_FAILED', `“${input.title}”中“${first.label}”的 ${first.field} ${first.message}，个人信息不得公示`, {
      hits: findings.slice(0, 100).map(({ message: _m, ...h }) => h),
    });
  return findings.map(({ message: _m, ...h }) => h);
}

export interface ChangeSummary {
  added: { subjectId: string; label: string }[];
  changed: { subjectId: string; label: string }[];
  removed: { subjectId: string; label: string }[];
}

/** sha256 over the canonical JSON of the entry's public fields; named in the journal payload. */
const contentHashAlgorithm = 'sha256';
const contentHash = (content: unknown) => createHash(contentHashAlgorithm).update(canonicalJson(content)).digest('hex');

/**
 * The actor of a `disclosure.publish` entry. That entry is served to the public (it proves the
 * published content, docs/journal.md "Verifying a published entry"), so it names no person: the
 * platform, acting for the caller's agency. Who did it, and from where, is in the caller's own
 * entry of the same transaction (`revision.confirm`, `service_window.*`).
 */
const publicationActor = (actor: JournalActor): JournalActor => ({
  id: null,
  name: 'system',
  agencyId: actor.agencyId ?? null,
  jurisdictionCode: actor.jurisdictionCode ?? null,
  clientIp: null,
});

/**
 * Publishes a confirmed version of a list (DESIGN.md: what the public sees is a publication).
 * Compares it with the current publications of the list: new and changed entries get a new
 * publication row, changed and removed ones are marked superseded by this version; unchanged ones
 * stay. Journals the act — with the content hash of every entry of the version, so the journal
 * proves what was published — and writes the version row (public history, R-D08) naming that
 * journal entry, in the caller's transaction. Refuses any field outside the kind's public schema.
 */
export async function publishList(trx: AnyTrx, ctx: AppContext, actor: JournalActor, input: PublishListInput) {
  const problems = input.entries.flatMap((e) => publicFieldProblems(input.listKind, e.content).map((p) => `${e.label}：${p}`));
  if (problems.length)
    throw new AppError('VALIDATION_FAILED', `公示内容含有不允许公开的字段或格式不符：${problems[0]}`, { problems: problems.slice(0, 20) });
  const personalData = await personalDataFindings(trx, input);
  const seen = new Set<string>();
  for (const e of input.entries) {
    if (seen.has(e.subjectId)) throw new AppError('VALIDATION_FAILED', `公示清单中重复的条目：${e.label}`, { subjectId: e.subjectId });
    seen.add(e.subjectId);
  }
  const current = await disclosureDb(trx)
    .selectFrom('publication')
    .select(['id', 'subject_id', 'label', 'content_hash'])
    .where('list_key', '=', input.listKey)
    .where('superseded_in', 'is', null)
    .execute();
  const last = await disclosureDb(trx)
    .selectFrom('publication_list_version')
    .select('version')
    .where('list_key', '=', input.listKey)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const version = (last?.version ?? 0) + 1;
  const byId = new Map(current.map((c) => [c.subject_id, c]));
  const changes: ChangeSummary = { added: [], changed: [], removed: [] };
  const toInsert = [];
  const toSupersede: number[] = [];
  const hashes: { subjectId: string; contentHash: string }[] = [];
  for (const e of input.entries) {
    const hash = contentHash(e.content);
    hashes.push({ subjectId: e.subjectId, contentHash: hash });
    const old = byId.get(e.subjectId);
    byId.delete(e.subjectId);
    if (old && old.content_hash === hash) continue;
    if (old) toSupersede.push(old.id);
    (old ? changes.changed : changes.added).push({ subjectId: e.subjectId, label: e.label });
    toInsert.push({
      list_kind: input.listKind,
      list_key: input.listKey,
      version,
      subject_id: e.subjectId,
      jurisdiction_code: input.jurisdictionCode,
      agency_id: input.agencyId,
      label: e.label,
      content: JSON.stringify(e.content),
      content_hash: hash,
      search_text: searchText(e.label, e.searchExtra),
      sort_key: e.sortKey ?? e.label,
    });
  }
  for (const gone of byId.values()) {
    toSupersede.push(gone.id);
    changes.removed.push({ subjectId: gone.subject_id, label: gone.label });
  }
  const now = ctx.clock.now();
  // journaled first, so the version row (append-only, no later update) can carry the entry's seq
  const journaled = await ctx.journal.append(trx, {
    actor: publicationActor(actor),
    action: 'disclosure.publish',
    entity: { type: 'publication_list', id: `${input.listKey}@${version}` },
    payload: {
      listKind: input.listKind,
      title: input.title,
      reason: input.reason,
      entries: input.entries.length,
      added: changes.added.length,
      changed: changes.changed.length,
      removed: changes.removed.length,
      ...(input.personalDataRelease ? { personalDataRelease: { reason: input.personalDataRelease.reason, hits: personalData } } : {}),
      // the whole version as published, so an inclusion proof of this entry proves each entry's content
      contentHashAlgorithm,
      contentHashes: hashes.sort((a, b) => (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0)),
    },
  });
  await disclosureDb(trx)
    .insertInto('publication_list_version')
    .values({
      list_key: input.listKey,
      version,
      list_kind: input.listKind,
      jurisdiction_code: input.jurisdictionCode,
      agency_id: input.agencyId,
      title: input.title,
      reason: input.reason,
      changed_by: input.changedBy,
      changed_at: input.changedAt,
      confirmed_by: input.confirmedBy,
      published_at: now,
      entry_count: input.entries.length,
      changes: JSON.stringify(changes),
      journal_seq: journaled.seq,
    })
    .execute();
  for (let i = 0; i < toSupersede.length; i += 1000) {
    await disclosureDb(trx)
      .updateTable('publication')
      .set({ superseded_in: version })
      .where('id', 'in', toSupersede.slice(i, i + 1000))
      .execute();
  }
  for (let i = 0; i < toInsert.length; i += 500)
    await disclosureDb(trx)
      .insertInto('publication')
      .values(toInsert.slice(i, i + 500))
      .execute();
  return { version, changes, publishedAt: now, journalSeq: journaled.seq };
}

/**
 * Publishes a snapshot the justice bureau confirmed (platform/revisions): exactly its merged public
 * entries, with the public change note as the version's reason; answers the new list version. One
 * place for every kind of list, so what a confirmation publishes is decided once.
 */
export async function publishConfirmed(
  trx: AnyTrx,
  ctx: AppContext,
  p: PublishContext,
  overrides: { title?: string; agencyId?: string | null } = {},
): Promise<number> {
  const r = p.revision;
  const published = await publishList(trx, ctx, p.confirmedBy.journal, {
    listKind: r.list_kind,
    listKey: r.list_key,
    jurisdictionCode: r.jurisdiction_code,
    agencyId: overrides.agencyId === undefined ? r.agency_id : overrides.agencyId,
    title: overrides.title ?? r.title,
    reason: r.public_note,
    changedBy: r.submitted_by_name,
    changedAt: new Date(r.submitted_at),
    confirmedBy: p.confirmedBy.name,
    entries: p.entries,
    ...(p.releaseReason ? { personalDataRelease: { reason: p.releaseReason } } : {}),
  });
  return published.version;
}
