import type { HashAlgorithm } from '../config';
import type { Migration } from '../db/migrate';
import type { ColumnInfo } from './catalog';

/**
 * `backup.json`, the archive's first entry (ADR 0013). It names every other entry with its size and
 * SHA-256 (blob files are named by their content hash instead, in the blob store's algorithm), so a
 * restore checks the whole archive before it writes anything.
 */
export const manifestName = 'backup.json';
export const manifestFormat = 'sanxiang-backup';
export const manifestVersion = 1;

export interface FileEntry {
  /** path inside the archive */
  file: string;
  bytes: number;
  sha256: string;
}

export interface TableEntry extends FileEntry {
  name: string;
  columns: ColumnInfo[];
  rows: number;
}

export interface SequenceState {
  name: string;
  lastValue: number;
  isCalled: boolean;
}

export interface JournalSummary {
  /** entries in the snapshot (RFC 6962 tree size) */
  treeSize: number;
  /** hex Merkle root of those entries */
  rootHash: string;
  hashAlgorithm: HashAlgorithm;
  checkpoints: number;
}

export interface BlobSummary {
  store: 'fs' | 's3';
  algorithm: HashAlgorithm;
  /** `blob` rows of the snapshot */
  count: number;
  bytes: number;
  /** `blobs.jsonl`: one {hash, algorithm, size} per referenced blob */
  list: FileEntry;
  /** whether the bytes are in the archive as blobs/<hash> (fs store) or only listed (S3) */
  included: boolean;
  /** referenced but absent from the store when the backup was taken */
  missing: string[];
}

export interface Manifest {
  format: typeof manifestFormat;
  version: typeof manifestVersion;
  createdAt: string;
  engine: 'pglite' | 'postgres';
  migrations: Pick<Migration, 'version' | 'name' | 'checksum'>[];
  /** in load order */
  tables: TableEntry[];
  sequences: SequenceState[];
  journal: JournalSummary;
  blobs: BlobSummary;
  /** DATA_DIR/keys/* (checkpoint private key, totp.key): the archive is therefore secret */
  keys: FileEntry[];
}

export const tableFile = (name: string) => `tables/${name}.jsonl`;
export const blobFile = (hash: string) => `blobs/${hash}`;
export const blobListFile = 'blobs.jsonl';
export const keyFile = (name: string) => `keys/${name}`;

/** The manifest of an archive, or why it is not one we can restore. */
export function parseManifest(text: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch {
    throw new Error('备份清单 backup.json 不是有效的 JSON');
  }
  if (m.format !== manifestFormat) throw new Error('这不是三项制度平台的备份文件（backup.json 格式不符）');
  if (m.version !== manifestVersion) throw new Error(`备份格式版本 ${m.version} 不受本版本支持（支持 ${manifestVersion}）`);
  return m;
}

/**
 * Whether the backup's migrations are a prefix of ours with equal checksums (a restore replays
 * exactly them, loads the rows, then applies ours that follow). Answers the problem, or undefined.
 */
export function migrationMismatch(backup: Manifest['migrations'], ours: readonly Migration[]): string | undefined {
  if (backup.length > ours.length) {
    const newer = backup[ours.length] as Manifest['migrations'][number];
    return `备份来自更新的版本（含迁移 ${newer.version}_${newer.name}，本程序没有）；请用不低于备份时的版本恢复`;
  }
  for (const [i, m] of backup.entries()) {
    const o = ours[i] as Migration;
    if (o.version !== m.version || o.name !== m.name || o.checksum !== m.checksum) {
      return `备份中的迁移 ${m.version}_${m.name} 与本程序的 ${o.version}_${o.name} 不一致（校验和不同）；该备份不能由本版本恢复`;
    }
  }
  return undefined;
}

/** Every entry the archive must hold besides the manifest, with what it must hash to. */
export function expectedFiles(m: Manifest): Map<string, FileEntry> {
  const files = new Map<string, FileEntry>();
  for (const t of m.tables) files.set(t.file, t);
  files.set(m.blobs.list.file, m.blobs.list);
  for (const k of m.keys) files.set(k.file, k);
  return files;
}
