import type { Generated } from 'kysely';
import type { TemplateTables } from './templates-tables';

export type CatalogListKind = 'items' | 'discretion_standards' | 'three_lists' | 'review_catalog' | 'av_duties' | 'inspection_items';
export type ListRevisionStatus = 'draft' | 'submitted' | 'confirmed' | 'returned';

export interface CatalogListRevisionTable {
  id: string;
  list_kind: CatalogListKind;
  agency_id: string;
  jurisdiction_code: string;
  revision: number;
  status: ListRevisionStatus;
  opened_at: Date;
  opened_by: string;
  submitted_at: Date | null;
  submitted_by: string | null;
  submitted_by_name: string | null;
  submit_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_note: string | null;
  published_version: number | null;
}

export interface CatalogEntryRevisionTable {
  id: Generated<number>;
  entry_id: string;
  list_kind: CatalogListKind;
  agency_id: string;
  list_revision_id: string | null;
  revision: number;
  code: string;
  data: unknown;
  removed: boolean;
  reason: string;
  changed_by: string;
  changed_by_name: string;
  changed_at: Date;
}

/** The catalog's tables, the document templates' versions (migration 0024, templates-tables.ts) included. */
export interface CatalogTables extends TemplateTables {
  catalog_list_revision: CatalogListRevisionTable;
  catalog_entry_revision: CatalogEntryRevisionTable;
}
