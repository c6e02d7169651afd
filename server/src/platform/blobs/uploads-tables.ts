import type { ColumnType } from 'kysely';

/**
 * Migration 0022. One upload in progress or finished (tus 1.0, issue 9 §2): staging, not a record.
 * blob_hash and finished_at are set once, together, when the bytes became a blob (a trigger keeps it so).
 */
export interface UploadTable {
  id: ColumnType<string, string, never>;
  user_id: ColumnType<string, string, never>;
  filename: ColumnType<string, string, never>;
  mime_type: ColumnType<string, string, never>;
  /** bigint: read back as a string by pg, as a number by PGlite; use Number() */
  size: ColumnType<string | number, number, never>;
  blob_hash: string | null;
  created_at: ColumnType<Date, Date, never>;
  finished_at: Date | null;
}

/** Migration 0026: the upload became a record (evidence item, template version); at most once. */
export interface UploadClaimTable {
  upload_id: string;
  claimed_at: Date;
  claimed_by: string;
}

// a type alias (not an interface) so that it fits Kysely's `withTables<T extends Record<…>>`
export type UploadTables = {
  upload: UploadTable;
  upload_claim: UploadClaimTable;
};
