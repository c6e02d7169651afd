import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/demo/data';
import { totpCodeAt } from '../src/platform/auth/totp';
import { bearer, buildTestApp, demoPassword, expectError, type TestApp } from './app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const login = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object });

describe('a URL that cannot be decoded', () => {
  it("answers 400 in the error envelope with a Chinese message, not the framework's English body", async () => {
    const res = await t.app.inject({ url: '/api/v1/public/items/%E0%A4%A' });
    // issue 7 §4: named like any other text that is not UTF-8
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect(body.message).toBe('请求参数有误：网址（path）含有无法识别的字符（不是合法的 UTF-8 编码）');
  });
});

describe('login: bad input gets a clear error and writes nothing', () => {
  it('answers 400 with the envelope for malformed JSON, wrong types, unknown and missing fields', async () => {
    const before = await t.journalCount();
    const raw = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expectError(raw, 400, 'MALFORMED_REQUEST');
    expectError(await login({ username: 'officer', password: 123 }), 400, 'VALIDATION_FAILED');
    const unknown = expectError(await login({ username: 'officer', password: 'x', admin: true }), 400, 'VALIDATION_FAILED');
    expect(unknown.details).toMatchObject({ fields: [{ field: 'admin' }] });
    expectError(await login({ username: 'officer' }), 400, 'VALIDATION_FAILED');
    expectError(await login([1, 2]), 400, 'VALIDATION_FAILED');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a'.repeat(2_000_000), password: 'x' }),
    });
    expectError(big, 413, 'PAYLOAD_TOO_LARGE');
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expectError(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await t.journalCount()).toBe(before);
  });

  it('answers 401 in Chinese for a wrong password and writes only the audit event', async () => {
    const before = await t.journalCount();
    const body = expectError(await login({ username: 'reviewer', password: 'wrong-password' }), 401, 'LOGIN_FAILED');
    expect(body.message).toContain('用户名或密码错误');
    expect(await t.journalCount()).toBe(before + 1);
    const last = await t.ctx.db.selectFrom('journal_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.action).toBe('auth.login_failed');
    const user = await t.ctx.db
      .selectFrom('user_account')
      .select('updated_at')
      .where('username', '=', 'reviewer')
      .executeTakeFirstOrThrow();
    expect(new Date(user.updated_at).toISOString()).toBe(t.clock.now().toISOString()); // untouched since the demo load
  });

  it('answers an unknown username exactly like a wrong password, countdown and lock included', async () => {
    // an acceptance walk found the countdown told which usernames exist
    for (let i = 1; i <= 6; i++) {
      const known = await login({ username: 'legal_adviser', password: `wrong-${i}` });
      const unknown = await login({ username: 'nobody-here', password: `wrong-${i}` });
      expect([unknown.statusCode, unknown.json()]).toEqual([known.statusCode, known.json()]);
      expect(known.statusCode).toBe(i < 6 ? 401 : 423);
    }
    const stillLocked = await login({ username: 'nobody-here', password: 'anything1' });
    expect([stillLocked.statusCode, stillLocked.json()]).toEqual([
      423,
      (await login({ username: 'legal_adviser', password: demoPassword })).json(),
    ]);
    // the account is unlocked by the system administrator, so later tests keep the clock as it was
    const sys = await t.login('sysadmin');
    const user = (await t.app.inject({ url: '/api/v1/users?q=legal_adviser', headers: bearer(sys) })).json().items[0];
    await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: bearer(sys) });
    expect((await login({ username: 'legal_adviser', password: demoPassword })).statusCode).toBe(200);
  });
});

describe('every demo account logs in', () => {
  it.each(demoAccounts.map((a) => [a.username, a.role]))('%s (%s)', async (username, role) => {
    const res = await login({ username, password: demoPassword });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.roles).toEqual([role]);
    expect(res.cookies.find((c) => c.name === 'sx_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(body.token) });
    expect(me.json().user.username).toBe(username);
  });
});

describe('lock-out after repeated wrong passwords', () => {
  it('locks at the 6th wrong password for a time the message states, and unlocks after it', async () => {
    for (let i = 1; i <= 5; i++) {
      const b = expectError(await login({ username: 'auxiliary', password: `wrong-${i}` }), 401, 'LOGIN_FAILED');
      expect(b.message).toContain(`再错 ${6 - i} 次`);
    }
    const locked = expectError(await login({ username: 'auxiliary', password: 'wrong-6' }), 423, 'ACCOUNT_LOCKED');
    // 2026-08-31T01:00Z + 15 min = 09:15 Beijing time
    expect(locked.message).toContain('2026-08-31 09:15（北京时间）');
    expectError(await login({ username: 'auxiliary', password: demoPassword }), 423, 'ACCOUNT_LOCKED');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await login({ username: 'auxiliary', password: demoPassword })).statusCode).toBe(200);
  });

  it('lets the system administrator unlock an account at once', async () => {
    for (let i = 1; i <= 6; i++) await login({ username: 'disclosure_clerk', password: `bad-${i}` });
    expectError(await login({ username: 'disclosure_clerk', password: demoPassword }), 423, 'ACCOUNT_LOCKED');
    const sys = await t.login('sysadmin');
    const list = await t.app.inject({ url: '/api/v1/users?q=disclosure', headers: bearer(sys) });
    const user = list.json().items[0];
    expect(user.lockedUntil).not.toBeNull();
    const unlocked = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: bearer(sys) });
    expect(unlocked.json().user.lockedUntil).toBeNull();
    expect((await login({ username: 'disclosure_clerk', password: demoPassword })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('refuses a request without a session', async () => {
    expectError(await t.app.inject({ url: '/api/v1/auth/me' }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: bearer('forged') }), 401, 'UNAUTHENTICATED');
  });

  it('expires after the idle time and after the absolute lifetime', async () => {
    const token = await t.login('officer');
    t.clock.advance(29 * 60_000);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const expired = expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) }), 401, 'SESSION_EXPIRED');
    expect(expired.message).toContain('30 分钟无操作');
    const token2 = await t.login('officer');
    for (let i = 0; i < 25; i++) {
      t.clock.advance(29 * 60_000);
      const r = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token2) });
      if (r.statusCode !== 200) {
        expect(r.json().details.reason).toBe('absolute');
        expect(i).toBe(24); // 12 h = 24.8 × 29 min
        return;
      }
    }
    throw new Error('session never reached its absolute expiry');
  });

  it('ends the session at logout', async () => {
    const token = await t.login('officer');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expectError(await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) }), 401, 'SESSION_EXPIRED');
  });

  it('requires the CSRF token for cookie sessions on unsafe methods', async () => {
    const res = await login({ username: 'officer', password: demoPassword });
    const cookie = `sx_session=${res.cookies.find((c) => c.name === 'sx_session')?.value}`;
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } }), 403, 'CSRF_FAILED');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
    });
    expect(ok.statusCode).toBe(204);
  });
});

describe('password change and TOTP', () => {
  it('forces a new account to change its one-time password, under the policy', async () => {
    const sys = await t.login('sysadmin');
    const agencies = (await t.app.inject({ url: '/api/v1/agencies', headers: bearer(sys) })).json().items;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(sys),
      payload: { username: 'newofficer', displayName: '新同事', agencyId: agencies[1].id, roles: ['officer'] },
    });
    expect(created.statusCode).toBe(201);
    const { temporaryPassword, user } = created.json();
    expect(user.mustChangePassword).toBe(true);
    const token = await t.login('newofficer', temporaryPassword);
    expectError(await t.app.inject({ url: '/api/v1/agencies', headers: bearer(token) }), 403, 'PASSWORD_CHANGE_REQUIRED');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(token),
      payload: { currentPassword: temporaryPassword, newPassword: 'short' },
    });
    expect(expectError(weak, 422, 'PASSWORD_POLICY').details).toMatchObject({ reasons: expect.arrayContaining(['密码长度至少 8 位']) });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: bearer(token),
      payload: { currentPassword: temporaryPassword, newPassword: 'Enforce-2026' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/agencies', headers: bearer(token) })).statusCode).toBe(200);
    expect((await login({ username: 'newofficer', password: 'Enforce-2026' })).statusCode).toBe(200);
  });

  it('enrols TOTP (RFC 6238), then requires a fresh code at login', async () => {
    const token = await t.login('legal_adviser');
    const enrol = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: bearer(token) })).json();
    expect(enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const code = totpCodeAt(enrol.secret, t.clock.now());
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code } })).statusCode,
    ).toBe(204);
    expectError(await login({ username: 'legal_adviser', password: demoPassword }), 401, 'TOTP_REQUIRED');
    expectError(await login({ username: 'legal_adviser', password: demoPassword, totp: code }), 401, 'TOTP_INVALID'); // replay
    t.clock.advance(30_000);
    const next = totpCodeAt(enrol.secret, t.clock.now());
    expect((await login({ username: 'legal_adviser', password: demoPassword, totp: next })).statusCode).toBe(200);
  });

  it('lets the security administrator require TOTP for the three administrators', async () => {
    const sec = await t.login('secadmin');
    const policy = (await t.app.inject({ url: '/api/v1/security-policy', headers: bearer(sec) })).json();
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/security-policy',
      headers: bearer(sec),
      payload: { ...policy, requireTotpForAdmins: true },
    });
    expect(put.json().requireTotpForAdmins).toBe(true);
    const sysLogin = await login({ username: 'sysadmin', password: demoPassword });
    expect(sysLogin.json().user.mustEnrolTotp).toBe(true);
    expectError(await t.app.inject({ url: '/api/v1/users', headers: bearer(sysLogin.json().token) }), 403, 'TOTP_ENROLMENT_REQUIRED');
    const officer = await login({ username: 'officer', password: demoPassword });
    expect(officer.json().user.mustEnrolTotp).toBe(false);
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/security-policy',
      headers: bearer(sec),
      payload: { ...policy, requireTotpForAdmins: false },
    });
  });
});
