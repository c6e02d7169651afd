export { createFsBlobStore } from './fs-store';
export { isBlobHash } from './hashing';
export { openBlobStore } from './open';
export { recordBlob, recordedBlobs } from './record';
export { createS3BlobStore } from './s3-store';
export type { BlobTables } from './tables';
export { type BlobInfo, BlobNotFoundError, type BlobStore, type ByteRange } from './types';
