import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchive, type Manifest, restoreBackup, writeBackup } from '../src/platform/backup';
import { verifyBlobs } from '../src/platform/blobs';
import { openBlobStore } from '../src/platform/blobs/open';
import { manualClock } from '../src/platform/clock';
import { type Config, loadConfig } from '../src/platform/config';
import { openStore, type Store } from '../src/platform/db/connect';
import { createJournal } from '../src/platform/journal/append';
import { fillJournal } from '../src/platform/journal/testing';
import { backupTargets, seedStore } from './backup-targets';
import { runCli } from './process';

// Issue 10 §4 acceptance: a backup taken while journaled writes go on restores into an empty store
// where the journal and the blobs verify, on the engine of the run (PGlite, or PostgreSQL when
// DATABASE_URL is set: each store is then a fresh database). The S3 case: backup-s3.test.ts.
const { tmp, target, cleanup } = backupTargets('sanxiang-backup-');

const configOf = (t: { dataDir: string; databaseUrl: string | undefined }): Config => ({
  ...loadConfig(),
  ...t,
  blobStore: { kind: 'fs' },
});
const envOf = (t: { dataDir: string; databaseUrl: string | undefined }) => ({
  DATA_DIR: t.dataDir,
  DATABASE_URL: t.databaseUrl,
  TZ: 'UTC',
  BLOB_STORE: undefined,
});

let source: { dataDir: string; databaseUrl: string | undefined };
const archive = join(tmp, 'backup.tar');
let manifest: Manifest;
let writesDuring = 0;

beforeAll(async () => {
  source = await target('source');
  await seedStore(source, configOf(source), { entries: 40, blobs: 3 });
  // a checkpoint signed by the real command (its key goes to DATA_DIR/keys and the key registry)
  const cp = runCli(['journal', 'checkpoint'], envOf(source));
  expect(cp.stdout + cp.stderr).toMatch(/已签发检查点/);
}, 120_000);

afterAll(cleanup);

describe('sanxiang backup and restore', () => {
  it('takes a consistent backup while journaled writes continue', async () => {
    const store: Store = await openStore({ ...source, purpose: 'backup test' });
    try {
      const journal = createJournal('sha256', manualClock('2026-03-02T08:00:00Z'), { serialised: store.engine === 'pglite' });
      let stop = false;
      const writer = (async () => {
        for (let i = 1000; !stop; i++) {
          await fillJournal(store.db, journal, 1, i);
          writesDuring++;
          // PGlite answers without leaving the microtask queue: let timers and I/O run between writes
          await new Promise((r) => setImmediate(r));
        }
      })();
      await new Promise((r) => setTimeout(r, 200));
      const lines: string[] = [];
      const r = await writeBackup({
        db: store.db,
        engine: store.engine,
        config: configOf(source),
        file: archive,
        out: (l) => lines.push(l),
      });
      await new Promise((r) => setTimeout(r, 200));
      stop = true;
      await writer;
      manifest = r.manifest;
      expect(writesDuring).toBeGreaterThan(0);
      expect(manifest.journal.treeSize).toBeGreaterThanOrEqual(41);
      const entries = manifest.tables.find((t) => t.name === 'journal_entry');
      expect(entries?.rows).toBe(manifest.journal.treeSize);
      expect(manifest.blobs).toMatchObject({ store: 'fs', count: 3, included: true, missing: [] });
      expect(manifest.keys.map((k) => k.file)).toContain('keys/checkpoint-private.pem');
      expect(manifest.tables.map((t) => t.name)).not.toContain('schema_migration');
      // parents before children: jurisdiction before agency
      const names = manifest.tables.map((t) => t.name);
      expect(names.indexOf('jurisdiction')).toBeLessThan(names.indexOf('agency'));
      const check = await checkArchive(archive);
      expect(check.blobs).toBe(3);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('restores into an empty store where journal and blobs verify and the root is the same', async () => {
    const t = await target('restored');
    const lines: string[] = [];
    const code = await restoreBackup({ file: archive, config: configOf(t), out: (l) => lines.push(l) });
    const text = lines.join('\n');
    expect(text).toContain(`默克尔根（sha256）：${manifest.journal.rootHash}`);
    expect(text).toMatch(/默克尔根与备份时的相同/);
    expect(code, text).toBe(0);
    const store = await openStore({ ...t, purpose: 'backup test' });
    try {
      for (const table of manifest.tables) {
        const r = await sql.raw<{ n: number | string }>(`select count(*) as n from "${table.name}"`).execute(store.db);
        expect(Number(r.rows[0]?.n), table.name).toBe(table.rows);
      }
      const b = await verifyBlobs(openBlobStore(configOf(t), 'sha256'), store.db);
      expect(b).toMatchObject({ checked: 3, recorded: 3, problems: [] });
    } finally {
      await store.close();
    }
    // and the real command agrees
    const v = runCli(['journal', 'verify'], envOf(t));
    expect(v.stdout, v.stderr).toMatch(/全过程记录完整/);
    expect(v.code).toBe(0);
  }, 120_000);

  it('refuses a non-empty store, writing nothing', async () => {
    const lines: string[] = [];
    await expect(restoreBackup({ file: archive, config: configOf(source), out: (l) => lines.push(l) })).rejects.toThrow(/不是空的/);
  });

  it('refuses a corrupted table file before anything is written', async () => {
    const bad = join(tmp, 'bad.tar');
    const bytes = readFileSync(archive);
    // flip one byte inside the first table file (after the manifest's header and body)
    const at = bytes.indexOf(Buffer.from('{"', 'utf8'), bytes.indexOf(Buffer.from('tables/')) + 512);
    bytes[at + 2] = bytes[at + 2] === 0x61 ? 0x62 : 0x61;
    writeFileSync(bad, bytes);
    const t = await target('refused');
    await expect(restoreBackup({ file: bad, config: configOf(t), out: () => undefined })).rejects.toThrow(/已损坏/);
    const probe = await openStore({ ...t, purpose: 'backup test' });
    try {
      const r = await sql<{ n: number | string }>`select count(*) as n from pg_tables where schemaname = current_schema()`.execute(
        probe.db,
      );
      expect(Number(r.rows[0]?.n)).toBe(0);
    } finally {
      await probe.close();
    }
  }, 60_000);

  it('runs backup and restore through the real CLI', async () => {
    const file = join(tmp, 'cli.tar');
    const b = runCli(['backup', file], envOf(source));
    expect(b.stdout, b.stderr).toMatch(/备份完成：\d+ 张表、\d+ 行，3 个文件/);
    expect(b.code).toBe(0);
    const t = await target('cli-restored');
    const r = runCli(['restore', file], envOf(t));
    expect(r.stdout, r.stderr).toMatch(/恢复完成/);
    expect(r.code).toBe(0);
    const again = runCli(['restore', file], envOf(t));
    expect(again.stderr).toMatch(/拒绝恢复：.*不是空的/);
    expect(again.code).toBe(1);
  }, 180_000);
});
