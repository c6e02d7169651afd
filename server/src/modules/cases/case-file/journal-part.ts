import type { HashAlgorithm } from '../../../platform/config';
import type { AnyDb } from '../../../platform/db/tables';
import { type CheckpointView, entrySeqsAbout, type JournalEntryView, readEntries } from '../../../platform/journal';
import { proveInclusion } from '../../../platform/journal/proofs';
import { revisionIdsOfList } from '../../../platform/revisions';
import { casesDb } from '../db';

/**
 * The journal entries of a case (DESIGN.md invariant 1), which the case file carries with their
 * RFC 6962 inclusion proofs: every entry whose entity is the case; every entry a timeline step
 * (case_event.journal_seq) was recorded under — actions, evidence, documents; the approvals of the
 * case (platform/revisions entries of the list `case:<id>`); the entries about the case's files
 * (entity id = a record of the catalogue); and each reveal of a party's ID number in the case.
 */
export async function caseJournalSeqs(db: AnyDb, alg: HashAlgorithm, caseId: string, recordIds: readonly string[] = []): Promise<number[]> {
  const [parties, revisions] = await Promise.all([
    casesDb(db).selectFrom('case_party').select('party_id').where('case_id', '=', caseId).execute(),
    revisionIdsOfList(db, `case:${caseId}`),
  ]);
  const [own_, events, approvals, reveals, records] = await Promise.all([
    entrySeqsAbout(db, ['case'], [caseId]),
    casesDb(db).selectFrom('case_event').select('journal_seq as seq').where('case_id', '=', caseId).execute(),
    entrySeqsAbout(db, ['revision'], revisions),
    revealSeqs(
      db,
      alg,
      caseId,
      parties.map((p) => p.party_id),
    ),
    entrySeqsAbout(db, recordEntityTypes, recordIds),
  ]);
  const seqs = new Set<number>([...own_, ...approvals, ...reveals, ...records]);
  for (const e of events) seqs.add(Number(e.seq));
  return [...seqs].sort((a, b) => a - b);
}

/** The reveals of a party's ID number made in this case (a party's entries name the case in their payload). */
async function revealSeqs(db: AnyDb, alg: HashAlgorithm, caseId: string, partyIds: string[]): Promise<number[]> {
  const seqs = await entrySeqsAbout(db, ['party'], partyIds, 'party.reveal_id_number');
  if (!seqs.length) return [];
  const entries = await readEntries(db, alg, seqs, Number.MAX_SAFE_INTEGER);
  return entries.filter((e) => (JSON.parse(e.payload) as { caseId?: string }).caseId === caseId).map((e) => e.seq);
}

/** Entity types under which the evidence and documents parts journal their records (index: entity_type, entity_id, seq). */
export const recordEntityTypes = ['evidence_item', 'evidence', 'case_document', 'document', 'document_version', 'document_signature'];

/** One line of journal/entries.jsonl: every hashed field, the canonical payload, and the proof. */
export type CaseFileJournalLine = Omit<JournalEntryView, 'hashAlgorithm'> & {
  /** RFC 6962 audit path of leaf `seq` in the checkpoint's tree, hex, bottom-up */
  proof: string[];
};

export async function journalLines(
  db: AnyDb,
  alg: HashAlgorithm,
  seqs: readonly number[],
  checkpoint: CheckpointView,
): Promise<CaseFileJournalLine[]> {
  const entries = await readEntries(db, alg, seqs, checkpoint.treeSize);
  const out: CaseFileJournalLine[] = [];
  for (const { hashAlgorithm: _alg, ...e } of entries) {
    const p = await proveInclusion(db, alg, e.seq, checkpoint.treeSize);
    out.push({ ...e, proof: p.proof });
  }
  return out;
}
