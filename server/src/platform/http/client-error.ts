import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** What Node's HTTP parser refused, before Fastify saw a request (issue 7 §4). */
function classify(error: NodeJS.ErrnoException): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', message: '请求超时：在规定时间内未收到完整的请求' };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'HEADERS_TOO_LARGE',
        message: '请求地址或请求头过长，服务器无法处理；请缩短查询条件，或清除本站 Cookie 后重试',
      };
    case 'HPE_INVALID_CHARACTER':
    case 'HPE_INVALID_URL':
      return {
        status: 400,
        code: 'MALFORMED_REQUEST',
        message: '请求地址含有未经编码的字符（如汉字或空格），请使用百分号编码后的地址',
      };
    default:
      return { status: 400, code: 'MALFORMED_REQUEST', message: '请求格式不正确，服务器无法识别' };
  }
}

/** The request target of the raw bytes Node had read, when the request line is among them. */
function targetOf(error: { rawPacket?: unknown }): string | undefined {
  const raw = error.rawPacket;
  if (!Buffer.isBuffer(raw)) return undefined;
  const line = raw.subarray(0, 2048).toString('latin1');
  return /^[A-Z]{3,10} (\S+)/.exec(line)?.[1];
}

/**
 * Fastify's `clientErrorHandler`: a Chinese answer on the socket in place of Node's and Fastify's
 * English ones — the `{code,message,details}` envelope for the API (and when the target is not
 * known), a page from `renderPage` for everything else (the portal and the workbench).
 */
export function writeClientError(
  error: NodeJS.ErrnoException & { rawPacket?: unknown },
  socket: Socket,
  renderPage: (status: number, message: string) => string,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = classify(error);
  const target = targetOf(error);
  const asPage = target !== undefined && !target.startsWith('/api');
  const body = asPage ? renderPage(status, message) : JSON.stringify({ code, message, details: {} });
  const type = asPage ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.end();
}
