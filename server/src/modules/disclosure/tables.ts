import type { Generated } from 'kysely';

export interface PublicationListVersionTable {
  list_key: string;
  version: number;
  list_kind: string;
  jurisdiction_code: string;
  agency_id: string | null;
  title: string;
  reason: string;
  changed_by: string;
  changed_at: Date;
  confirmed_by: string | null;
  published_at: Date;
  entry_count: number;
  changes: unknown;
  /** seq of the `disclosure.publish` journal entry of this version; null before migration 0011 */
  journal_seq: number | null;
}

export interface PublicationTable {
  id: Generated<number>;
  list_kind: string;
  list_key: string;
  version: number;
  subject_id: string;
  jurisdiction_code: string;
  agency_id: string | null;
  label: string;
  content: unknown;
  content_hash: string;
  search_text: string;
  sort_key: string;
  superseded_in: number | null;
}

export interface DisclosureTables {
  publication_list_version: PublicationListVersionTable;
  publication: PublicationTable;
}
