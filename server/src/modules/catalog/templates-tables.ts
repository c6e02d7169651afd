import type { ColumnType } from 'kysely';

/** Migration 0024: a jurisdiction's own versions of a document template (the built-in ones are version 1, in server/templates/). */
export interface DocumentTemplateVersionTable {
  code: string;
  version: number;
  jurisdiction_code: string;
  /** YYYY-MM-DD, read with to_char */
  effective_from: string;
  blob_hash: string;
  size: ColumnType<string | number, number, never>;
  placeholders: ColumnType<unknown, string, string>;
  reason: string;
  created_at: Date;
  created_by: string;
  created_by_name: string;
  journal_seq: ColumnType<string | number, number, never>;
}

export interface TemplateTables {
  document_template_version: DocumentTemplateVersionTable;
}
