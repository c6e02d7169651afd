import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/** The media type of .xlsx files. */
export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest workbook an import route accepts (bytes). JSON bodies elsewhere keep the 1 MB limit. */
export const maxImportBytes = 20 * 1024 * 1024;

/**
 * Lets the routes of this (encapsulated) plugin take a raw .xlsx body as a Buffer, up to 20 MB.
 * Call it inside the child plugin that holds only the import routes, so no other route accepts
 * a workbook (see docs/import.md).
 */
export function acceptXlsxBody(app: FastifyInstance): void {
  app.addContentTypeParser(xlsxContentType, { parseAs: 'buffer', bodyLimit: maxImportBytes }, (_request, body, done) => {
    done(null, body);
  });
}

/** The uploaded workbook of an import route; anything else is 415. */
export function xlsxBodyOf(request: FastifyRequest): Buffer {
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `请上传 .xlsx 文件（Content-Type: ${xlsxContentType}）`, { expected: xlsxContentType });
  }
  return body;
}

/** What an import route answers (202): the job to poll at GET /api/v1/jobs/{jobId}. */
export const ImportStarted = Type.Object(
  { jobId: Type.String({ description: '后台任务编号；用 GET /api/v1/jobs/{jobId} 查询进度与结果' }) },
  { additionalProperties: false },
);

/**
 * What a template or export route answers (200): the workbook itself, documented as a binary
 * .xlsx body so generated clients download a file (R-S10); errors stay JSON (ErrorBody).
 */
export const XlsxFile = {
  description: '.xlsx 文件（Content-Disposition 给出中文文件名）',
  content: { [xlsxContentType]: { schema: { type: 'string', format: 'binary' } } },
} as const;

/** RFC 5987 encoding of a header parameter value (UTF-8, percent-encoded). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment` with an ASCII fallback name and the real (Chinese) name as `filename*`, which every
 * current browser uses; e.g. `执法事项清单.xlsx`.
 */
export function contentDisposition(filename: string): string {
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 ? filename.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const base = (dot > 0 ? filename.slice(0, dot) : filename)
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\;%]/g, '')
    .trim();
  const fallback = `${base || 'download'}${ext}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(filename)}`;
}

/** Sends a workbook as a download named `filename` (Chinese allowed). */
export function sendWorkbook(reply: FastifyReply, buffer: Buffer, filename: string): FastifyReply {
  return reply
    .header('content-type', xlsxContentType)
    .header('content-disposition', contentDisposition(filename))
    .header('cache-control', 'no-store')
    .send(buffer);
}
