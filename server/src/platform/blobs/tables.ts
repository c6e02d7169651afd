import type { ColumnType } from 'kysely';

/**
 * Migration 0021. One row per blob the records reference (insert-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE), so the database knows every file its records need (backups, `blobs verify`).
 * `size` is a bigint: read as a string by node-postgres, written as a number.
 */
export interface BlobTable {
  hash: ColumnType<string, string, never>;
  algorithm: ColumnType<string, string, never>;
  size: ColumnType<string, number, never>;
  first_stored_at: ColumnType<Date, Date, never>;
}

export interface BlobTables {
  blob: BlobTable;
}
