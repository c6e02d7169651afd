import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isRefusal, noteRefusal } from '../auth/refusals';
import type { AppContext } from '../context';
import { AppError, type ErrorBody, RefusedError } from '../errors';
import { describeValidationErrors, fieldMessage } from './validation';

/** Fastify's own 4xx errors, told in Chinese. */
const frameworkMessages: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['MALFORMED_REQUEST', '请求体不是合法的 JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['MALFORMED_REQUEST', '请求体为空，但声明了 JSON 内容类型'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', '请求体过大'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请使用 application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['MALFORMED_REQUEST', 'Content-Length 与请求体长度不符'],
  FST_ERR_CTP_INVALID_TYPE: ['MALFORMED_REQUEST', '内容类型无效'],
  FST_ERR_BAD_URL: ['MALFORMED_REQUEST', '请求地址格式不正确'],
  FST_ERR_ASYNC_CONSTRAINT: ['MALFORMED_REQUEST', '请求无法处理'],
};

/** PostgreSQL SQLSTATEs that mean "another transaction got there first" (both engines). */
const concurrencyMessages: Record<string, string> = {
  '23505': '该记录刚被他人同时提交，本次操作未保存，请刷新后重试',
  '40001': '该记录正被他人同时修改，本次操作未保存，请稍后重试',
  '40P01': '该记录正被他人同时修改，本次操作未保存，请稍后重试',
};

export function toErrorBody(error: FastifyError | AppError | Error): { status: number; body: ErrorBody } {
  if (error instanceof RefusedError)
    return { status: error.status, body: { code: error.guard, message: error.message, details: error.details } };
  if (error instanceof AppError)
    return { status: error.status, body: { code: error.code, message: error.message, details: error.details } };
  const fe = error as FastifyError;
  if (fe.validation) {
    const fields = describeValidationErrors(fe.validation as never, fe.validationContext ?? 'body');
    const first = fields[0];
    return {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: `请求参数有误${first ? `：${fieldMessage(first.field, first.message)}` : ''}`,
        details: { fields },
      },
    };
  }
  if (fe.statusCode === 429) {
    return { status: 429, body: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', details: {} } };
  }
  const known = fe.code ? frameworkMessages[fe.code] : undefined;
  if (known) return { status: fe.statusCode ?? 400, body: { code: known[0], message: known[1], details: {} } };
  if (error instanceof SyntaxError || (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)) {
    return { status: fe.statusCode ?? 400, body: { code: 'MALFORMED_REQUEST', message: '请求格式不正确', details: {} } };
  }
  // Two people changing the same record at once: the database refused the later transaction and
  // rolled it back, so nothing of it was written; asking to retry is the honest answer, not a 500.
  const sqlstate = (error as { code?: string }).code ?? '';
  const race = concurrencyMessages[sqlstate];
  if (race) return { status: 409, body: { code: 'CONFLICT', message: race, details: {} } };
  // SQLSTATE class 22 (data exception: out of range, not a number, not text) is a value the
  // request carried that the schema let through: the caller's error, not the server's (issue 7 §4)
  if (/^22[0-9A-Z]{3}$/.test(sqlstate) && typeof (error as { severity?: unknown }).severity === 'string') {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: '请求中的某个值超出允许范围或格式不正确', details: {} } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: '服务器内部错误，请联系管理员并提供请求编号', details: {} } };
}

/**
 * One error handler (STYLE.md §9): AppError → its status; validation → 400 with fields; 5xx are
 * masked with the request id. Refused requests (401, 403, 429) are logged and counted, not
 * journaled (issue 7 §6); login failures are journaled by the login service (ADR 0003).
 */
export function errorHandler(ctx: AppContext) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorBody(error);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      body.details = { requestId: request.id };
    }
    // refusals go to the log and a counter, not the journal (issue 7 §6; platform/auth/refusals.ts)
    if (isRefusal(status)) noteRefusal(ctx, request, status, body);
    return reply.code(status).send(body);
  };
}
