/**
 * The case file (案卷, issue 9 §8, R-C08): archiving, the catalogue in binding order, the .zip
 * export and its offline verifier. Other parts of the cases module call `assertCaseWritable`
 * inside every writing transaction.
 */

export { archiveCase, caseFileView } from './archive';
export { caseFileCommands } from './cli';
export { exportCaseFile } from './export';
export { type CaseFileVerifyResult, verifyCaseFile } from './verify';
export { assertCaseWritable, caseArchivedCode, caseArchivedMessage, isArchived } from './writable';
