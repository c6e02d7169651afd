import type { Generated } from 'kysely';

export type { JurisdictionLevel } from '../../platform/scope/tables';
export type AgencyKind = 'administrative_organ' | 'authorized_org' | 'entrusted_org';
export type CertificateStatus = 'green' | 'yellow' | 'red' | 'revoked';
export type TrainingKind = 'professional' | 'legal';
export type AnnualReviewResult = 'pass' | 'basic_pass' | 'fail';

export interface AgencyTable {
  id: string;
  name: string;
  /** pinyin sort key of the name (platform/sort-key.ts); null only before the start-up backfill */
  name_sort_key: string | null;
  kind: AgencyKind;
  is_supervising: boolean;
  jurisdiction_code: string;
  parent_id: string | null;
  created_at: Date;
  legal_basis: string | null;
  uscc: string | null;
  address: string | null;
  phone: string | null;
  /** jsonb array of enforcement domains; written as JSON text */
  domains: string[] | string;
  legal_office: string | null;
  entrusting_agency_id: string | null;
  abolished: boolean;
  version: number;
  confirmed_version: number | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  pending_since: Date | null;
  updated_at: Date | null;
}

export interface VersionTable {
  version: number;
  snapshot: unknown;
  reason: string;
  changed_by: string;
  changed_at: Date;
}

export interface AgencyVersionTable extends VersionTable {
  agency_id: string;
}

export interface OfficerTable {
  id: string;
  agency_id: string;
  user_id: string | null;
  name: string;
  /** pinyin sort key of the name (platform/sort-key.ts); null only before the start-up backfill */
  name_sort_key: string | null;
  post: string | null;
  domains: string[] | string;
  id_number: string;
  certificate_number: string | null;
  issuing_body: string | null;
  valid_from: string | null;
  valid_until: string | null;
  status: CertificateStatus;
  status_reason: string | null;
  has_legal_qualification: boolean;
  is_enforcer: boolean;
  is_reviewer: boolean;
  is_legal_adviser: boolean;
  is_auxiliary: boolean;
  active: boolean;
  version: number;
  pending_since: Date | null;
  /** the version the justice bureau last confirmed (R-P01: what an officer enforces on) */
  confirmed_version: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface OfficerVersionTable extends VersionTable {
  officer_id: string;
}

export interface OfficerStatusChangeTable {
  id: Generated<string>;
  officer_id: string;
  from_status: CertificateStatus | null;
  to_status: CertificateStatus;
  reason: string;
  changed_by: string;
  changed_at: Date;
}

export interface OfficerAnnualReviewTable {
  id: Generated<string>;
  officer_id: string;
  year: number;
  result: AnnualReviewResult;
  note: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface TrainingRecordTable {
  id: Generated<string>;
  officer_id: string;
  date: string;
  /** numeric: read back as text */
  hours: number | string;
  kind: TrainingKind;
  topic: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface OrgTables {
  agency: AgencyTable;
  agency_version: AgencyVersionTable;
  officer: OfficerTable;
  officer_version: OfficerVersionTable;
  officer_status_change: OfficerStatusChangeTable;
  officer_annual_review: OfficerAnnualReviewTable;
  training_record: TrainingRecordTable;
  service_window: ServiceWindowTable;
  service_window_version: ServiceWindowVersionTable;
}

/** One staff member on a window's board (R-D18): an active officer record of the agency. */
export interface WindowStaffRow {
  officerId: string;
  duties: string;
}

/** A sample application material (申请材料示范文本) and the items it serves. */
export interface WindowMaterialRow {
  title: string;
  text: string;
  itemCodes: string[];
}

/** A service window (政务服务窗口) of an agency, with its post information board (R-D18). */
export interface ServiceWindowTable {
  id: string;
  agency_id: string;
  number: string;
  name: string;
  hall: string;
  floor: string | null;
  opening_hours: string;
  phone: string | null;
  /** jsonb; written as JSON text */
  staff: WindowStaffRow[] | string;
  item_codes: string[] | string;
  materials: WindowMaterialRow[] | string;
  progress_enquiry: string;
  consultation: string;
  complaint: string;
  retired: boolean;
  retired_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ServiceWindowVersionTable extends VersionTable {
  window_id: string;
  published_list_version: number | null;
}
