/**
 * The one error catalogue (STYLE.md §9). Services throw `AppError`; the HTTP layer turns it into
 * `{ code, message, details }` with the status below. Messages are Chinese: they reach people.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  LOGIN_FAILED: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  SESSION_EXPIRED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PASSWORD_POLICY: 422,
  /** a case action's input does not match the action's schema (issue 8 §3) */
  INPUT_INVALID: 422,
  PRECONDITION_REQUIRED: 428,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  RATE_LIMITED: 429,
  STORE_LOCKED: 503,
  /** a stored TOTP secret the server's key cannot open (platform/auth/totp-key.ts) */
  TOTP_KEY_MISMATCH: 503,
  /** LibreOffice (soffice) is not installed: a document's PDF cannot be made; its .docx can (ADR 0010) */
  PDF_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/**
 * A step the law forbids (issue 8 §3): 409 with the guard's own code (e.g. TWO_OFFICERS), so a
 * client can tell one rule from another, and the Chinese message naming the article.
 */
export class RefusedError extends AppError {
  readonly guard: string;
  constructor(guard: string, message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
    this.guard = guard;
  }
}

export const notFound = (what: string, details: Record<string, unknown> = {}) =>
  new AppError('NOT_FOUND', `${what}不存在或不在您的权限范围内`, details);

export const forbidden = (action: string) => new AppError('FORBIDDEN', `您的角色无权${action}`, { action });

export const conflict = (message: string, details: Record<string, unknown> = {}) => new AppError('CONFLICT', message, details);

export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
