import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HashAlgorithm } from '../config';
import { createFsBlobStore } from './fs-store';
import type { BlobStore } from './types';

/**
 * A blob store in a fresh directory under the system's temp dir, for tests and tools that build a
 * context by hand. The directory is made only when a file is first stored.
 */
export function scratchBlobStore(algorithm: HashAlgorithm = 'sha256'): BlobStore & { root: string } {
  const root = join(tmpdir(), `sanxiang-blobs-${randomUUID()}`);
  return Object.assign(createFsBlobStore(root, algorithm), { root });
}
