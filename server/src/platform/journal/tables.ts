import type { Generated } from 'kysely';

export interface JournalEntryTable {
  seq: number;
  occurred_at: Date;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  agency_id: string | null;
  jurisdiction_code: string | null;
  client_ip: string | null;
  payload: string;
  payload_hash: string;
  prev_hash: string;
  entry_hash: string;
}

export interface JournalCheckpointTable {
  tree_size: number;
  root_hash: string;
  hash_algorithm: string;
  signature_algorithm: string;
  key_id: string;
  signed_at: Date;
  signed_note: string;
  signature: string;
}

/** A perfect subtree of height `level` >= 1 covering leaves [idx·2^level, (idx+1)·2^level) (0012). */
export interface JournalNodeTable {
  level: number;
  idx: number;
  /** 32 raw bytes */
  hash: Uint8Array;
}

/** A public key of the deployment's checkpoints (0027): never deleted, retired once. */
export interface JournalKeyTable {
  key_id: string;
  algorithm: string;
  public_key_pem: string;
  valid_from: Date;
  retired_at: Date | null;
  registered_at: Date;
  registered_by: string;
}

export interface SchemaMigrationTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface PlatformSettingTable {
  key: string;
  value: unknown;
  updated_at: Date;
  updated_by: string | null;
}

export interface JournalTables {
  journal_entry: JournalEntryTable;
  journal_checkpoint: JournalCheckpointTable;
  journal_node: JournalNodeTable;
  journal_key: JournalKeyTable;
  schema_migration: SchemaMigrationTable;
  platform_setting: PlatformSettingTable;
}
