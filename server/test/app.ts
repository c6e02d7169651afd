import { rm } from 'node:fs/promises';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app';
import { demoAgencies } from '../src/demo/data';
import { loadDemo } from '../src/demo/load';
import { insertAccount, type Role } from '../src/platform/auth';
import { openBlobStore } from '../src/platform/blobs';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { manualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import type { AppContext } from '../src/platform/context';
import { createJournal } from '../src/platform/journal/append';
import { openTestStore } from './store';

export const demoPassword = 'sanxiang-demo';

/**
 * The test clock's start: Monday 2026-08-31, 09:00 in Beijing — after 2026-08-15, when the
 * 生态环境法典 came into force (法典 Art. 1242), so tests run with the law the demo's ENV and URB
 * items cite in force, as the demo does on a real clock (issue 7 §8). Dates in tests are written
 * relative to it (e.g. + 5 working days = Monday 09-07; no public holiday before 09-25).
 */
export const testStart = '2026-08-31T01:00:00Z';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ReturnType<typeof manualClock>;
  /** logs in through the API and answers the bearer token */
  login(username: string, password?: string): Promise<string>;
  journalCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh store (PGlite, or PostgreSQL with DATABASE_URL) with the demo district;
 * `{ demo: false }` boots it on the empty migrated store, for tests that build what they need with
 * `./factories` instead of leaning on the demo's content.
 */
export async function buildTestApp(env: Record<string, string> = {}, options: { demo?: boolean } = {}): Promise<TestApp> {
  const store = await openTestStore();
  const clock = manualClock(testStart);
  const config = { ...loadConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...env }), dataDir: '/nonexistent' };
  const ctx: AppContext = {
    store,
    db: store.db,
    config,
    clock,
    journal: createJournal(config.journalHash, clock, { serialised: store.engine === 'pglite' }),
    // files in a fresh temp dir, or the S3 store the env names (e.g. s3rver from ./s3.ts)
    blobs: config.blobStore.kind === 's3' ? openBlobStore(config, config.journalHash) : scratchBlobStore(config.journalHash),
  };
  if (options.demo !== false) await loadDemo(ctx, demoPassword);
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return {
    app,
    ctx,
    clock,
    async login(username, password = demoPassword) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    },
    async journalCount() {
      const r = await ctx.db
        .selectFrom('journal_entry')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async close() {
      await app.close();
      await store.close();
      if ('root' in ctx.blobs) await rm(ctx.blobs.root as string, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function expectError(res: LightMyRequestResponse, status: number, code: string) {
  const body = res.json() as { code: string; message: string; details: unknown };
  if (res.statusCode !== status || body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.statusCode} ${res.body}`);
  }
  if (!/[\u4e00-\u9fa5]/.test(body.message)) throw new Error(`message is not Chinese: ${body.message}`);
  if (typeof body.details !== 'object' || body.details === null) throw new Error('details missing');
  return body;
}

/** The demo agencies' ids by their key (`market`, `urban`, `justice`, …). */
export async function demoAgencyIds(t: TestApp): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const a of await t.ctx.db.selectFrom('agency').select(['id', 'name']).execute()) {
    const key = demoAgencies.find((d) => d.name === a.name)?.key;
    if (key) ids[key] = a.id;
  }
  return ids;
}

/** The If-Match header an edit must carry: the version of the record the caller last read (issue 6). */
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * Adds an account (password `demoPassword`) and answers its bearer token: a second supervisor,
 * or one of another jurisdiction, for the rules that need a different person.
 */
export async function addAccount(
  t: TestApp,
  input: { username: string; displayName: string; role: Role; agencyId: string | null; jurisdictionCode?: string },
): Promise<string> {
  await t.ctx.db.transaction().execute((trx) =>
    insertAccount(trx, t.ctx, null, {
      username: input.username,
      displayName: input.displayName,
      agencyId: input.agencyId,
      jurisdictionCode: input.jurisdictionCode ?? null,
      roles: [input.role],
      password: demoPassword,
      mustChangePassword: false,
    }),
  );
  return t.login(input.username);
}
