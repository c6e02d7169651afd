/** Reading evidence rows and presenting them (one view for the case page, the party page and the case file). */
import type { AnyDb } from '../../../platform/db/tables';
import { casesDb } from '../db';
import type { ProcedureDefinition } from '../definition';
import { categoryLabels, isThumbnailable } from './rules';
import type { EvidenceView } from './schema';

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function evidenceRows(db: AnyDb, by: { caseId?: string; itemId?: string; caseIds?: readonly string[] }) {
  let q = casesDb(db)
    .selectFrom('evidence_item as e')
    .innerJoin('enforcement_case as c', 'c.id', 'e.case_id')
    .leftJoin('device as d', 'd.id', 'e.device_id')
    .leftJoin('party as p', 'p.id', 'e.party_id')
    .leftJoin('evidence_withdrawal as w', 'w.item_id', 'e.id')
    .selectAll('e')
    .select([
      'c.number as case_number',
      'c.title as case_title',
      'c.procedure_code',
      'c.procedure_version',
      'd.name as device_name',
      'd.kind as device_kind',
      'd.serial_number as device_serial',
      'p.name as party_name',
      'w.at as withdrawn_at',
      'w.by_name as withdrawn_by',
      'w.reason as withdrawn_reason',
    ]);
  if (by.caseId) q = q.where('e.case_id', '=', by.caseId);
  if (by.caseIds) q = q.where('e.case_id', 'in', by.caseIds.length ? [...by.caseIds] : ['']);
  if (by.itemId) q = q.where('e.id', '=', by.itemId);
  return q.orderBy('e.case_id').orderBy('e.seq').execute();
}

export type EvidenceRow = Awaited<ReturnType<typeof evidenceRows>>[number];

/** The legal day (Asia/Shanghai) of an instant, in SQL-free form. */
export const legalDayOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export function toEvidenceView(r: EvidenceRow, def?: ProcedureDefinition): EvidenceView {
  const base = `/api/v1/cases/${r.case_id}/evidence/${r.id}`;
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    caseTitle: r.case_title,
    seq: r.seq,
    category: r.category,
    categoryLabel: categoryLabels[r.category],
    kind: r.kind,
    title: r.title,
    capturedAt: new Date(r.captured_at).toISOString(),
    place: r.place,
    latitude: r.latitude === null ? null : Number(r.latitude),
    longitude: r.longitude === null ? null : Number(r.longitude),
    collectors: json<{ officerId: string; name: string }[]>(r.collectors),
    proves: r.proves,
    device:
      r.device_id && r.device_name
        ? { id: r.device_id, name: r.device_name, kind: r.device_kind ?? '', serialNumber: r.device_serial ?? '' }
        : null,
    custodian: r.custodian_officer_id ? { officerId: r.custodian_officer_id, name: r.custodian_name ?? '' } : null,
    step: r.step,
    stepLabel: r.step ? (def?.actions.find((a) => a.name === r.step)?.label ?? r.step) : null,
    party: r.party_id ? { id: r.party_id, name: r.party_name ?? '' } : null,
    hash: r.blob_hash,
    size: Number(r.size),
    mimeType: r.mime_type,
    filename: r.filename,
    contentUrl: `${base}/content`,
    thumbnailUrl: isThumbnailable(r.mime_type) ? `${base}/thumbnail` : null,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_name,
    journalSeq: Number(r.journal_seq),
    withdrawn: r.withdrawn_at
      ? { at: new Date(r.withdrawn_at).toISOString(), by: r.withdrawn_by ?? '', reason: r.withdrawn_reason ?? '' }
      : null,
  };
}
