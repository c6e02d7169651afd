import type { ColumnType } from 'kysely';

/** Migration 0024: case documents, their versions, signatures and the PDF cache (append-only). */
type Json<T> = ColumnType<T | string, string, string>;
type Seq = ColumnType<string | number, number, never>;

export interface CaseDocumentTable {
  id: string;
  case_id: string;
  template_code: string;
  title: string;
  created_at: Date;
  created_by: string;
}

export interface CaseDocumentVersionTable {
  id: string;
  document_id: string;
  version: number;
  template_version: number;
  /** YYYY-MM-DD, read with to_char */
  on_date: string;
  fields: Json<Record<string, string>>;
  data: Json<Record<string, unknown>>;
  blob_hash: string;
  size: ColumnType<string | number, number, never>;
  reason: string | null;
  created_at: Date;
  created_by: string;
  created_by_name: string;
  journal_seq: Seq;
}

export interface CaseDocumentSignatureTable {
  id: string;
  version_id: string;
  signer_user: string;
  signer_name: string;
  signed_at: Date;
  document_hash: string;
  seal_provider: string;
  seal_label: string | null;
  seal_certificate: string | null;
  seal_signature: string | null;
  journal_seq: Seq;
}

export interface DocumentPdfTable {
  docx_hash: string;
  pdf_hash: string;
  size: ColumnType<string | number, number, never>;
  created_at: Date;
}

export interface DocumentTables {
  case_document: CaseDocumentTable;
  case_document_version: CaseDocumentVersionTable;
  case_document_signature: CaseDocumentSignatureTable;
  document_pdf: DocumentPdfTable;
}
