import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadCasesDemo } from '../server/src/demo/cases';
import { loadDemo } from '../server/src/demo/load';
import { restoreBackup, writeBackup } from '../server/src/platform/backup';
import { createFsBlobStore, recordBlob } from '../server/src/platform/blobs';
import { systemClock } from '../server/src/platform/clock';
import { loadConfig } from '../server/src/platform/config';
import type { AppContext } from '../server/src/platform/context';
import { createCheckpoint, signerStatus } from '../server/src/platform/journal';
import { createJournal } from '../server/src/platform/journal/append';
import { admin, type BenchEngine, withStore } from './store';

const MiB = 1024 * 1024;

/**
 * `npm run bench -- backup [--files 20] [--file-mib 50] [--engine pglite|postgres|both] [--cases]`
 *
 * Issue 10 acceptance: backup and restore time for the demo with 1 GB of blobs. Setup (not
 * measured): the demo (its ~70 cases too with --cases), then N incompressible files (AES-256-CTR
 * of zeros) put through the fs blob store and recorded. Measured: `writeBackup` (what `sanxiang
 * backup` runs) to a file — time and size; `restoreBackup` into an empty store of the same engine
 * (a new DATA_DIR, or a new PostgreSQL database) — time, which includes the full check of the
 * archive, the load, the blob puts (re-hashed) and `journal verify` + `blobs verify`.
 * It prints; it asserts nothing.
 */
export async function benchBackup(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: 'string', default: '20' },
      'file-mib': { type: 'string', default: '50' },
      engine: { type: 'string', default: 'both' },
      cases: { type: 'boolean', default: false },
    },
  });
  const files = Number(values.files);
  const size = Number(values['file-mib']) * MiB;
  const engines: BenchEngine[] = values.engine === 'both' ? ['pglite', 'postgres'] : [values.engine as BenchEngine];
  for (const engine of engines) {
    await withStore(engine, async (store, dataDir) => {
      const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), dataDir };
      const blobs = createFsBlobStore(join(dataDir, 'blobs'), 'sha256');
      const ctx: AppContext = {
        store,
        db: store.db,
        config,
        clock: systemClock,
        journal: createJournal('sha256', systemClock, { serialised: store.engine === 'pglite' }),
        blobs,
      };
      console.log(
        `\n[${engine}] demo + ${files} × ${values['file-mib']} MiB; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
      );
      let t = performance.now();
      await loadDemo(ctx, 'sanxiang-demo');
      if (values.cases) await loadCasesDemo(ctx, 'sanxiang-demo'); // the ~70 demo cases, each act through the engine
      for (let i = 0; i < files; i++) {
        const info = await blobs.put(Readable.from(pseudoRandom(size, i)));
        await recordBlob(store.db, info, new Date());
      }
      // one signed checkpoint, so that the restore's `journal verify` checks a signature too
      const signer = await signerStatus({ ...ctx, warn: () => undefined });
      if (signer.key) await createCheckpoint({ ...ctx, signingKey: signer.key });
      console.log(`  setup: demo, ${files} blobs stored and recorded, a checkpoint   ${secs(performance.now() - t)}`);

      const work = mkdtempSync(join(tmpdir(), 'sanxiang-bench-backup-'));
      const target = await emptyTarget(engine, work);
      try {
        const file = join(work, 'backup.tar');
        t = performance.now();
        const b = await writeBackup({ db: store.db, engine: store.engine, config, file, out: () => undefined });
        const backupMs = performance.now() - t;
        const bytes = statSync(file).size;
        const rows = b.manifest.tables.reduce((n, x) => n + x.rows, 0);
        console.log(
          `  backup: ${b.manifest.tables.length} tables, ${rows} rows, ${b.manifest.blobs.count} blobs → ${fmt(bytes)} in ${secs(backupMs)} (${fmt(bytes / (backupMs / 1000))}/s)`,
        );
        t = performance.now();
        const lines: string[] = [];
        const code = await restoreBackup({
          file,
          config: { ...config, dataDir: join(work, 'restored'), databaseUrl: target.url, blobStore: { kind: 'fs' } },
          out: (l) => lines.push(l),
        });
        const restoreMs = performance.now() - t;
        console.log(`  restore (check + load + blobs + verify): ${secs(restoreMs)} (${fmt(bytes / (restoreMs / 1000))}/s), exit ${code}`);
        for (const l of lines.filter((x) => /已载入|全过程记录校验|文件存储校验|默克尔根与/.test(x))) console.log(`    ${l}`);
      } finally {
        await target.drop();
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
}

/** An empty restore target of the engine: a new DATA_DIR (PGlite), or a new PostgreSQL database. */
async function emptyTarget(engine: BenchEngine, work: string): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  if (engine === 'pglite') return { url: undefined, drop: async () => rmSync(join(work, 'restored'), { recursive: true, force: true }) };
  const base = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sanxiang_bench_${randomBytes(5).toString('hex')}`;
  await admin(base, `create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(base, `drop database if exists ${name} with (force)`) };
}

/** `size` incompressible bytes (AES-256-CTR of zeros, key by file), 8 MiB at a time. */
function* pseudoRandom(size: number, seed: number): Generator<Buffer> {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, seed + 1), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(8 * MiB);
  for (let done = 0; done < size; ) {
    const k = Math.min(zeros.length, size - done);
    yield cipher.update(zeros.subarray(0, k));
    done += k;
  }
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
