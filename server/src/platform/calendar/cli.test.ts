import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../../test/store';
import type { Actor } from '../auth/actor';
import { scratchBlobStore } from '../blobs/testing';
import { manualClock } from '../clock';
import { loadConfig } from '../config';
import { openStore } from '../db/connect';
import { migrate } from '../db/migrate';
import { createJournal } from '../journal/append';
import { addOverride } from './service';

// The real `sanxiang` command in a child process: PGlite in a temporary DATA_DIR, or, on the
// PostgreSQL pass, a database created for this file.
const bin = new URL('../../../bin/sanxiang.mjs', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-calendar-cli-'));
const adminUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function sanxiang(...args: string[]): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (adminUrl) {
    const name = `sanxiang_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
});
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (databaseUrl) await adminQuery(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
});

// Each child starts tsx and opens the store (a few seconds on PGlite): generous timeouts.
describe(`sanxiang calendar (child process, ${testEngine})`, { timeout: 90_000 }, () => {
  it('add-working-days prints just the date', async () => {
    expect(await sanxiang('calendar', 'add-working-days', '2025-09-30', '7')).toEqual({ code: 0, stdout: '2025-10-16\n', stderr: '' });
    expect(await sanxiang('calendar', 'add-working-days', '2025-01-24', '1')).toEqual({ code: 0, stdout: '2025-01-26\n', stderr: '' });
  });

  it('bad date or count: exit 2 with a Chinese message', async () => {
    // refused before the store is opened, so these may run side by side
    const [badDate, badN, missing, badYear] = await Promise.all([
      sanxiang('calendar', 'add-working-days', '2025-02-30', '7'),
      sanxiang('calendar', 'add-working-days', '2025-09-30', '七'),
      sanxiang('calendar', 'add-working-days', '2025-09-30'),
      sanxiang('calendar', 'show', '二〇二六'),
    ]);
    expect(badDate.code).toBe(2);
    expect(badDate.stdout).toBe('');
    expect(badDate.stderr).toContain('日期 2025-02-30 不存在');
    expect(badN.code).toBe(2);
    expect(badN.stderr).toContain('天数应为 0 至 10000 之间的整数');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('需要两个参数');
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toContain('年份应为 1900 至 2100 之间的整数');
  });

  it('--help is Chinese', async () => {
    const help = await sanxiang('calendar', 'add-working-days', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('起算日当天不计入');
  });

  it('show lists holidays and makeup workdays, marks overrides, warns for a year without data', async () => {
    // enter an override the way the server would, then release the store for the child
    const store = databaseUrl ? await openStore({ databaseUrl, purpose: 'test' }) : await openStore({ dataDir, purpose: 'test' });
    try {
      await migrate(store.db);
      const clock = manualClock('2026-05-20T02:00:00Z');
      const admin: Actor = {
        userId: 'u-admin',
        username: 'admin',
        displayName: '系统管理员',
        roles: ['system_admin'],
        agencyId: null,
        jurisdictionCode: null,
        clientIp: null,
        sessionId: 's1',
      };
      const ctx = {
        store,
        db: store.db,
        config: loadConfig({}),
        clock,
        journal: createJournal('sha256', clock),
        blobs: scratchBlobStore(),
      };
      await addOverride(ctx, admin, { date: '2026-03-03', kind: 'holiday', name: '地方节日', source: '某省人民政府令第1号' });
    } finally {
      await store.close();
    }

    const shown = await sanxiang('calendar', 'show', '2026');
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toContain('2026-02-15（周日）至 2026-02-23（周一）  春节，9 天');
    expect(shown.stdout).toContain('2026-10-01（周四）至 2026-10-07（周三）  国庆节，7 天');
    expect(shown.stdout).toMatch(/调休上班：\n(.*\n)* {2}2026-10-10（周六） {2}国庆节/);
    expect(shown.stdout).toContain('2026-03-03（周二）  地方节日  ［调整：某省人民政府令第1号，录入于 2026-05-20］');

    const future = await sanxiang('calendar', 'show', '2099');
    expect(future.code).toBe(0);
    expect(future.stderr).toContain('警告：');
    expect(future.stderr).toContain('没有 2099 年的官方节假日安排');
    expect(future.stdout).toContain('（无）');

    // the override counts in working days too
    expect((await sanxiang('calendar', 'add-working-days', '2026-03-02', '1')).stdout).toBe('2026-03-04\n');
  });
});
