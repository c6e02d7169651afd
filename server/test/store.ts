import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore, type Store } from '../src/platform/db/connect';
import { migrate } from '../src/platform/db/migrate';

let snapshot: Buffer | undefined;

/**
 * A fresh, migrated store for one test file: PGlite in memory, or, when DATABASE_URL is set
 * (CI's second pass), a new PostgreSQL database created for the file and dropped after it. Both
 * start from the run's migrated copy when ./global-setup.ts made one (seconds per file).
 */
export async function openTestStore(): Promise<Store> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const file = inject('pgliteSnapshot');
    if (file) snapshot ??= readFileSync(file);
    const store = await openStore({ purpose: 'test', loadDataDir: snapshot && new Blob([snapshot]) });
    await migrate(store.db);
    return store;
  }
  const db = await freshDatabase(base, inject('pgTemplate'));
  const store = await openStore({ databaseUrl: db.url, purpose: 'test' });
  await migrate(store.db);
  return {
    ...store,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

/** A new PostgreSQL database next to `base` (empty, or a copy of `template`), and how to drop it. */
export async function freshDatabase(base: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sanxiang_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(base, name) };
}

/**
 * Drops a test database once its connections have gone; a pool's connections may close a moment
 * after `end()` resolves, and forcing at once would kill them mid-goodbye (57P01 in the test).
 */
async function dropDatabase(base: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await adminQuery(base, `drop database if exists ${name}`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006') throw e; // 55006: still in use
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await adminQuery(base, `drop database if exists ${name} with (force)`);
}

async function adminQuery(base: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export const testEngine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
