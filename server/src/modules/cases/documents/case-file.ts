/**
 * The rows the case file (案卷, R-C08) binds for a case's documents: every version of every
 * document, in the order made, with its template version, reason and signatures.
 */
import type { AnyDb } from '../../../platform/db/tables';
import type { CaseFileItem } from '../case-file-items';
import { DOCX_MIME, documentsOfCases } from './service';

const safe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_').slice(0, 80);

export async function documentsForCaseFile(db: AnyDb, caseId: string): Promise<CaseFileItem[]> {
  const docs = await documentsOfCases(db, [caseId]);
  const items: CaseFileItem[] = [];
  for (const d of docs)
    for (const v of d.versions)
      items.push({
        section: 'documents',
        recordId: v.id,
        title: `${d.title}（第${v.version}版）`,
        date: v.on,
        // the instrument's name: what a reader of the catalogue sees, and what binding order matches on (binding.ts)
        kind: d.templateName,
        blobHash: v.hash,
        size: v.size,
        mimeType: DOCX_MIME,
        filename: `${safe(d.title)}-${d.id.slice(0, 8)}-v${v.version}.docx`,
        metadata: {
          documentId: d.id,
          version: v.version,
          templateCode: d.templateCode,
          templateVersion: v.templateVersion,
          reason: v.reason,
          createdAt: v.createdAt,
          createdBy: v.createdByName,
          journalSeq: v.journalSeq,
          signatures: v.signatures,
        },
        withdrawn: null,
      });
  return items.sort((a, b) => String(a.metadata.createdAt).localeCompare(String(b.metadata.createdAt)));
}
