import type { ColumnType } from 'kysely';

/** Migration 0023: devices, their custody, evidence items and AV records, withdrawals, thumbnails. All append-only. */
type Json<T> = ColumnType<T | string, string, string>;
type BigIntCol = ColumnType<string | number, number, never>;

export interface DeviceTable {
  id: string;
  agency_id: string;
  jurisdiction_code: string;
  name: string;
  kind: string;
  serial_number: string;
  created_at: Date;
  created_by: string;
}

export interface DeviceCustodyTable {
  device_id: string;
  seq: number;
  officer_id: string;
  officer_name: string;
  /** read with to_char: a legal date */
  from_date: string;
  reason: string;
  at: Date;
  by_user: string;
  by_name: string;
  journal_seq: BigIntCol;
}

export type EvidenceCategory = 'evidence' | 'av_record';

export interface EvidenceItemTable {
  id: string;
  case_id: string;
  seq: number;
  category: EvidenceCategory;
  kind: string;
  title: string;
  captured_at: Date;
  place: string;
  latitude: number | null;
  longitude: number | null;
  collectors: Json<{ officerId: string; name: string }[]>;
  proves: string;
  device_id: string | null;
  custodian_officer_id: string | null;
  custodian_name: string | null;
  step: string | null;
  party_id: string | null;
  blob_hash: string;
  size: BigIntCol;
  mime_type: string;
  filename: string;
  created_at: Date;
  created_by: string;
  created_by_name: string;
  journal_seq: BigIntCol;
}

export interface EvidenceWithdrawalTable {
  item_id: string;
  at: Date;
  by_user: string;
  by_name: string;
  reason: string;
  journal_seq: BigIntCol;
}

export interface EvidenceThumbnailTable {
  source_hash: string;
  thumbnail_hash: string;
  size: BigIntCol;
  created_at: Date;
}

export interface EvidenceTables {
  device: DeviceTable;
  device_custody: DeviceCustodyTable;
  evidence_item: EvidenceItemTable;
  evidence_withdrawal: EvidenceWithdrawalTable;
  evidence_thumbnail: EvidenceThumbnailTable;
}
