import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/demo/load';
import { openBlobStore } from '../src/platform/blobs/open';
import { manualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import { openStore } from '../src/platform/db/connect';
import { acquireDirLock } from '../src/platform/db/lock';
import { migrate } from '../src/platform/db/migrate';
import { createJournal } from '../src/platform/journal/append';
import { runCli } from './process';
import { freshDatabase } from './store';

// Issue 10 §5 acceptance: `move-to-postgres` on the demo store gives a PostgreSQL database whose
// journal root equals the PGlite one. PostgreSQL is needed in both passes of the suite: the run's
// DATABASE_URL, else the CI machine's local server as admin.
const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-move-'));
const env = { DATA_DIR: dataDir, DATABASE_URL: undefined, TZ: 'UTC', BLOB_STORE: undefined, DEMO_CASES: 'off' };
const drops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const store = await openStore({ dataDir, purpose: 'move test' });
  try {
    await migrate(store.db);
    const config = loadConfig({ DATA_DIR: dataDir, DEMO_CASES: 'off' });
    const clock = manualClock('2026-09-01T01:00:00Z');
    const journal = createJournal('sha256', clock, { serialised: true });
    expect(await loadDemo({ store, db: store.db, config, clock, journal, blobs: openBlobStore(config, 'sha256') }, 'pw-move-1')).toBe(
      'loaded',
    );
  } finally {
    await store.close();
  }
  const cp = runCli(['journal', 'checkpoint'], env);
  expect(cp.stdout + cp.stderr).toMatch(/已签发检查点/);
}, 300_000);

afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sanxiang move-to-postgres', () => {
  it('refuses while a server holds the data directory', async () => {
    const db = await freshDatabase(admin);
    drops.push(db.drop);
    const lock = acquireDirLock(dataDir, 'sanxiang serve（测试）');
    try {
      const r = runCli(['move-to-postgres', db.url], env);
      expect(r.stderr).toMatch(/请先停止服务器/);
      expect(r.code).toBe(1);
    } finally {
      lock.release();
    }
  }, 60_000);

  it('copies the demo store into an empty PostgreSQL database with the same journal root', async () => {
    const db = await freshDatabase(admin);
    drops.push(db.drop);
    const r = runCli(['move-to-postgres', db.url], env);
    const before = /迁移前（嵌入式数据库）：全过程记录 (\d+) 条，默克尔根 ([0-9a-f]{64})/.exec(r.stdout);
    const after = /迁移后（PostgreSQL）：默克尔根 ([0-9a-f]{64})（相同）/.exec(r.stdout);
    expect(before, r.stdout + r.stderr).not.toBeNull();
    expect(after?.[1]).toBe(before?.[2]);
    expect(r.stdout).toMatch(/DATABASE_URL=/);
    expect(r.code).toBe(0);
    // the real verify on PostgreSQL, with the same DATA_DIR for keys
    const v = runCli(['journal', 'verify'], { ...env, DATABASE_URL: db.url });
    expect(v.stdout, v.stderr).toMatch(/全过程记录完整/);
    expect(v.stdout).toContain(before?.[2]);
    // a second move into the now filled database is refused
    const again = runCli(['move-to-postgres', db.url], env);
    expect(again.stderr).toMatch(/拒绝迁移：目标数据库不是空的/);
    expect(again.code).toBe(1);
  }, 300_000);
});
