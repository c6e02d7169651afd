import type { RevisionStatus } from './machine';

export interface RevisionTable {
  id: string;
  list_kind: string;
  subject_key: string;
  list_key: string;
  agency_id: string | null;
  jurisdiction_code: string;
  title: string;
  seq: number;
  status: RevisionStatus;
  content_hash: string;
  item_count: number;
  note: string;
  public_note: string;
  concerns: unknown;
  submitted_by: string;
  submitted_by_name: string;
  submitted_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  published_version: number | null;
  superseded_by: string | null;
  release_reason: string | null;
}

export type ItemChange = 'added' | 'changed' | 'removed' | 'internal';

export interface RevisionItemTable {
  revision_id: string;
  item_key: string;
  list_key: string;
  version: number;
  label: string;
  change: ItemChange;
  data: unknown;
  public: unknown;
}

export interface RevisionTables {
  revision: RevisionTable;
  revision_item: RevisionItemTable;
}
