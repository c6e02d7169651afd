import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../src/platform/auth/totp';
import { isSealed, openTotpSecret, sealStoredTotpSecrets, sealTotpSecret } from '../src/platform/auth/totp-key';
import { bearer, buildTestApp, demoPassword, expectError, type TestApp } from './app';
import { buildAccount, buildAgency, buildJurisdiction } from './factories';

// Issue 7 §6: TOTP secrets encrypted at rest (AES-256-GCM), key from TOTP_KEY or DATA_DIR/keys.
// Each test builds the accounts it enrols, on a store without the demo.
const key = randomBytes(32).toString('base64');
let t: TestApp;
let agency: Awaited<ReturnType<typeof buildAgency>>;
beforeAll(async () => {
  t = await buildTestApp({ TOTP_KEY: key }, { demo: false });
  await buildJurisdiction(t, { code: '990102' });
  agency = await buildAgency(t, { jurisdictionCode: '990102' });
}, 180_000);
afterAll(() => t?.close());

const login = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
const storedSecret = async (username: string) =>
  await t.ctx.db.selectFrom('user_account').select(['id', 'totp_secret']).where('username', '=', username).executeTakeFirstOrThrow();

/** A legal adviser who has enrolled and confirmed TOTP through the API: answers the username and the secret. */
async function enrolledAdviser() {
  const { username } = await buildAccount(t, 'legal_adviser', agency);
  const token = await t.login(username);
  const enrol = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: bearer(token) })).json();
  const code = totpCodeAt(enrol.secret, t.clock.now());
  const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code } });
  expect(confirm.statusCode).toBe(204);
  t.clock.advance(30_000);
  return { username, secret: enrol.secret as string };
}

/** A reviewer whose TOTP secret is stored in plain text, as before encryption. */
async function plainTextReviewer(secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP') {
  const { username } = await buildAccount(t, 'reviewer', agency);
  await t.ctx.db
    .updateTable('user_account')
    .set({ totp_secret: secret, totp_enabled: true, totp_last_step: null })
    .where('username', '=', username)
    .execute();
  return { username, secret };
}

describe('TOTP secrets at rest', () => {
  it('stores only the sealed form; enrolment and login with a code still work', async () => {
    const { username } = await buildAccount(t, 'legal_adviser', agency);
    const token = await t.login(username);
    const enrol = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enrol', headers: bearer(token) })).json();
    const row = await storedSecret(username);
    expect(row.totp_secret).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(row.totp_secret).not.toContain(enrol.secret);
    const code = totpCodeAt(enrol.secret, t.clock.now());
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: bearer(token), payload: { code } });
    expect(confirm.statusCode).toBe(204);
    t.clock.advance(30_000);
    const next = totpCodeAt(enrol.secret, t.clock.now());
    expect((await login({ username, password: demoPassword, totp: next })).statusCode).toBe(200);
  });

  it('a sealed secret does not open for another account', async () => {
    const { username } = await enrolledAdviser();
    const row = await storedSecret(username);
    expect(() => openTotpSecret(t.ctx.config, 'another-account-id', row.totp_secret as string)).toThrow(/无法解密/);
  });

  it('seals secrets stored in plain text before encryption, and they still log in', async () => {
    const { username, secret } = await plainTextReviewer();
    const result = await sealStoredTotpSecrets(t.ctx.db, t.ctx.config);
    expect(result).toEqual({ sealed: 1, unreadable: 0 });
    const row = await storedSecret(username);
    expect(isSealed(row.totp_secret as string)).toBe(true);
    expect(row.totp_secret).not.toContain(secret);
    expect(await sealStoredTotpSecrets(t.ctx.db, t.ctx.config)).toEqual({ sealed: 0, unreadable: 0 });
    t.clock.advance(30_000);
    const res = await login({ username, password: demoPassword, totp: totpCodeAt(secret, t.clock.now()) });
    expect(res.statusCode).toBe(200);
  });

  it('a wrong key answers a Chinese 503 naming the key, not a 500; start-up counts what it cannot open', async () => {
    // an enrolled adviser and a reviewer sealed from plain text, beside whatever other tests stored
    const { username } = await enrolledAdviser();
    await plainTextReviewer();
    expect(await sealStoredTotpSecrets(t.ctx.db, t.ctx.config)).toMatchObject({ sealed: 1, unreadable: 0 });
    const stored = await t.ctx.db.selectFrom('user_account').select('id').where('totp_secret', 'is not', null).execute();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    const right = t.ctx.config.totpKey;
    t.ctx.config.totpKey = randomBytes(32).toString('base64');
    try {
      t.clock.advance(30_000);
      const res = await login({ username, password: demoPassword, totp: '123456' });
      const body = expectError(res, 503, 'TOTP_KEY_MISMATCH');
      expect(body.message).toMatch(/TOTP 密钥/);
      expect(await sealStoredTotpSecrets(t.ctx.db, t.ctx.config)).toEqual({ sealed: 0, unreadable: stored.length });
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
