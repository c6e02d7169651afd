/**
 * What the evidence and documents parts of the cases module hand to the case file (案卷, R-C08):
 * one row per stored file, in the order it was made. The case-file assembler orders them into the
 * catalogue (binding order) and the manifest; each part answers its own rows through a function
 * `(db, caseId) => Promise<CaseFileItem[]>` (evidence: evidenceForCaseFile, documents: documentsForCaseFile).
 */
export type CaseFileSection = 'documents' | 'evidence' | 'av_records';

export interface CaseFileItem {
  section: CaseFileSection;
  /** stable id of the record (document version id, evidence item id) */
  recordId: string;
  /** what the catalogue shows, e.g. 行政处罚决定书（第2版） or 现场照片：仓库东侧 */
  title: string;
  /** legal date the record was made, YYYY-MM-DD (Asia/Shanghai) */
  date: string;
  /** the instrument code (documents) or evidence kind (evidence), for binding order */
  kind: string;
  blobHash: string;
  size: number;
  mimeType: string;
  /** a file name to use inside the .zip (no directories) */
  filename: string;
  /** everything else the manifest carries: capture time/place, collectors, 证明对象, device, custodian, template version, signatures… */
  metadata: Record<string, unknown>;
  /** withdrawn items stay in the file, marked */
  withdrawn: { at: string; by: string; reason: string } | null;
}
