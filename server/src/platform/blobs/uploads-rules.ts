import { AppError, errorStatus } from '../errors';

/**
 * Pure rules of the tus endpoint (issue 9 §2): what an upload must say of itself, and the Chinese
 * error body every refusal carries ({code, message, details}, DESIGN.md invariant 8).
 */

const maxFilenameLength = 255;
const mimePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
// control characters (NUL included) and path separators are never part of a file's name
const badFilename = (name: string) => /[/\\]/.test(name) || [...name].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c === '\u007f');
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface UploadMetadata {
  filename: string;
  mimeType: string;
}

/**
 * The file's name and type from the tus Upload-Metadata (`filename`, `filetype`, as tus-js-client
 * and Uppy send them; `name`/`type` also accepted). A name is required: the case file lists it.
 * An unknown or malformed type is stored as application/octet-stream (the bytes decide, not the label).
 */
export function uploadMetadata(meta: Record<string, string | null | undefined> | undefined): UploadMetadata {
  const filename = (meta?.filename ?? meta?.name ?? '').trim();
  const fail = (message: string) =>
    new AppError('VALIDATION_FAILED', `上传的文件信息有误：${message}`, { fields: [{ field: 'Upload-Metadata.filename', message }] });
  if (filename === '') throw fail('缺少文件名（Upload-Metadata 的 filename）');
  if ([...filename].length > maxFilenameLength) throw fail(`文件名超过 ${maxFilenameLength} 个字符`);
  if (badFilename(filename) || loneSurrogate.test(filename)) throw fail('文件名含有控制字符、斜杠或无法识别的字符');
  const type = (meta?.filetype ?? meta?.type ?? '').trim().toLowerCase();
  return { filename, mimeType: mimePattern.test(type) ? type : 'application/octet-stream' };
}

/** The announced length of a new upload: a whole number from 1 byte to the limit (UPLOAD_MAX_BYTES). */
export function checkUploadLength(length: number | undefined, maxBytes: number): number {
  if (length === undefined || !Number.isSafeInteger(length) || length < 0) {
    throw new AppError('VALIDATION_FAILED', '请在 Upload-Length 中给出文件的字节数（本服务不支持未知长度的上传）', {
      fields: [{ field: 'Upload-Length', message: '缺少或不是整数' }],
    });
  }
  if (length === 0)
    throw new AppError('VALIDATION_FAILED', '文件为空（0 字节），无法作为证据或文书保存', {
      fields: [{ field: 'Upload-Length', message: '为 0' }],
    });
  if (length > maxBytes) throw tooLarge(maxBytes, length);
  return length;
}

export function tooLarge(maxBytes: number, length?: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `文件超过上传大小上限（${formatBytes(maxBytes)}）`, {
    limit: maxBytes,
    ...(length === undefined ? {} : { length }),
  });
}

/** 5 GiB, 300 MiB, 12 KiB: the size as people read it (binary units, as the limit is set). */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** What @tus/server throws: its ERRORS constants ({status_code, body}) or our own AppError. */
export interface TusThrown {
  status_code?: number;
  body?: string;
  message?: string;
}

export interface TusErrorResponse {
  status_code: number;
  body: string;
}

/** @tus/server's English refusals (@tus/utils ERRORS), by their body, in the words a user reads. */
const tusMessages: Array<[RegExp, keyof typeof errorStatus, string]> = [
  [/^Upload-Offset header required/, 'VALIDATION_FAILED', '缺少 Upload-Offset 请求头'],
  [/^Content-Type header required/, 'UNSUPPORTED_MEDIA_TYPE', 'PATCH 请求的 Content-Type 应为 application/offset+octet-stream'],
  [/^The file for this url was not found/, 'NOT_FOUND', '上传不存在'],
  [/^The file for this url no longer exists/, 'NOT_FOUND', '上传已不存在，请重新上传'],
  [/^Upload-Offset conflict/, 'CONFLICT', '续传位置与服务器已收到的字节数不一致，请先用 HEAD 查询 Upload-Offset 再继续'],
  [/^upload's size exceeded/, 'PAYLOAD_TOO_LARGE', '发送的字节超过了创建上传时声明的文件大小'],
  [/^Upload-Length or Upload-Defer-Length header required/, 'VALIDATION_FAILED', '请在 Upload-Length 中给出文件的字节数'],
  [/^Upload-Metadata is invalid/, 'VALIDATION_FAILED', 'Upload-Metadata 格式有误（键 空格 Base64 值，以逗号分隔）'],
  [/^Request aborted due to lock acquired/, 'CONFLICT', '同一上传的另一请求正在进行，请稍后重试'],
  [/extension is not \(yet\) supported/, 'VALIDATION_FAILED', '本服务不支持该 tus 扩展（仅支持 creation、creation-with-upload）'],
];

/**
 * The response for anything a tus handler or hook threw. AppError keeps its code and status;
 * tus's own refusals are translated; anything else is a masked 500 (STYLE.md §9).
 */
export function tusErrorResponse(err: unknown, maxBytes: number): TusErrorResponse {
  const send = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => ({
    status_code: status,
    body: JSON.stringify({ code, message, details }),
  });
  if (err instanceof AppError) return send(err.status, err.code, err.message, err.details);
  const t = (err ?? {}) as TusThrown;
  const body = typeof t.body === 'string' ? t.body : '';
  if (/^Maximum size exceeded/.test(body)) {
    const e = tooLarge(maxBytes);
    return send(e.status, e.code, e.message, e.details);
  }
  for (const [pattern, code, message] of tusMessages) {
    if (pattern.test(body)) return send(errorStatus[code], code, message);
  }
  // 412 (Tus-Resumable missing) and 400 (bad headers) are written by the server before any hook
  if (typeof t.status_code === 'number' && t.status_code >= 400 && t.status_code < 500) {
    return send(t.status_code, 'VALIDATION_FAILED', `上传请求有误：${body.trim().slice(0, 200)}`);
  }
  return send(500, 'INTERNAL', '服务器内部错误，上传未能完成，请稍后重试（已上传的部分会保留）');
}
