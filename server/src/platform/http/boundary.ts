import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { fieldMessage } from './validation';

/**
 * The input boundary (issue 7 §4): text that PostgreSQL cannot store or that is not text at all —
 * a NUL byte, bytes that are not UTF-8, an unpaired UTF-16 surrogate — is refused here with a
 * Chinese 400 naming the parameter, before any route, schema or query sees it. Without this a NUL
 * in a path or query reached the database and came back as a 500 (22021 "invalid byte sequence").
 */

/** A request line longer than this is refused with 414 before routing (Node's parser answers 431 at 16 KB). */
export const maxUrlLength = 8 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type BadText = 'nul' | 'utf8';

/** Why a string cannot be stored as text, or undefined when it can. */
export function badText(s: string): BadText | undefined {
  if (s.includes('\0')) return 'nul';
  if (loneSurrogate.test(s)) return 'utf8';
  return undefined;
}

/** Percent-decodes bytes (and `+` as space in a query) and checks them as UTF-8 text. */
function badEncoded(component: string, plusIsSpace: boolean): BadText | undefined {
  if (!component.includes('%')) return component.includes('\0') ? 'nul' : undefined;
  const bytes: number[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(component.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(component.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b && plusIsSpace) bytes.push(0x20);
    else if (c < 0x80) bytes.push(c);
    else for (const b of Buffer.from(component[i] ?? '', 'utf8')) bytes.push(b);
  }
  let text: string;
  try {
    text = utf8.decode(Uint8Array.from(bytes));
  } catch {
    return 'utf8';
  }
  return badText(text);
}

const reasons: Record<BadText, string> = {
  nul: '含有空字符（\\0），无法处理',
  utf8: '含有无法识别的字符（不是合法的 UTF-8 编码）',
};

export function badInput(field: string, where: string, why: BadText): AppError {
  const message = reasons[why];
  return new AppError('VALIDATION_FAILED', `请求参数有误：${fieldMessage(field, message)}`, { fields: [{ field, message, in: where }] });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The first bad part of a raw request URL (path segments, then query names and values), if any. */
export function checkUrl(url: string): AppError | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  for (const segment of path.split('/')) {
    const why = badEncoded(segment, false);
    if (why) return badInput('path', 'path', why);
  }
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const whyName = badEncoded(name, true);
    if (whyName) return badInput('querystring', 'querystring', whyName);
    const why = eq < 0 ? undefined : badEncoded(pair.slice(eq + 1), true);
    if (why) return badInput(safeDecode(name.replace(/\+/g, ' ')).slice(0, 64), 'querystring', why);
  }
  return undefined;
}

/** The first string in a parsed JSON body that cannot be stored as text, with its path. */
export function checkJson(value: unknown, path = ''): { field: string; why: BadText } | undefined {
  if (typeof value === 'string') {
    const why = badText(value);
    return why ? { field: path || 'body', why } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = checkJson(value[i], path ? `${path}.${i}` : String(i));
      if (bad) return bad;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      const whyKey = badText(k);
      if (whyKey) return { field: path || 'body', why: whyKey };
      const bad = checkJson(v, field);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Headers whose values the platform reads as text (ids, versions, tokens, cookies). */
const textHeaders = ['x-request-id', 'if-match', 'authorization', 'cookie', 'x-csrf-token', 'content-type', 'host', 'x-forwarded-for'];

function checkHeaders(request: FastifyRequest): AppError | undefined {
  for (const name of textHeaders) {
    const v = request.headers[name];
    for (const s of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      const why = badText(s);
      if (why) return badInput(name, 'headers', why);
    }
  }
  return undefined;
}

/**
 * Registers the boundary on the whole app: URL and headers are checked on every request (the
 * portal included), JSON bodies when they are parsed (strictly as UTF-8, then every string).
 */
export function registerInputBoundary(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > maxUrlLength) {
      throw new AppError('URI_TOO_LONG', `请求地址过长（超过 ${maxUrlLength} 个字符），请缩短查询条件`, { limit: maxUrlLength });
    }
    const bad = checkUrl(request.url) ?? checkHeaders(request);
    if (bad) throw bad;
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(badInput('body', 'body', 'utf8'), undefined);
      return;
    }
    parseJson(request, text, (err, parsed) => {
      if (err) return done(err, undefined);
      const bad = checkJson(parsed);
      if (bad) return done(badInput(bad.field, 'body', bad.why), undefined);
      done(null, parsed);
    });
  });
}
