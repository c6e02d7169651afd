import type { ErrorBody } from './types';

/** Error answered by the API: `{ code, message, details }`, message in Chinese. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;

/**
 * Whether this browser has signed in (the session cookie itself is httpOnly). Without the hint the
 * app does not ask GET /auth/me, whose 401 the browser would log as a console error on every visit
 * of a signed-out user (issue 7 §9: no errors in the console).
 */
const sessionHintKey = 'sanxiang.session';

export function hasSessionHint(): boolean {
  try {
    return globalThis.localStorage?.getItem(sessionHintKey) === '1';
  } catch {
    return true; // storage blocked: ask the server
  }
}

/** The CSRF token from login or GET /auth/me; sent as `x-csrf-token` on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  try {
    if (token) globalThis.localStorage?.setItem(sessionHintKey, '1');
    else globalThis.localStorage?.removeItem(sessionHintKey);
  } catch {
    // storage blocked: the hint stays absent and /auth/me is always asked
  }
}

/** The current CSRF token, for requests this client does not send itself (tus uploads, api/uploads.ts). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

export type SessionEvent = 'expired' | 'password-change-required' | 'totp-enrolment-required';
type SessionListener = (event: SessionEvent, error: ApiError) => void;
let sessionListener: SessionListener | null = null;

/** The app registers one listener (inside the router) that redirects on session events. */
export function onSessionEvent(listener: SessionListener | null): void {
  sessionListener = listener;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not report 401 as an expired session (login, the initial GET /auth/me). */
  anonymous?: boolean;
  /**
   * The version of the record the user loaded and is editing (entry.revision, officer.version,
   * agency.version, window.version), sent as `If-Match: "<version>"`. The server refuses an edit of
   * a record changed meanwhile with 412 (see `isStale`) and one without the header with 428.
   */
  ifMatch?: number | string;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function readError(res: Response): Promise<ErrorBody> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ErrorBody>;
    if (typeof parsed.message === 'string') {
      return { code: String(parsed.code ?? 'ERROR'), message: parsed.message, details: parsed.details ?? {} };
    }
  } catch {
    // not JSON: a proxy or a crash page
  }
  return { code: res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', message: `服务暂时不可用（HTTP ${res.status}），请稍后重试` };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }

  if (!res.ok) {
    const error = new ApiError(res.status, await readError(res));
    if (!options.anonymous && res.status === 401 && (error.code === 'SESSION_EXPIRED' || error.code === 'UNAUTHENTICATED')) {
      setCsrfToken(null);
      sessionListener?.('expired', error);
    } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
      sessionListener?.('password-change-required', error);
    } else if (error.code === 'TOTP_ENROLMENT_REQUIRED') {
      sessionListener?.('totp-enrolment-required', error);
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

type WriteOptions = Omit<RequestOptions, 'body'>;

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, options: WriteOptions = {}) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options: WriteOptions = {}) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options: WriteOptions = {}) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, body?: unknown, options: WriteOptions = {}) => request<T>('DELETE', path, { ...options, body }),
};

/**
 * The record was changed by someone else since the user loaded it (412 PRECONDITION_FAILED; the
 * message names who and when), or the edit carried no version (428): reload and edit again.
 */
export function isStale(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 412 || error.status === 428);
}

/** A conflict answered by the server (409): decided already, superseded, one's own submission. */
export function isConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function checked(res: Response): Promise<Response> {
  if (res.ok) return res;
  const error = new ApiError(res.status, await readError(res));
  if (res.status === 401) {
    setCsrfToken(null);
    sessionListener?.('expired', error);
  }
  throw error;
}

/** Sends a file as the raw request body (an .xlsx import); answers the JSON the server returns. */
export async function upload<T>(path: string, file: Blob, contentType = XLSX_TYPE): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(buildUrl(path), { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  const text = await (await checked(res)).text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The file name the server gives in Content-Disposition (RFC 5987 `filename*` first). */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? null;
}

/** Downloads a file answered by GET `path` (template, export) and saves it under the server's name. */
export async function download(path: string, query: Record<string, QueryValue> | undefined, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  await checked(res);
  const name = dispositionName(res.headers.get('content-disposition')) ?? fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The Chinese message to show for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return '操作失败，请稍后重试';
}

/**
 * Field-level errors in an API error, for `form.setFields`: `details.fields` of VALIDATION_FAILED
 * (`[{field, message}]`) or a single `details.field` naming the field of a business error.
 */
export function fieldErrors(error: unknown): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiError)) return [];
  const { fields, field } = error.details;
  if (Array.isArray(fields)) {
    return fields.flatMap((f: unknown) => {
      if (typeof f !== 'object' || f === null) return [];
      const { field: name, message } = f as { field?: unknown; message?: unknown };
      return typeof name === 'string' ? [{ name, errors: [typeof message === 'string' ? message : error.message] }] : [];
    });
  }
  return typeof field === 'string' ? [{ name: field, errors: [error.message] }] : [];
}
