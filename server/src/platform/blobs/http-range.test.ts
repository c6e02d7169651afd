import { describe, expect, it } from 'vitest';
import { parseBlobStore } from '../config';
import { contentDisposition, matchesETag, parseRange } from './http-range';

describe('parseRange (RFC 9110 §14)', () => {
  it('reads one range of each form, cutting an end past the last byte', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-5', 100)).toEqual({ kind: 'partial', start: 95, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ kind: 'partial', start: 50, end: 99 });
  });

  it('refuses what is malformed or outside the file', () => {
    for (const h of ['bytes=100-', 'bytes=5-4', 'bytes=-0', 'bytes=x-1', 'pages=1-2', 'bytes=', 'bytes=1-2-3']) {
      expect(parseRange(h, 100), h).toEqual({ kind: 'unsatisfiable' });
    }
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('answers several ranges with the whole file', () => {
    expect(parseRange('bytes=0-1, 5-6', 100)).toEqual({ kind: 'whole' });
  });
});

describe('matchesETag', () => {
  it('matches the tag in a list, weak or strong, and *', () => {
    expect(matchesETag('"a", "b"', '"b"')).toBe(true);
    expect(matchesETag('W/"b"', '"b"')).toBe(true);
    expect(matchesETag('*', '"b"')).toBe(true);
    expect(matchesETag('"c"', '"b"')).toBe(false);
    expect(matchesETag(undefined, '"b"')).toBe(false);
  });
});

describe('contentDisposition (RFC 6266 / 5987)', () => {
  it('carries a Chinese name in filename* and an ASCII fallback', () => {
    const v = contentDisposition('attachment', '行政处罚决定书 (2026) "第1号".docx');
    expect(v).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
    expect(decodeURIComponent(v.split("UTF-8''")[1] as string)).toBe('行政处罚决定书 (2026) "第1号".docx');
    expect(v.split("UTF-8''")[1]).not.toMatch(/[()'*" ]/);
  });

  it('never lets a name break the header or name a path', () => {
    const v = contentDisposition('inline', '../a\r\nSet-Cookie: x\ud800.jpg');
    expect(v).not.toMatch(/[\r\n]/);
    expect(decodeURIComponent(v.split("UTF-8''")[1] as string)).toBe('.._a__Set-Cookie: x_.jpg');
    expect(contentDisposition('inline', '')).toContain('filename="file"');
  });
});

describe('BLOB_STORE', () => {
  it('is the disk by default and S3 for s3://bucket/prefix', () => {
    expect(parseBlobStore({})).toEqual({ kind: 'fs' });
    expect(parseBlobStore({ BLOB_STORE: 's3://evidence/sanxiang/files/', S3_ENDPOINT: 'http://minio:9000' })).toEqual({
      kind: 's3',
      bucket: 'evidence',
      prefix: 'sanxiang/files',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: undefined,
    });
    const aws = parseBlobStore({
      BLOB_STORE: 's3://evidence',
      S3_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'k',
      AWS_SECRET_ACCESS_KEY: 's',
    });
    expect(aws).toMatchObject({
      prefix: '',
      forcePathStyle: false,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
  });

  it('says in Chinese what is wrong with a bad setting', () => {
    expect(() => parseBlobStore({ BLOB_STORE: '/mnt/files' })).toThrow(/BLOB_STORE 应为 fs 或 s3:\/\//);
    expect(() => parseBlobStore({ BLOB_STORE: 's3://b-1', S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE/);
  });
});
