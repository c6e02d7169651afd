import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../src/platform/config';
import { buildTestApp, type TestApp } from './app';
import { buildAccount, buildAgency, buildJurisdiction } from './factories';

/**
 * HTTP as deployed (issue 7 §4, §5), against a real listening server: what Node's HTTP parser
 * refuses is answered in Chinese; HSTS and upgrade-insecure-requests only over TLS, which a
 * forwarded header may claim only from a trusted proxy.
 */

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes on a socket, as a client that does not percent-encode would send them. */
function rawRequest(port: number, head: Buffer): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(head));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [h = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(h)?.[1] ?? 0), head: h, body: rest.join('\r\n\r\n') });
    });
  });
}

/**
 * A built workbench of one page: the suite runs before `npm run build` in CI, and the headers of
 * `/` are the point here, not the bundle (the browser test e2e/intranet.e2e.ts loads the real one).
 */
const webDist = mkdtempSync(join(tmpdir(), 'sanxiang-web-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><html lang="zh-CN"><title>三项</title><div id="root"></div></html>');

/**
 * The app listening on a free port, on a store without the demo: the headers and refusals do not
 * depend on what is published, and the one account (a supervisor) is there to fail a login.
 */
async function listening(env: Record<string, string>) {
  const t = await buildTestApp({ WEB_DIST: webDist, ...env }, { demo: false });
  await buildJurisdiction(t, { code: '990102' });
  const bureau = await buildAgency(t, { jurisdictionCode: '990102', isSupervising: true });
  const { username } = await buildAccount(t, 'supervisor', bureau);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, port: (t.app.server.address() as { port: number }).port, username };
}

describe('HTTP as deployed, plain HTTP on an intranet host (no trusted proxy)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    ({ t, port } = await listening({}));
  });
  afterAll(async () => t?.close());

  it('no HSTS and no upgrade-insecure-requests over plain HTTP, on the portal, the workbench and the API docs', async () => {
    for (const path of ['/portal/', '/', '/api/docs/', '/api/v1/public/items']) {
      const res = await get(port, path, { host: 'sanxiang.intranet' });
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers['strict-transport-security'], path).toBeUndefined();
      expect(String(res.headers['content-security-policy'] ?? ''), path).not.toContain('upgrade-insecure-requests');
    }
  });

  it('a forwarded https from an untrusted peer is ignored', async () => {
    const res = await get(port, '/portal/', { host: 'sanxiang.intranet', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(String(res.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
  });

  it('a 45 KB URL answers 431 in Chinese: an HTML page on the portal, the JSON envelope on the API', async () => {
    const long = 'a'.repeat(45 * 1024);
    const page = await get(port, `/portal/items?q=${long}`);
    expect(page.status).toBe(431);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('请求地址或请求头过长');
    const api = await get(port, `/api/v1/public/items?q=${long}`);
    expect(api.status).toBe(431);
    expect(JSON.parse(api.body)).toMatchObject({ code: 'HEADERS_TOO_LARGE', details: {} });
    expect(JSON.parse(api.body).message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a URL of 8 to 16 KB answers 414 in Chinese', async () => {
    const res = await get(port, `/api/v1/public/items?q=${'a'.repeat(10_000)}`);
    expect(res.status).toBe(414);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'URI_TOO_LONG', details: { limit: 8192 } });
  });

  it('raw UTF-8 in the request line answers a Chinese 400 (a page on the portal)', async () => {
    const portal = await rawRequest(port, Buffer.from('GET /portal/items?q=食品 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
    expect(portal.status).toBe(400);
    expect(portal.body).toContain('未经编码的字符');
    expect(portal.head.toLowerCase()).toContain('content-type: text/html');
    const api = await rawRequest(port, Buffer.from('GET /api/v1/public/items?q=食品 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });

  it('NUL and invalid UTF-8 answer a Chinese 400 naming the parameter, also through a real socket', async () => {
    const res = await get(port, '/api/v1/public/items?q=%00');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'q', in: 'querystring' }] } });
    const page = await get(port, '/portal/service-windows?agency=%FF');
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('agency');
  });
});

describe('HTTP as deployed, behind a trusted TLS proxy (TRUST_PROXY=127.0.0.1)', () => {
  let t: TestApp;
  let port: number;
  let username: string;
  beforeAll(async () => {
    ({ t, port, username } = await listening({ TRUST_PROXY: '127.0.0.1' }));
  });
  afterAll(async () => t?.close());

  it('X-Forwarded-Proto: https from the proxy turns on HSTS and upgrade-insecure-requests', async () => {
    const res = await get(port, '/portal/', { host: 'sanxiang.example.gov.cn', 'x-forwarded-proto': 'https' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    const plain = await get(port, '/portal/', { host: 'sanxiang.example.gov.cn', 'x-forwarded-proto': 'http' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('the client address is the one the proxy forwards (rate limits, audit IPs)', async () => {
    const res = await failedLogin(port, username, { 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(401);
    expect(await journalIps(t)).toContain('203.0.113.7');
  });
});

describe('without TRUST_PROXY a forwarded address is not believed', () => {
  let t: TestApp;
  let port: number;
  let username: string;
  beforeAll(async () => {
    ({ t, port, username } = await listening({}));
  });
  afterAll(async () => t?.close());

  it('the audit IP is the socket peer', async () => {
    await failedLogin(port, username, { 'x-forwarded-for': '203.0.113.8' });
    const ips = await journalIps(t);
    expect(ips).not.toContain('203.0.113.8');
    expect(ips).toContain('127.0.0.1');
  });
});

function failedLogin(port: number, username: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ username, password: 'wrong-password' });
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login', headers: { ...headers, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function journalIps(t: TestApp): Promise<(string | null)[]> {
  const rows = await t.ctx.db.selectFrom('journal_entry').select('client_ip').where('client_ip', 'is not', null).execute();
  return rows.map((r) => r.client_ip);
}

describe('TRUST_PROXY setting', () => {
  it('reads false, true, a hop count or addresses and CIDRs, and refuses anything else in Chinese', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => parseTrustProxy('nginx')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });
});
