import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../database';
import { acquireDirLock, type DirLock } from './lock';
import { PGliteDialect } from './pglite-dialect';

export type Engine = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  /** The DATA_DIR lock, held while the store is open (PGlite); undefined for PostgreSQL. */
  lock: DirLock | undefined;
  close(): Promise<void>;
}

// int8 as number: our bigint columns (journal sequence, counts) stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  /** PostgreSQL connection string; PGlite when absent. */
  databaseUrl?: string | undefined;
  /** DATA_DIR of the embedded store; `undefined` = in memory (tests). */
  dataDir?: string | undefined;
  /** What the opener is, written in the lock so a refused second process can be told. */
  purpose: string;
  /**
   * A dumped data directory (PGlite `dumpDataDir`) to start from instead of an empty one: the test
   * suite migrates one store and opens each test file's store from it (initdb costs seconds).
   */
  loadDataDir?: Blob | undefined;
}

export async function openStore(opts: OpenOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', lock: undefined, close: () => db.destroy() };
  }
  const lock = opts.dataDir ? acquireDirLock(opts.dataDir, opts.purpose) : undefined;
  try {
    const pglite = await PGlite.create(
      opts.dataDir ? join(opts.dataDir, 'pgdata') : undefined,
      opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {},
    );
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      lock,
      close: async () => {
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (e) {
    lock?.release();
    throw e;
  }
}
