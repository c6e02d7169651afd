import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../server/src/platform/db/connect';
import { migrate } from '../server/src/platform/db/migrate';

export type BenchEngine = 'pglite' | 'postgres';

/**
 * A fresh, migrated store for one benchmark run: PGlite in a temporary DATA_DIR, or a new
 * PostgreSQL database next to DATABASE_URL (default: the local server), dropped afterwards.
 */
export async function withStore<T>(engine: BenchEngine, fn: (store: Store, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-bench-'));
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sanxiang_bench_${randomBytes(5).toString('hex')}`;
  try {
    if (engine === 'postgres') await admin(base, `create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const store = await openStore(
      engine === 'postgres' ? { databaseUrl: url.toString(), purpose: 'bench' } : { dataDir, purpose: 'bench' },
    );
    try {
      await migrate(store.db);
      return await fn(store, dataDir);
    } finally {
      await store.close();
    }
  } finally {
    if (engine === 'postgres') await admin(base, `drop database if exists ${name} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One statement on the PostgreSQL server of `base` (create or drop a benchmark's database). */
export async function admin(base: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// the test suite's own free-port probe serves the benchmarks' server processes too
export { freePort } from '../server/test/process';
