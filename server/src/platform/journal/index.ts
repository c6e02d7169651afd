/**
 * The journal's public face (DESIGN.md invariant 1). At start the server calls
 * `registerStartupKeys(ctx)` (prints the `reason` it returns: this process does not sign),
 * `checkTailAgainstCheckpoint(db, journal.hashAlgorithm)` (logs the warning it returns),
 * signs with `createCheckpoint(ctx)` at start and then under the `journal.checkpoint` lease
 * (platform/jobs `startPeriodic`: one signer among all servers, issue 10 §2), and registers `journalPublicRoutes` under /api/v1/public. Each signature
 * is made only by the deployment's current key (`signerKeyFor`, issue 10 §1).
 */
export { type CheckpointContext, type CheckpointView, createCheckpoint, latestCheckpoint } from './checkpoint';
export { entrySeqsAbout, JournalEntrySchema, type JournalEntryView, readEntries, readEntry } from './entries';
export {
  currentKey,
  type KeyContext,
  loadPublicKeys,
  type RegisteredKey,
  registerStartupKeys,
  type SignerStatus,
  signerKeyFor,
  signerStatus,
} from './key-registry';
export { keyFileOf, loadOrCreateSigningKey, readSigningKey, type SigningKey, type VerifyKey, verifyKeyFromPem } from './keys';
export { keyRotateAction, rotateKey } from './rotate';
export { journalPublicRoutes } from './routes';
export { checkTailAgainstCheckpoint } from './tail';
export { type VerifyResult, verifyJournal } from './verify';
