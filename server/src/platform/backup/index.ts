/**
 * Backup, restore and the move off the embedded store (issue 10 §4, §5; ADR 0013). The CLI lists
 * `backupCommands`; tests and the bench call the functions directly.
 */
export { type BackupOptions, type BackupResult, writeBackup } from './backup';
export { checkArchive } from './check';
export { backupCommands } from './cli';
export type { Manifest } from './manifest';
export { type MoveOptions, moveToPostgres } from './move';
export { type RestoreOptions, restoreBackup } from './restore';
