import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../clock';
import { openStore, type Store } from '../db/connect';
import { migrate } from '../db/migrate';
import { createJournal } from './append';
import { fillJournal, tamper } from './testing';

// The real command in a child process, on a store of its own: PGlite in a temp DATA_DIR, or a
// fresh PostgreSQL database when DATABASE_URL is set.
const root = new URL('../../../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-cli-'));
const base = process.env.DATABASE_URL;
const dbName = `sanxiang_t_${randomBytes(6).toString('hex')}`;
const databaseUrl = base ? Object.assign(new URL(base), { pathname: `/${dbName}` }).toString() : undefined;

async function admin(text: string) {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function withStore(fn: (store: Store) => Promise<void>) {
  const store = await openStore({ databaseUrl, dataDir, purpose: 'cli test' });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

function sanxiang(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, TZ: 'UTC' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['server/bin/sanxiang.mjs', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  if (base) await admin(`create database ${dbName}`);
  await withStore(async (store) => {
    await migrate(store.db);
    await fillJournal(store.db, createJournal('sha256', manualClock('2026-01-05T01:00:00Z')), 19); // + the key's registration at the first signature
  });
});

afterAll(async () => {
  if (base) await admin(`drop database if exists ${dbName} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sanxiang journal', () => {
  it('explains itself in Chinese', () => {
    const r = sanxiang('journal', 'verify', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/校验全过程记录/);
  });

  it('signs a checkpoint, then finds nothing new', () => {
    const first = sanxiang('journal', 'checkpoint');
    expect(first.out).toMatch(/已签发检查点：树大小 20/);
    expect(first.out).toMatch(/公钥标识 [0-9a-f]{16}/);
    expect(first.code).toBe(0);
    const again = sanxiang('journal', 'checkpoint');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/没有新记录/);
  });

  it('passes the intact journal with exit 0', () => {
    const r = sanxiang('journal', 'verify');
    expect(r.out).toMatch(/已校验 21 条记录、1 个检查点/);
    expect(r.out).toMatch(/条\/秒/);
    expect(r.out).toMatch(/全过程记录完整/);
    expect(r.code).toBe(0);
  });

  it('rotates the key: the new one signs, the old stays registered, verify passes across the rotation', () => {
    const r = sanxiang('journal', 'rotate-key');
    expect(r.out).toMatch(/已轮换检查点密钥：[0-9a-f]{16}（ed25519，已停用）→ [0-9a-f]{16}（ed25519）/);
    expect(r.out).toMatch(/已用新密钥签发检查点：树大小 22/);
    expect(r.out).toMatch(/无需重启/);
    expect(r.code).toBe(0);
    const v = sanxiang('journal', 'verify');
    expect(v.out).toMatch(/已校验 23 条记录、2 个检查点/);
    expect(v.out).toMatch(/全过程记录完整/);
    expect(v.code).toBe(0);
  });

  it('names the first tampered entry with exit 1', async () => {
    await withStore((store) => tamper(store.db, 'journal_entry', `update journal_entry set actor_name = '李四' where seq = 7`));
    const r = sanxiang('journal', 'verify');
    expect(r.out).toMatch(/发现问题。第一条有问题的记录：第 7 条/);
    expect(r.code).toBe(1);
  });

  it('answers a bad option with exit 2', () => {
    expect(sanxiang('journal', 'verify', '--nope').code).toBe(2);
  });
});
