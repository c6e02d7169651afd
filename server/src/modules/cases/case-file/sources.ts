import type { AnyDb } from '../../../platform/db/tables';
import type { CaseFileItem } from '../case-file-items';
import { documentsForCaseFile } from '../documents/case-file';
import { evidenceForCaseFile } from '../evidence/party';

/**
 * The parts of the cases module whose records go into the case file (案卷): each answers its own
 * stored files as CaseFileItem rows (case-file-items.ts). Evidence and AV records (evidence/) and
 * every version of every document (documents/).
 */
type Source = (db: AnyDb, caseId: string) => Promise<CaseFileItem[]>;
const sources: Source[] = [documentsForCaseFile, evidenceForCaseFile];

export async function caseFileItems(db: AnyDb, caseId: string): Promise<CaseFileItem[]> {
  const parts = [];
  for (const source of sources) parts.push(...(await source(db, caseId)));
  return parts;
}
