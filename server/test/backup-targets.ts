import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordBlob } from '../src/platform/blobs';
import { openBlobStore } from '../src/platform/blobs/open';
import { manualClock } from '../src/platform/clock';
import type { Config } from '../src/platform/config';
import { openStore } from '../src/platform/db/connect';
import { migrate } from '../src/platform/db/migrate';
import { createJournal } from '../src/platform/journal/append';
import { fillJournal } from '../src/platform/journal/testing';
import { freshDatabase } from './store';

/** Where a backup test's store lives: a data directory, and on PostgreSQL a fresh database. */
export interface BackupTarget {
  dataDir: string;
  databaseUrl: string | undefined;
}

/**
 * Stores for the backup tests (backup.test.ts, backup-s3.test.ts), on the engine of the run
 * (PGlite, or PostgreSQL when DATABASE_URL is set: each target is then a fresh database).
 * `cleanup()` drops the databases and removes the temp directory.
 */
export function backupTargets(prefix: string) {
  const base = process.env.DATABASE_URL;
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const drops: (() => Promise<void>)[] = [];
  return {
    tmp,
    async target(name: string): Promise<BackupTarget> {
      const dataDir = join(tmp, name);
      if (!base) return { dataDir, databaseUrl: undefined };
      const db = await freshDatabase(base);
      drops.push(db.drop);
      return { dataDir, databaseUrl: db.url };
    },
    async cleanup(): Promise<void> {
      for (const drop of drops) await drop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated store with `entries` journal entries and `blobs` random blobs put into the configured
 * blob store and recorded (`blob` rows); answers the blobs' hash and size.
 */
export async function seedStore(
  t: BackupTarget,
  config: Config,
  o: { entries: number; blobs: number },
): Promise<{ hash: string; size: number }[]> {
  const store = await openStore({ ...t, purpose: 'backup test' });
  try {
    await migrate(store.db);
    const journal = createJournal('sha256', manualClock('2026-03-01T08:00:00Z'), { serialised: store.engine === 'pglite' });
    await fillJournal(store.db, journal, o.entries);
    const blobs = openBlobStore(config, 'sha256');
    const out: { hash: string; size: number }[] = [];
    for (let i = 0; i < o.blobs; i++) {
      const info = await blobs.put(randomBytes(100_000 + i));
      await recordBlob(store.db, info, new Date());
      out.push({ hash: info.hash, size: info.size });
    }
    return out;
  } finally {
    await store.close();
  }
}
