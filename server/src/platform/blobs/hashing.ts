import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { HashAlgorithm } from '../config';

/** A blob's id: the lowercase hex of a 256-bit hash (SHA-256 and SM3 are both 32 bytes). */
export const blobHashPattern = /^[0-9a-f]{64}$/;

export function isBlobHash(hash: string): boolean {
  return blobHashPattern.test(hash);
}

/** node:crypto's name for the algorithm (both are incremental: the bytes are hashed as they pass). */
export function newHash(algorithm: HashAlgorithm): Hash {
  return createHash(algorithm === 'sm3' ? 'sm3' : 'sha256');
}

/** The source as a stream: a Buffer becomes a one-chunk stream, so both backends read one way. */
export function asStream(source: Readable | Buffer): Readable {
  return Buffer.isBuffer(source) ? Readable.from([source]) : source;
}

/**
 * Passes bytes through unchanged while hashing and counting them; `digest()` after the end.
 * Used where the bytes go on to a consumer we do not drive (the S3 multipart upload).
 */
export class HashingStream extends Transform {
  private readonly hash: Hash;
  /** bytes passed so far (not `size`: lib-storage would read that as the body's length) */
  bytesSeen = 0;

  constructor(algorithm: HashAlgorithm) {
    super();
    this.hash = newHash(algorithm);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytesSeen += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Rehashes a stream (verify): the hex digest and the byte count. */
export async function hashStream(stream: Readable, algorithm: HashAlgorithm): Promise<{ hash: string; size: number }> {
  const h = newHash(algorithm);
  let size = 0;
  for await (const chunk of stream) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { hash: h.digest('hex'), size };
}
