import type { Readable } from 'node:stream';
import type { HashAlgorithm } from '../config';

/**
 * The blob store (DESIGN.md invariant 2, R-C05): content-addressed, immutable, never deleted.
 * The id of a blob is the lowercase hex hash of its bytes (SHA-256, or SM3 when JOURNAL_HASH=sm3).
 * Two backends behind this one interface: files under DATA_DIR/blobs/ (default) and
 * S3-compatible object storage (BLOB_STORE=s3://bucket/prefix).
 */
export interface BlobInfo {
  hash: string;
  algorithm: HashAlgorithm;
  size: number;
}

/** Inclusive byte range, as HTTP Range gives it; `end` absent means to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface BlobStore {
  readonly backend: 'fs' | 's3';
  readonly algorithm: HashAlgorithm;
  /**
   * Streams the bytes in, hashing while they pass (never holding the whole file in memory), and
   * makes them visible under their hash only when complete (fs: temp file, fsync, rename).
   * Storing bytes already present is a no-op that answers the same BlobInfo.
   */
  put(source: Readable | Buffer): Promise<BlobInfo>;
  /** The bytes (or a range of them); throws BlobNotFoundError when absent. */
  get(hash: string, range?: ByteRange): Promise<Readable>;
  /** Size of a stored blob, or undefined when absent. */
  stat(hash: string): Promise<{ size: number } | undefined>;
  /** Every stored blob (for `sanxiang blobs verify` and backups). */
  list(): AsyncIterable<{ hash: string; size: number }>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly hash: string) {
    super(`文件不存在：${hash}`);
  }
}
