import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { manualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import type { AppContext } from '../src/platform/context';
import type { Store } from '../src/platform/db/connect';
import { createJournal } from '../src/platform/journal/append';
import { createCheckpoint } from '../src/platform/journal/checkpoint';
import { fillJournal } from '../src/platform/journal/testing';
import { expectError } from './app';
import { openTestStore } from './store';

// Issue 7 §6: the public journal endpoints need no login, so each has a per-address limit.
let store: Store;
let app: FastifyInstance;
/** a second server on the same store: the count is the database's, not a process's (issue 10 §3) */
let other: FastifyInstance;

beforeAll(async () => {
  store = await openTestStore();
  const clock = manualClock('2026-09-01T02:00:00Z');
  const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-ratelimit-'));
  const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
  const ctx: AppContext = { store, db: store.db, config, clock, journal: createJournal('sha256', clock), blobs: scratchBlobStore() };
  await fillJournal(store.db, ctx.journal, 4);
  await createCheckpoint(ctx);
  app = await buildApp(ctx, { logger: false });
  await app.ready();
  other = await buildApp(ctx, { logger: false });
  await other.ready();
});
afterAll(async () => {
  await app?.close();
  await other?.close();
  await store?.close();
});

const get = (url: string, ip = '203.0.113.7') => app.inject({ url: `/api/v1/public/journal${url}`, remoteAddress: ip });

describe('public journal rate limit', () => {
  it('answers 429 in Chinese after PUBLIC_RATE_LIMIT_PER_MINUTE requests from one address', async () => {
    for (let i = 0; i < 3; i++) expect((await get('/proofs/inclusion?seq=1')).statusCode).toBe(200);
    const res = await get('/proofs/inclusion?seq=1');
    const body = expectError(res, 429, 'RATE_LIMITED');
    expect(body.message).toMatch(/请求过于频繁/);
    const retry = (body.details as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(body.message).toContain(`${retry} 秒后再试`);
    expect(res.headers['retry-after']).toBeDefined();
    // another address still gets its answer
    expect((await get('/proofs/inclusion?seq=1', '198.51.100.9')).statusCode).toBe(200);
  });

  it('limits every public journal endpoint', async () => {
    for (const url of ['/proofs/consistency?from=1&to=4', '/checkpoints/latest', '/checkpoints', '/public-key']) {
      const ip = '192.0.2.44';
      for (let i = 0; i < 3; i++) expect((await get(url, ip)).statusCode, url).toBe(200);
      expectError(await get(url, ip), 429, 'RATE_LIMITED');
    }
  });

  it('counts one address across servers on one database', async () => {
    const ip = '192.0.2.77';
    const via = (i: number) => (i % 2 ? other : app).inject({ url: '/api/v1/public/journal/checkpoints', remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await via(i)).statusCode).toBe(200);
    expectError(await via(3), 429, 'RATE_LIMITED');
    expectError(await via(4), 429, 'RATE_LIMITED');
  });
});
