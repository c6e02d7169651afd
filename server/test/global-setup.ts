import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { Database } from '../src/database';
import { openStore } from '../src/platform/db/connect';
import { migrate } from '../src/platform/db/migrate';
import { PGliteDialect } from '../src/platform/db/pglite-dialect';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated PGlite data directory (dumpDataDir), each test file's store starts from a copy */
    pgliteSnapshot: string;
    /** a migrated PostgreSQL database each test file's database is created from (DATABASE_URL) */
    pgTemplate: string;
  }
}

/**
 * Migrates one store per run and lets each test file start from a copy of it (server/test/store.ts):
 * a fresh PGlite spends seconds in initdb and a fresh PostgreSQL database most of a second in the
 * migrations, in every one of ~60 files of each pass. Each file still gets its own store, migrated
 * by the same `migrate` (which then has nothing left to apply but still checks the checksums).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `sanxiang_tpl_${randomBytes(6).toString('hex')}`;
    await adminQuery(base, `create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const store = await openStore({ databaseUrl: url.toString(), purpose: 'test template' });
    await migrate(store.db);
    await store.close(); // CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template
    project.provide('pgTemplate', name);
    return () => adminQuery(base, `drop database if exists ${name} with (force)`);
  }
  const pglite = await PGlite.create();
  await migrate(new Kysely<Database>({ dialect: new PGliteDialect(pglite) }));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const dir = mkdtempSync(join(tmpdir(), 'sanxiang-test-'));
  const file = join(dir, 'pgdata.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  return async () => rmSync(dir, { recursive: true, force: true });
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
