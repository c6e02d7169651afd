import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../src/platform/auth/totp';
import { isSealed, openTotpSecret, sealStoredTotpSecrets, sealTotpSecret } from '../src/platform/auth/totp-key';
import { bearer, buildTestApp, demoPassword, expectError, type TestApp } from './app';

// Issue 7 §6: TOTP secrets encrypted at rest (AES-256-GCM), key from TOTP_KEY or DATA_DIR/keys.
const key = randomBytes(32).toString('base64');
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ TOTP_KEY: key });
}, 180_000);
afterAll(() => t?.close());

const login = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
const storedSecret = async (username: string) =>
  await t.ctx.db.selectFrom('user_account').select(['id', 'totp_secret']).where('username', '=', username).executeTakeFirstOrThrow();

describe('TOTP secrets at rest', () => {
  it('stores only the sealed form; enrolment and login with a code still work', async () => {
    const token = await t.login('legal_adviser');
    const enrol = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: bearer(token) })).json();
    const row = await storedSecret('legal_adviser');
    expect(row.totp_secret).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(row.totp_secret).not.toContain(enrol.secret);
    const code = totpCodeAt(enrol.secret, t.clock.now());
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code } });
    expect(confirm.statusCode).toBe(204);
    t.clock.advance(30_000);
    const next = totpCodeAt(enrol.secret, t.clock.now());
    expect((await login({ username: 'legal_adviser', password: demoPassword, totp: next })).statusCode).toBe(200);
  });

  it('a sealed secret does not open for another account', async () => {
    const row = await storedSecret('legal_adviser');
    expect(() => openTotpSecret(t.ctx.config, 'another-account-id', row.totp_secret as string)).toThrow(/无法解密/);
  });

  it('seals secrets stored in plain text before encryption, and they still log in', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await t.ctx.db
      .updateTable('user_account')
      .set({ totp_secret: secret, totp_enabled: true, totp_last_step: null })
      .where('username', '=', 'reviewer')
      .execute();
    const result = await sealStoredTotpSecrets(t.ctx.db, t.ctx.config);
    expect(result).toEqual({ sealed: 1, unreadable: 0 });
    const row = await storedSecret('reviewer');
    expect(isSealed(row.totp_secret as string)).toBe(true);
    expect(row.totp_secret).not.toContain(secret);
    expect(await sealStoredTotpSecrets(t.ctx.db, t.ctx.config)).toEqual({ sealed: 0, unreadable: 0 });
    t.clock.advance(30_000);
    const res = await login({ username: 'reviewer', password: demoPassword, totp: totpCodeAt(secret, t.clock.now()) });
    expect(res.statusCode).toBe(200);
  });

  it('a wrong key answers a Chinese 503 naming the key, not a 500; start-up counts what it cannot open', async () => {
    const right = t.ctx.config.totpKey;
    t.ctx.config.totpKey = randomBytes(32).toString('base64');
    try {
      t.clock.advance(30_000);
      const res = await login({ username: 'reviewer', password: demoPassword, totp: '123456' });
      const body = expectError(res, 503, 'TOTP_KEY_MISMATCH');
      expect(body.message).toMatch(/TOTP 密钥/);
      expect(await sealStoredTotpSecrets(t.ctx.db, t.ctx.config)).toEqual({ sealed: 0, unreadable: 2 });
    } finally {
      t.ctx.config.totpKey = right;
    }
  });

  it('without TOTP_KEY, makes DATA_DIR/keys/totp.key once, mode 0600', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-totp-key-'));
    const sealed = sealTotpSecret({ dataDir }, 'u1', 'JBSWY3DPEHPK3PXP');
    const path = join(dataDir, 'keys', 'totp.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(openTotpSecret({ dataDir }, 'u1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => sealTotpSecret({ dataDir, totpKey: 'c2hvcnQ=' }, 'u1', 'x')).toThrow(/TOTP_KEY 应为 32 字节/);
  });
});
