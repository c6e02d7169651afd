/**
 * The journal's public face (DESIGN.md invariant 1). At start the server calls
 * `checkTailAgainstCheckpoint(db, journal.hashAlgorithm)` (logs the warning it returns),
 * `startCheckpointTimer(ctx, config.checkpointIntervalSeconds, { onError })` (awaits the returned stop
 * function at shutdown), and registers `journalPublicRoutes` under /api/v1/public.
 */
export { type CheckpointContext, type CheckpointView, createCheckpoint, latestCheckpoint, startCheckpointTimer } from './checkpoint';
export { entrySeqsAbout, JournalEntrySchema, type JournalEntryView, readEntries, readEntry } from './entries';
export { loadOrCreateSigningKey, loadPublicKeys, type SigningKey, type VerifyKey, verifyKeyFromPem } from './keys';
export { journalPublicRoutes } from './routes';
export { checkTailAgainstCheckpoint } from './tail';
export { type VerifyResult, verifyJournal } from './verify';
