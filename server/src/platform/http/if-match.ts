import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/**
 * Optimistic concurrency for every editable record (DESIGN.md "Shared mechanisms", issue 6 §3):
 * a GET answers the record's version as a strong ETag ("3"); an edit must send it back in
 * If-Match. Missing → 428, stale → 412 naming who changed it and when, so two people editing the
 * same record never silently overwrite each other, and a double-clicked save writes once.
 */
export const etagOf = (version: number) => `"${version}"`;

/** Sets the ETag of the record a GET answers. */
export function sendEtag(reply: FastifyReply, version: number) {
  reply.header('etag', etagOf(version));
}

/** The version the caller edits, from If-Match ("3", W/"3" or 3); 428 when absent, 400 when unreadable. */
export function expectedVersion(request: FastifyRequest): number {
  const raw = request.headers['if-match'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '')
    throw new AppError('PRECONDITION_REQUIRED', '修改须附带所修改记录的版本（If-Match 请求头），请刷新页面后重试', {
      header: 'If-Match',
    });
  const m = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(value);
  if (!m) throw new AppError('VALIDATION_FAILED', 'If-Match 请求头应为记录的版本号，例如 "3"', { header: 'If-Match', value });
  return Number(m[1]);
}

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** 412 unless the record is still at the version the caller loaded. */
export function assertVersion(
  what: string,
  expected: number,
  current: { version: number; changedBy: string | null; changedAt: Date | string | null },
) {
  if (expected === current.version) return;
  const when = current.changedAt ? shanghai.format(new Date(current.changedAt)) : '';
  throw new AppError(
    'PRECONDITION_FAILED',
    `${what}已被${current.changedBy ?? '他人'}${when ? `于 ${when} ` : ''}修改（现为第 ${current.version} 版，您修改的是第 ${expected} 版），本次修改未保存；请在最新内容上重新修改`,
    { expectedVersion: expected, currentVersion: current.version, changedBy: current.changedBy, changedAt: current.changedAt },
  );
}
