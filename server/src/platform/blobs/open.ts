import { join } from 'node:path';
import type { Config, HashAlgorithm } from '../config';
import { createFsBlobStore } from './fs-store';
import { createS3BlobStore } from './s3-store';
import type { BlobStore } from './types';

/**
 * The blob store the configuration names (BLOB_STORE): DATA_DIR/blobs/ by default, S3 when
 * `s3://…`. `algorithm` is the journal's settled hash (one hash for the whole platform). Nothing
 * is touched until first use (a command that never stores a file makes no directory).
 */
export function openBlobStore(config: Pick<Config, 'dataDir' | 'blobStore'>, algorithm: HashAlgorithm): BlobStore {
  const c = config.blobStore;
  return c.kind === 'fs' ? createFsBlobStore(join(config.dataDir, 'blobs'), algorithm) : createS3BlobStore(c, algorithm);
}
