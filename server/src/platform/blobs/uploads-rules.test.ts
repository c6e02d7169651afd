import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { checkUploadLength, formatBytes, tusErrorResponse, uploadMetadata } from './uploads-rules';

const GiB = 1024 ** 3;

describe('what an upload must say of itself (issue 9 §2)', () => {
  it.each([
    [
      { filename: '现场照片.jpg', filetype: 'image/jpeg' },
      { filename: '现场照片.jpg', mimeType: 'image/jpeg' },
    ],
    [
      { name: '询问录音.m4a', type: 'Audio/MP4' },
      { filename: '询问录音.m4a', mimeType: 'audio/mp4' },
    ],
    [
      { filename: 'a.bin', filetype: 'not a type' },
      { filename: 'a.bin', mimeType: 'application/octet-stream' },
    ],
    [{ filename: ' 笔录.docx ' }, { filename: '笔录.docx', mimeType: 'application/octet-stream' }],
  ])('%j -> %j', (meta, expected) => {
    expect(uploadMetadata(meta)).toEqual(expected);
  });

  it.each([
    [undefined],
    [{}],
    [{ filename: '  ' }],
    [{ filename: '../etc/passwd' }],
    [{ filename: 'a\0b' }],
    [{ filename: 'x'.repeat(256) }],
  ])('refuses the name in %j', (meta) => {
    expect(() => uploadMetadata(meta)).toThrow(AppError);
  });

  it('a length from 1 byte to the limit', () => {
    expect(checkUploadLength(1, GiB)).toBe(1);
    expect(checkUploadLength(GiB, GiB)).toBe(GiB);
    for (const bad of [undefined, -1, 0, 1.5]) expect(() => checkUploadLength(bad, GiB)).toThrow(AppError);
    expect(() => checkUploadLength(GiB + 1, GiB)).toThrow('文件超过上传大小上限（1 GiB）');
  });

  it('sizes as people read them', () => {
    expect([formatBytes(5 * GiB), formatBytes(300 * 1024 ** 2), formatBytes(1536), formatBytes(10)]).toEqual([
      '5 GiB',
      '300 MiB',
      '1.5 KiB',
      '10 B',
    ]);
  });
});

describe('every refusal is our Chinese envelope', () => {
  const body = (r: { body: string }) => JSON.parse(r.body) as { code: string; message: string };
  it('translates @tus/server refusals and keeps AppError codes', () => {
    const offset = tusErrorResponse({ status_code: 409, body: 'Upload-Offset conflict\n' }, GiB);
    expect([offset.status_code, body(offset).code]).toEqual([409, 'CONFLICT']);
    const max = tusErrorResponse({ status_code: 413, body: 'Maximum size exceeded\n' }, 5 * GiB);
    expect([max.status_code, body(max).message]).toEqual([413, '文件超过上传大小上限（5 GiB）']);
    const own = tusErrorResponse(new AppError('NOT_FOUND', '上传不存在'), GiB);
    expect([own.status_code, body(own).code]).toEqual([404, 'NOT_FOUND']);
  });
  it('masks anything else as a Chinese 500', () => {
    const r = tusErrorResponse(new Error('EIO: disk'), GiB);
    expect(r.status_code).toBe(500);
    expect(body(r).message).not.toMatch(/EIO/);
  });
});
