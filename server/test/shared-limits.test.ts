import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { insertAccount } from '../src/platform/auth';
import { manualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import type { AppContext } from '../src/platform/context';
import { bearer, demoPassword, testStart } from './app';
import { testEngine } from './store';
import { contextOn, twoStores } from './two-processes';

// Issue 10 §3: sessions, the login lock-out and the request limits hold across all server
// processes on one database. Two apps on one database stand for two processes: on PostgreSQL each
// has its own connection pool (its own sessions, as two processes would); on PGlite they share the
// one store, the honest equivalent (the embedded store has one owner process).
const loginLimit = 5;
const url = '/api/v1/auth/login';
let closeStores: (() => Promise<void>) | undefined;
let a: FastifyInstance;
let b: FastifyInstance;
let ctxA: AppContext;

beforeAll(async () => {
  const two = await twoStores();
  closeStores = two.close;
  const clock = manualClock(testStart);
  const config = { ...loadConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: String(loginLimit) }), dataDir: '/nonexistent' };
  const apps = [];
  const ctxs: AppContext[] = [];
  for (const store of two.stores) {
    const ctx = contextOn(store, config, clock);
    ctxs.push(ctx);
    const app = await buildApp(ctx, { logger: false });
    await app.ready();
    apps.push(app);
  }
  [a, b] = apps as [FastifyInstance, FastifyInstance];
  ctxA = ctxs[0] as AppContext;
  for (const username of ['alice', 'bob']) {
    await ctxA.db.transaction().execute((trx) =>
      insertAccount(trx, ctxA, null, {
        username,
        displayName: username,
        agencyId: null,
        jurisdictionCode: null,
        roles: ['security_admin'],
        password: demoPassword,
        mustChangePassword: false,
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await closeStores?.();
});

const login = (app: FastifyInstance, username: string, password: string, ip: string) =>
  app.inject({ method: 'POST', url, payload: { username, password }, remoteAddress: ip });

describe(`limits and sessions across two processes on one database (${testEngine})`, () => {
  it('a session issued by one process works on the other, and a logout on either ends it on both', async () => {
    const res = await login(a, 'alice', demoPassword, '198.51.100.1');
    expect(res.statusCode, res.body).toBe(200);
    const token = res.json().token as string;
    expect((await b.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    expect((await b.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    const after = await a.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('SESSION_EXPIRED');
  });

  it('20 wrong passwords at once, spread over both, meet the lock after exactly lockoutThreshold attempts', async () => {
    const user = await ctxA.db.selectFrom('user_account').select('id').where('username', '=', 'bob').executeTakeFirstOrThrow();
    const threshold = 6; // the default policy (platform/auth/policy.ts)
    const before = await failures(user.id);
    // each from its own address, so the per-address request limit does not interfere
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(i % 2 ? b : a, 'bob', `wrong-${i}`, `192.0.2.${i + 10}`)));
    const codes = answers.map((r) => r.json().code as string);
    // the first threshold−1 count down, the thresholdth locks, the rest meet the lock
    expect(codes.filter((c) => c === 'LOGIN_FAILED')).toHaveLength(threshold - 1);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(20 - (threshold - 1));
    expect((await failures(user.id)) - before).toBe(threshold);
    // and the right password now also meets the lock, on either process
    expect((await login(b, 'bob', demoPassword, '192.0.2.99')).json().code).toBe('ACCOUNT_LOCKED');
  });

  it('the per-address login limit counts both processes together', async () => {
    const ip = '203.0.113.50';
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 ? b : a, `nobody-${i}`, 'x', ip)));
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(answers.length - limited.length).toBe(loginLimit);
    for (const r of limited) {
      const body = r.json();
      expect(body.code).toBe('RATE_LIMITED');
      expect(body.message).toMatch(/请求过于频繁/);
      expect(body.details.retryAfterSeconds).toBeGreaterThan(0);
    }
    // another address is not limited by them
    expect((await login(b, 'nobody', 'x', '203.0.113.51')).statusCode).toBe(401);
  });
});

async function failures(userId: string): Promise<number> {
  const r = await ctxA.db
    .selectFrom('journal_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'auth.login_failed')
    .where('entity_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
