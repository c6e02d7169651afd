import { sql } from 'kysely';
import type { HashAlgorithm } from '../../../platform/config';
import { type AnyDb, own } from '../../../platform/db/tables';
import type { CheckpointView } from '../../../platform/journal';
import { proveInclusion } from '../../../platform/journal/proofs';
import type { JournalTables } from '../../../platform/journal/tables';
import { casesDb } from '../db';

/**
 * The journal entries of a case (DESIGN.md invariant 1), which the case file carries with their
 * RFC 6962 inclusion proofs: every entry whose entity is the case; every entry a timeline step
 * (case_event.journal_seq) was recorded under — actions, evidence, documents; the approvals of the
 * case (platform/revisions entries of the list `case:<id>`); the entries about the case's files
 * (entity id = a record of the catalogue); and each reveal of a party's ID number in the case.
 */
export async function caseJournalSeqs(db: AnyDb, caseId: string, recordIds: readonly string[] = []): Promise<number[]> {
  const j = own<JournalTables>(db);
  const [own_, events, revisions, reveals, records] = await Promise.all([
    j.selectFrom('journal_entry').select('seq').where('entity_type', '=', 'case').where('entity_id', '=', caseId).execute(),
    casesDb(db).selectFrom('case_event').select('journal_seq as seq').where('case_id', '=', caseId).execute(),
    j
      .selectFrom('journal_entry')
      .select('seq')
      .where('entity_type', '=', 'revision')
      .where(sql<boolean>`entity_id in (select id from revision where list_key = ${`case:${caseId}`})`)
      .execute(),
    j
      .selectFrom('journal_entry')
      .select('seq')
      .where('action', '=', 'party.reveal_id_number')
      .where('payload', 'like', `%"caseId":${JSON.stringify(caseId)}%`)
      .execute(),
    recordIds.length
      ? j
          .selectFrom('journal_entry')
          .select('seq')
          .where('entity_type', 'in', recordEntityTypes)
          .where('entity_id', 'in', [...recordIds])
          .execute()
      : Promise.resolve([]),
  ]);
  const seqs = new Set<number>();
  for (const r of [...own_, ...events, ...revisions, ...reveals, ...records]) seqs.add(Number(r.seq));
  return [...seqs].sort((a, b) => a - b);
}

/** Entity types under which the evidence and documents parts journal their records (index: entity_type, entity_id, seq). */
export const recordEntityTypes = ['evidence_item', 'evidence', 'case_document', 'document', 'document_version', 'document_signature'];

/** One line of journal/entries.jsonl: every hashed field, the canonical payload, the proof. */
export interface CaseFileJournalLine {
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  agencyId: string | null;
  jurisdictionCode: string | null;
  clientIp: string | null;
  /** canonical JSON exactly as hashed */
  payload: string;
  payloadHash: string;
  prevHash: string;
  entryHash: string;
  /** RFC 6962 audit path of leaf `seq` in the checkpoint's tree, hex, bottom-up */
  proof: string[];
}

export async function journalLines(
  db: AnyDb,
  alg: HashAlgorithm,
  seqs: readonly number[],
  checkpoint: CheckpointView,
): Promise<CaseFileJournalLine[]> {
  if (!seqs.length) return [];
  const rows = await own<JournalTables>(db)
    .selectFrom('journal_entry')
    .selectAll()
    .where('seq', 'in', [...seqs])
    .where('seq', '<', checkpoint.treeSize)
    .orderBy('seq')
    .execute();
  const out: CaseFileJournalLine[] = [];
  for (const r of rows) {
    const p = await proveInclusion(db, alg, Number(r.seq), checkpoint.treeSize);
    out.push({
      seq: Number(r.seq),
      occurredAt: new Date(r.occurred_at).toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      agencyId: r.agency_id,
      jurisdictionCode: r.jurisdiction_code,
      clientIp: r.client_ip,
      payload: r.payload,
      payloadHash: r.payload_hash,
      prevHash: r.prev_hash,
      entryHash: r.entry_hash,
      proof: p.proof,
    });
  }
  return out;
}
