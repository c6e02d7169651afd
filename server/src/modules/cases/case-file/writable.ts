import type { AnyDb } from '../../../platform/db/tables';
import { RefusedError } from '../../../platform/errors';
import { casesDb } from '../db';

/** The code and message every write to an archived case answers (409, R-C08, DESIGN.md invariant 2). */
export const caseArchivedCode = 'CASE_ARCHIVED';
export const caseArchivedMessage = '案件已归档，案卷只读';

export async function isArchived(db: AnyDb, caseId: string): Promise<boolean> {
  const row = await casesDb(db).selectFrom('case_archive').select('case_id').where('case_id', '=', caseId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Refuses any write to an archived case: the case file (案卷) is final once archived (R-C08),
 * so an action, a new evidence item, a document version, a withdrawal or a signature all answer
 * 409 CASE_ARCHIVED and write nothing. Call it inside the writing transaction, after the case row
 * is locked (archiving locks the same row), so a write and an archive never interleave.
 */
export async function assertCaseWritable(trx: AnyDb, caseId: string): Promise<void> {
  if (await isArchived(trx, caseId)) throw new RefusedError(caseArchivedCode, caseArchivedMessage, { guard: caseArchivedCode, caseId });
}
