import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoRefusedError, loadDemo } from '../src/demo/load';
import { bootstrapAdministrator } from '../src/platform/auth';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { manualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import type { AppContext } from '../src/platform/context';
import { createJournal } from '../src/platform/journal/append';
import { openTestStore } from './store';

// Issue 7 §6: the demo's ten accounts share a published password; a real store must never get them.
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function context(): Promise<AppContext> {
  const store = await openTestStore();
  opened.push(store);
  const clock = manualClock('2026-09-01T01:00:00Z');
  return { store, db: store.db, config: loadConfig({}), clock, journal: createJournal('sha256', clock), blobs: scratchBlobStore() };
}

const accounts = async (ctx: AppContext) =>
  Number(
    (
      await ctx.db
        .selectFrom('user_account')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the demo loader', () => {
  it('loads once on an empty store and reuses its own demo afterwards', { timeout: 180_000 }, async () => {
    const ctx = await context();
    expect(await loadDemo(ctx, 'pw-demo-1')).toBe('loaded');
    const n = await accounts(ctx);
    expect(n).toBeGreaterThanOrEqual(10);
    expect(await loadDemo(ctx, 'pw-demo-1')).toBe('present');
    expect(await accounts(ctx)).toBe(n);
  });

  it('refuses a store with accounts it did not create, and writes nothing', async () => {
    const ctx = await context();
    expect(await bootstrapAdministrator(ctx)).toBeDefined();
    const journal = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('journal_entry')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await journal();
    const err = await loadDemo(ctx, 'pw-demo-2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DemoRefusedError);
    expect((err as Error).message).toMatch(/已有 1 个并非演示程序创建的账户，不能载入演示数据/);
    expect(await accounts(ctx)).toBe(1);
    expect(await journal()).toBe(before);
  });
});

describe('sanxiang demo', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('exits non-zero with the Chinese reason on a store with a real administrator', { timeout: 120_000 }, async () => {
    if (process.env.DATABASE_URL) return; // the CLI's own PGlite store is what this checks
    const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-demo-refuse-'));
    dirs.push(dataDir);
    const bin = new URL('../bin/sanxiang.mjs', import.meta.url).pathname;
    const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', CHECKPOINT_INTERVAL_SECONDS: '0' };
    // a real store: migrated, with the administrator `sanxiang serve` bootstraps on first start
    const { openStore } = await import('../src/platform/db/connect');
    const { migrate } = await import('../src/platform/db/migrate');
    const store = await openStore({ dataDir, purpose: 'test' });
    try {
      await migrate(store.db);
      const clock = manualClock('2026-09-01T01:00:00Z');
      await bootstrapAdministrator({
        store,
        db: store.db,
        config: loadConfig({ DATA_DIR: dataDir }),
        clock,
        journal: createJournal('sha256', clock),
        blobs: scratchBlobStore(),
      });
    } finally {
      await store.close();
    }
    const run = promisify(execFile);
    const res = await run(process.execPath, [bin, 'demo'], { env, timeout: 90_000 }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/不能载入演示数据/);
  });
});
