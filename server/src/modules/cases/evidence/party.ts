/**
 * One place per party (R-C06, issue 9 §6) and the case file's manifest (R-C08): the same evidence
 * rows, seen from a party across its cases and from a case for its 案卷.
 */
import type { AnyDb } from '../../../platform/db/tables';
import type { CaseFileItem } from '../case-file-items';
import type { ProcedureDefinition } from '../definition';
import { definitionOf } from '../definitions';
import { evidenceRows, legalDayOf, toEvidenceView } from './read';
import type { EvidenceView } from './schema';

async function definitions(db: AnyDb, rows: readonly { procedure_code: string; procedure_version: number }[]) {
  const defs = new Map<string, ProcedureDefinition>();
  for (const r of rows) {
    const k = `${r.procedure_code}@${r.procedure_version}`;
    if (!defs.has(k)) defs.set(k, await definitionOf(db, r.procedure_code, r.procedure_version));
  }
  return defs;
}

/**
 * The evidence and AV records of a party across the given cases (those of the party in the caller's
 * scope), in capture-time order: items naming the party, and items of its cases that name no party
 * (a record of the case concerns each of its parties; an item naming another party does not).
 */
export async function partyEvidence(db: AnyDb, partyId: string, caseIds: readonly string[]): Promise<EvidenceView[]> {
  if (!caseIds.length) return [];
  const rows = (await evidenceRows(db, { caseIds })).filter((r) => r.party_id === null || r.party_id === partyId);
  const defs = await definitions(db, rows);
  return rows
    .sort((a, b) => new Date(a.captured_at).getTime() - new Date(b.captured_at).getTime() || a.seq - b.seq)
    .map((r) => toEvidenceView(r, defs.get(`${r.procedure_code}@${r.procedure_version}`)));
}

// no directory separators, reserved or control characters in a name inside the .zip
const safeName = (s: string) =>
  [...s]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .slice(0, 80);

/**
 * The rows the case file (案卷, R-C08) binds for a case's evidence and AV records: every item, in the
 * order recorded, withdrawn ones included and marked, with the metadata R-C03 asks for.
 */
export async function evidenceForCaseFile(db: AnyDb, caseId: string): Promise<CaseFileItem[]> {
  const rows = await evidenceRows(db, { caseId });
  const defs = await definitions(db, rows);
  return rows.map((r) => {
    const v = toEvidenceView(r, defs.get(`${r.procedure_code}@${r.procedure_version}`));
    const dot = v.filename.lastIndexOf('.');
    const ext = dot > 0 ? v.filename.slice(dot).slice(0, 10) : '';
    return {
      section: v.category === 'av_record' ? 'av_records' : 'evidence',
      recordId: v.id,
      title: `${v.kind}：${v.title}`,
      date: legalDayOf(new Date(v.capturedAt)),
      kind: v.kind,
      blobHash: v.hash,
      size: v.size,
      mimeType: v.mimeType,
      filename: `${v.category === 'av_record' ? '音像' : '证据'}${String(v.seq).padStart(3, '0')}-${safeName(v.title)}${ext}`,
      metadata: {
        seq: v.seq,
        category: v.categoryLabel,
        capturedAt: v.capturedAt,
        place: v.place,
        latitude: v.latitude,
        longitude: v.longitude,
        collectors: v.collectors,
        proves: v.proves,
        device: v.device,
        custodian: v.custodian,
        step: v.step,
        stepLabel: v.stepLabel,
        party: v.party,
        originalFilename: v.filename,
        recordedAt: v.createdAt,
        recordedBy: v.createdBy,
        journalSeq: v.journalSeq,
      },
      withdrawn: v.withdrawn,
    };
  });
}
