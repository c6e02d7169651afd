import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { BlobStoreConfig, HashAlgorithm } from '../config';
import { asStream, HashingStream, isBlobHash } from './hashing';
import { type BlobInfo, BlobNotFoundError, type BlobStore, type ByteRange } from './types';

type S3Config = Extract<BlobStoreConfig, { kind: 's3' }>;
type Sdk = typeof import('@aws-sdk/client-s3');

/** S3 caps a single CopyObject at 5 GiB; larger objects are copied in parts (UploadPartCopy). */
const singleCopyLimit = 5 * 1024 ** 3;
/** Part size of the multipart upload: memory held is about partSize × queueSize. */
const partSize = 5 * 1024 ** 2;
const queueSize = 2;

/**
 * S3-compatible object storage (BLOB_STORE=s3://bucket/prefix, ADR 0009). The hash is known only
 * when the last byte has passed, so the bytes go to `prefix/tmp/<uuid>` (multipart, streamed), are
 * copied server-side to `prefix/<hash>` unless that key exists (same hash, same bytes: never
 * replaced), and the temp object is removed (temp objects are not blobs). The SDK is loaded on first use.
 */
export function createS3BlobStore(c: S3Config, algorithm: HashAlgorithm, opts: { copyPartThreshold?: number } = {}): BlobStore {
  const base = c.prefix ? `${c.prefix}/` : '';
  const keyOf = (hash: string) => `${base}${hash}`;
  const copyLimit = opts.copyPartThreshold ?? singleCopyLimit;
  let loaded: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  const s3 = () => {
    loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: c.region,
        forcePathStyle: c.forcePathStyle,
        ...(c.endpoint ? { endpoint: c.endpoint } : {}),
        ...(c.credentials ? { credentials: c.credentials } : {}),
        // checksums only where S3 requires them: S3-compatible stores (MinIO, OSS, s3rver) vary in
        // support for the SDK's default CRC trailers; integrity is ours (the content hash)
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    return loaded;
  };

  async function head(hash: string): Promise<{ size: number } | undefined> {
    const { sdk, client } = await s3();
    try {
      const r = await client.send(new sdk.HeadObjectCommand({ Bucket: c.bucket, Key: keyOf(hash) }));
      return { size: Number(r.ContentLength ?? 0) };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async function copy(from: string, to: string, size: number): Promise<void> {
    const { sdk, client } = await s3();
    const source = `${c.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
    if (size <= copyLimit) {
      await client.send(new sdk.CopyObjectCommand({ Bucket: c.bucket, Key: to, CopySource: source }));
      return;
    }
    const { UploadId } = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket: c.bucket, Key: to }));
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      const step = Math.max(copyLimit, 5 * 1024 ** 2);
      for (let start = 0, n = 1; start < size; start += step, n++) {
        const end = Math.min(start + step, size) - 1;
        const r = await client.send(
          new sdk.UploadPartCopyCommand({
            Bucket: c.bucket,
            Key: to,
            UploadId,
            PartNumber: n,
            CopySource: source,
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ ETag: r.CopyPartResult?.ETag ?? '', PartNumber: n });
      }
      await client.send(new sdk.CompleteMultipartUploadCommand({ Bucket: c.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (e) {
      await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: c.bucket, Key: to, UploadId })).catch(() => undefined);
      throw e;
    }
  }

  return {
    backend: 's3',
    algorithm,
    async put(source: Readable | Buffer): Promise<BlobInfo> {
      // wired before the first await, so a source failing at once is seen by the upload, not lost
      const hashing = new HashingStream(algorithm);
      const input = asStream(source);
      input.on('error', (e) => hashing.destroy(e));
      input.pipe(hashing);
      const { sdk, client } = await s3();
      const { Upload } = await import('@aws-sdk/lib-storage');
      const tmpKey = `${base}tmp/${randomUUID()}`;
      try {
        await new Upload({ client, params: { Bucket: c.bucket, Key: tmpKey, Body: hashing }, partSize, queueSize }).done();
        const hash = hashing.digest();
        const size = hashing.bytesSeen;
        if (!(await head(hash))) await copy(tmpKey, keyOf(hash), size);
        return { hash, algorithm, size };
      } finally {
        await client.send(new sdk.DeleteObjectCommand({ Bucket: c.bucket, Key: tmpKey })).catch(() => undefined);
      }
    },
    async get(hash: string, range?: ByteRange): Promise<Readable> {
      if (!isBlobHash(hash)) throw new BlobNotFoundError(hash);
      const { sdk, client } = await s3();
      try {
        const r = await client.send(
          new sdk.GetObjectCommand({
            Bucket: c.bucket,
            Key: keyOf(hash),
            ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
          }),
        );
        return r.Body as Readable;
      } catch (e) {
        if (isNotFound(e)) throw new BlobNotFoundError(hash);
        throw e;
      }
    },
    stat: (hash: string) => (isBlobHash(hash) ? head(hash) : Promise.resolve(undefined)),
    async *list() {
      const { sdk, client } = await s3();
      let token: string | undefined;
      do {
        const r = await client.send(new sdk.ListObjectsV2Command({ Bucket: c.bucket, Prefix: base, ContinuationToken: token }));
        for (const o of r.Contents ?? []) {
          const name = (o.Key ?? '').slice(base.length);
          // only `prefix/<hash>`: temp objects and anything else in the bucket are not blobs
          if (isBlobHash(name)) yield { hash: name, size: Number(o.Size ?? 0) };
        }
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
}
