import type { ColumnType } from 'kysely';
import type { EvidenceTables } from './evidence/tables';

export type PartyKind = 'natural_person' | 'organisation';

/** Migration 0018. Dates (`date` columns) are read with to_char, never as JS Dates (platform/calendar/tables.ts). */
type LegalDate = string;
type Json<T> = ColumnType<T | string, string, string>;

export interface ProcedureDefinitionTable {
  code: string;
  version: number;
  jurisdiction_code: string | null;
  label: string;
  definition: Json<unknown>;
  effective_from: LegalDate;
  created_at: Date;
  created_by: string;
}

export interface EnforcementCaseTable {
  id: string;
  agency_id: string;
  jurisdiction_code: string;
  procedure_code: string;
  procedure_version: number;
  state: string;
  title: string;
  domain: string | null;
  item_code: string | null;
  number: string | null;
  number_year: number | null;
  number_seq: number | null;
  opened_on: LegalDate;
  filed_on: string | null;
  closed_on: string | null;
  parent_case_id: string | null;
  next_due_on: string | null;
  party_names: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface CaseNumberCounterTable {
  agency_id: string;
  year: number;
  category: string;
  last_seq: number;
}

export interface PartyTable {
  id: string;
  agency_id: string;
  kind: PartyKind;
  name: string;
  id_number: string | null;
  uscc: string | null;
  address: string | null;
  phone: string | null;
  legal_representative: string | null;
  created_at: Date;
  created_by: string;
}

export interface CasePartyTable {
  case_id: string;
  party_id: string;
  added_at: Date;
  added_by: string;
}

export interface CaseOfficerTable {
  case_id: string;
  officer_id: string;
  user_id: string | null;
  name: string;
  assigned_at: Date;
  ended_at: Date | null;
}

export interface CaseEventTable {
  case_id: string;
  seq: number;
  action: string;
  label: string;
  from_state: string | null;
  to_state: string;
  record: string;
  input: Json<Record<string, unknown>>;
  on_date: LegalDate;
  at: Date;
  by_user: string;
  by_name: string;
  journal_seq: ColumnType<string | number, number, never>;
}

export type TimeLimitUnit = 'working_days' | 'natural_days';
export type TimeLimitStatus = 'running' | 'met' | 'paused';

export interface CaseTimeLimitTable {
  case_id: string;
  kind: string;
  seq: number;
  label: string;
  article: string;
  unit: TimeLimitUnit;
  days: number;
  starts_on: LegalDate;
  due_on: LegalDate;
  status: TimeLimitStatus;
  ended_on: string | null;
  extended_days: number;
  paused_days: number;
  paused_since: string | null;
}

/** Migration 0025: the archived case file (案卷, R-C08); one row per case, append-only. */
export interface CaseArchiveTable {
  case_id: string;
  archived_at: Date;
  archived_by: string;
  archived_by_name: string;
  catalogue: Json<unknown>;
  manifest: string;
  hash_algorithm: string;
  manifest_hash: string;
  journal_seq: ColumnType<string | number, number, never>;
}

export interface CasesTables extends EvidenceTables {
  procedure_definition: ProcedureDefinitionTable;
  enforcement_case: EnforcementCaseTable;
  case_number_counter: CaseNumberCounterTable;
  party: PartyTable;
  case_party: CasePartyTable;
  case_officer: CaseOfficerTable;
  case_event: CaseEventTable;
  case_time_limit: CaseTimeLimitTable;
  case_archive: CaseArchiveTable;
}
