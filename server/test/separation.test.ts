import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, expectError, type TestApp } from './app';

let t: TestApp;
let tokens: Record<string, string>;
beforeAll(async () => {
  t = await buildTestApp();
  tokens = {};
  for (const u of ['sysadmin', 'secadmin', 'auditor', 'officer', 'supervisor']) tokens[u] = await t.login(u);
});
afterAll(() => t.close());

const get = (user: string, url: string) => t.app.inject({ url, headers: bearer(tokens[user] as string) });

describe('三员分立 through the API (not only the menu)', () => {
  it('the auditor reads the audit log and cannot manage users', async () => {
    const log = await get('auditor', '/api/v1/audit-events?action=auth.login');
    expect(log.statusCode).toBe(200);
    expect(log.json().items.length).toBeGreaterThan(0);
    expect(log.json().items[0].actionLabel).toBe('登录成功');
    expectError(await get('auditor', '/api/v1/users'), 403, 'FORBIDDEN');
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(tokens.auditor as string),
      payload: { username: 'sneaky', displayName: '某人' },
    });
    expectError(create, 403, 'FORBIDDEN');
    // the role is checked before the body: an invalid body from the wrong role is still 403, not a field list
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(tokens.auditor as string),
      payload: { username: 1, unknownField: true },
    });
    expectError(invalid, 403, 'FORBIDDEN');
  });

  it('the district auditor reads the district history the demo recorded (its subtree, ADR 0007)', async () => {
    const created = (await get('auditor', '/api/v1/audit-events?action=agency.create')).json();
    expect(created.items.length).toBeGreaterThan(0);
    expect(created.items[0].actionLabel).toBe('新增执法主体');
    // the officers, lists and windows the loader recorded too, not only its agencies
    const officers = (await get('auditor', '/api/v1/audit-events?action=officer.create_many')).json();
    expect(officers.items.length).toBeGreaterThan(0);
  });

  it('tells each account what its roles allow, from the one declaration the guards use (issue 7 §2, §9)', async () => {
    const caps = async (user: string) =>
      ((await get(user, '/api/v1/auth/me')).json() as { user: { capabilities: string[] } }).user.capabilities;
    expect(await caps('auditor')).toEqual(['readAudit', 'readRefusals']);
    expect(await caps('sysadmin')).toEqual(expect.arrayContaining(['manageAccounts', 'editAgency']));
    expect(await caps('sysadmin')).not.toContain('readAudit');
    expect(await caps('supervisor')).toEqual(expect.arrayContaining(['supervise', 'editLists', 'readLists']));
    expect(await caps('officer')).toEqual(['readOrg', 'readLists', 'readCases', 'openCases', 'actOnCases']);
  });

  it('the system administrator manages users and cannot see the audit log', async () => {
    expect((await get('sysadmin', '/api/v1/users')).statusCode).toBe(200);
    expectError(await get('sysadmin', '/api/v1/audit-events'), 403, 'FORBIDDEN');
    expectError(await get('sysadmin', '/api/v1/audit-events/stats'), 403, 'FORBIDDEN');
  });

  it('only the security administrator sets roles and the policy; admin roles go to different people', async () => {
    const users = (await get('secadmin', '/api/v1/users?q=officer')).json().items;
    const officer = users.find((u: { username: string }) => u.username === 'officer');
    const asSys = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${officer.id}/roles`,
      headers: bearer(tokens.sysadmin as string),
      payload: { roles: ['reviewer'] },
    });
    expectError(asSys, 403, 'FORBIDDEN');
    const twoAdmins = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${officer.id}/roles`,
      headers: bearer(tokens.secadmin as string),
      payload: { roles: ['auditor', 'system_admin'] },
    });
    expect(expectError(twoAdmins, 400, 'VALIDATION_FAILED').message).toContain('三员分立');
    const ok = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${officer.id}/roles`,
      headers: bearer(tokens.secadmin as string),
      payload: { roles: ['officer', 'reviewer'] },
    });
    expect(ok.json().user.roles).toEqual(['officer', 'reviewer']);
    expectError(await get('sysadmin', '/api/v1/security-policy'), 403, 'FORBIDDEN');
    const grant = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(tokens.sysadmin as string),
      payload: { username: 'second_sec', displayName: '某人', roles: ['security_admin'] },
    });
    expectError(grant, 403, 'FORBIDDEN');
  });

  it('a business role needs an agency: refused at creation, on role change and when the agency is removed; nothing written', async () => {
    const before = await t.journalCount();
    const noAgency = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(tokens.sysadmin as string),
      payload: { username: 'floating', displayName: '某人', roles: ['officer'] },
    });
    const body = expectError(noAgency, 400, 'VALIDATION_FAILED');
    expect(body.message).toContain('须属于一个执法机关');
    expect(body.details).toMatchObject({ fields: [{ field: 'agencyId' }] });
    const officer = (await get('sysadmin', '/api/v1/users?q=officer'))
      .json()
      .items.find((u: { username: string }) => u.username === 'officer');
    const detach = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${officer.id}`,
      headers: bearer(tokens.sysadmin as string),
      payload: { agencyId: null },
    });
    expectError(detach, 400, 'VALIDATION_FAILED');
    expect(await t.journalCount()).toBe(before);
    // an administrator without an agency is fine
    const admin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(tokens.sysadmin as string),
      payload: { username: 'plain_admin', displayName: '某人', roles: [] },
    });
    expect(admin.statusCode).toBe(201);
  });

  it('business roles reach none of the administration endpoints', async () => {
    for (const url of ['/api/v1/users', '/api/v1/audit-events', '/api/v1/security-policy']) {
      expectError(await get('officer', url), 403, 'FORBIDDEN');
      expectError(await get('supervisor', url), 403, 'FORBIDDEN');
    }
  });

  it('counts permission denials for the security administrator and the auditor, without journaling them', async () => {
    const before = await t.journalCount();
    const counted = (await get('secadmin', '/api/v1/security/refusals')).json();
    for (let i = 0; i < 5; i++) expectError(await get('officer', '/api/v1/audit-events'), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ url: '/api/v1/audit-events' }), 401, 'UNAUTHENTICATED');
    // issue 7 §6: the journal records acts; a refused request is noise any user could repeat
    expect(await t.journalCount()).toBe(before);
    const res = await get('auditor', '/api/v1/security/refusals');
    expect(res.statusCode).toBe(200);
    const now = res.json();
    expect(now.total - counted.total).toBe(6);
    expect(now.byCode.FORBIDDEN - (counted.byCode.FORBIDDEN ?? 0)).toBe(5);
    expect(now.byRoute).toContainEqual(expect.objectContaining({ method: 'GET', route: '/api/v1/audit-events', code: 'FORBIDDEN' }));
    expect(now.byActor).toContainEqual(expect.objectContaining({ username: 'officer' }));
    // the counts are for the two security roles only
    expectError(await get('officer', '/api/v1/security/refusals'), 403, 'FORBIDDEN');
    expectError(await get('sysadmin', '/api/v1/security/refusals'), 403, 'FORBIDDEN');
  });

  it('still journals failed logins (ADR 0003 derives lockout from them)', async () => {
    const before = await t.journalCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'officer', password: 'wrong-password' },
    });
    expect(res.statusCode).toBe(401);
    expect(await t.journalCount()).toBe(before + 1);
  });

  it('journals account changes with before and after', async () => {
    const events = (await get('auditor', '/api/v1/audit-events?action=user.roles')).json().items;
    expect(events[0].payload).toMatchObject({ before: ['officer'], after: ['officer', 'reviewer'] });
    expect(events[0].entityLabel).toBe('张伟（officer）');
    const stats = (await get('auditor', '/api/v1/audit-events/stats')).json();
    expect(stats.days[0]).toMatchObject({ date: '2026-08-31' });
  });
});

describe('the HTTP surface', () => {
  it('serves health checks, security headers, and 404 in the envelope', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.json().status).toBe('ready');
    expect(ready.headers['x-content-type-options']).toBe('nosniff');
    expect(ready.headers['content-security-policy']).toContain("default-src 'self'");
    expect(ready.headers['x-request-id']).toBeTruthy();
    expectError(await t.app.inject({ url: '/api/v1/nothing-here' }), 404, 'NOT_FOUND');
  });

  it('serves the SPA for client routes, and 404 for a missing asset or API path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sx-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>三项</title>');
    const web = await buildTestApp({ WEB_DIST: dir });
    try {
      // the root address README gives is the workbench too (it was a 403 from the static plugin)
      const root = await web.app.inject({ url: '/' });
      expect(root.statusCode).toBe(200);
      expect(root.body).toContain('<title>三项</title>');
      const page = await web.app.inject({ url: '/admin/users' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<title>三项</title>');
      expect((await web.app.inject({ url: '/assets/gone-123.js' })).statusCode).toBe(404);
      // a bundle rebuilt while the server runs is served at once
      mkdirSync(join(dir, 'assets'), { recursive: true });
      writeFileSync(join(dir, 'assets', 'new-456.js'), 'console.log(1)');
      expect((await web.app.inject({ url: '/assets/new-456.js' })).statusCode).toBe(200);
      expectError(await web.app.inject({ url: '/api/v1/nope' }), 404, 'NOT_FOUND');
    } finally {
      await web.close();
    }
  });

  it('rate-limits login attempts per client', async () => {
    const limited = await buildTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push(
          (await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer', password: `x${i}` } }))
            .statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 401, 429]);
      const last = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'officer', password: 'x' } });
      expect(expectError(last, 429, 'RATE_LIMITED').message).toContain('秒后再试');
    } finally {
      await limited.close();
    }
  });
});
