import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { buildApp } from '../server/src/app';
import type { Database } from '../server/src/database';
import { scratchBlobStore } from '../server/src/platform/blobs/testing';
import { systemClock } from '../server/src/platform/clock';
import { loadConfig } from '../server/src/platform/config';
import type { AppContext } from '../server/src/platform/context';
import { createJournal } from '../server/src/platform/journal/append';
import { createCheckpoint } from '../server/src/platform/journal/checkpoint';
import { loadOrCreateSigningKey } from '../server/src/platform/journal/keys';
import { treeHasher, verifyConsistency, verifyInclusion } from '../server/src/platform/journal/merkle';
import { extendNodes } from '../server/src/platform/journal/nodes';
import { proveConsistency, proveInclusion } from '../server/src/platform/journal/proofs';
import { type BenchEngine, withStore } from './store';

/**
 * `npm run bench -- proofs [--entries N] [--requests N] [--engine pglite|postgres|both]`
 *
 * Serving cost of the public Merkle proofs (issue 7 §6; target: inclusion at 1,000,000 entries
 * under 20 ms p95 on PGlite). Setup, not measured as serving:
 *  1. N journal rows inserted by SQL in bulk (`generate_series`, entry_hash = SHA-256 of the seq):
 *     the proof code reads only seq and entry_hash, so the rows need not form a valid hash chain
 *     (that is what `bench -- journal` measures);
 *  2. the stored subtree hashes built by the server's own code (`extendNodes`, timed: this is what
 *     the first start after migration 0012 does to an existing journal);
 *  3. one signed checkpoint at N.
 * Then p50/p95/p99 of inclusion proofs (random seq, default tree size = the checkpoint) and
 * consistency proofs (random from < to ≤ N), through the service function and through the real
 * HTTP route (`app.inject`, whole app, rate limit raised). Every 50th proof is verified.
 */
export async function benchProofs(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      entries: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '1000' },
      engine: { type: 'string', default: 'pglite' },
    },
  });
  const entries = positiveInt(values.entries as string, '--entries');
  const requests = positiveInt(values.requests as string, '--requests');
  const engines: BenchEngine[] = values.engine === 'both' ? ['pglite', 'postgres'] : [values.engine as BenchEngine];
  for (const engine of engines) {
    if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--engine: pglite | postgres | both');
    await withStore(engine, async (store, dataDir) => {
      const config = { ...loadConfig({ LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000000' }), dataDir };
      const ctx: AppContext = {
        store,
        db: store.db,
        config,
        clock: systemClock,
        journal: createJournal('sha256', systemClock, { serialised: store.engine === 'pglite' }),
        blobs: scratchBlobStore(),
      };
      console.log(
        `\n[${engine}] proofs at ${entries.toLocaleString('en-US')} entries; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
      );
      let t = performance.now();
      await bulkEntries(ctx.db, entries);
      console.log(`  setup: ${entries.toLocaleString('en-US')} rows by SQL           ${secs(performance.now() - t)}`);
      t = performance.now();
      await extendNodes(ctx.db, 'sha256');
      const nodesMs = performance.now() - t;
      console.log(`  setup: extendNodes (backfill)            ${secs(nodesMs)}  ${rate(entries, nodesMs)}`);
      t = performance.now();
      const cp = await createCheckpoint({ ...ctx, signingKey: loadOrCreateSigningKey(dataDir, 'ed25519') });
      console.log(`  setup: checkpoint at ${cp?.treeSize}              ${secs(performance.now() - t)}`);
      await sql`analyze`.execute(ctx.db);
      const n = cp?.treeSize ?? entries;
      const root = Buffer.from(cp?.rootHash ?? '', 'hex');
      const h = treeHasher('sha256');
      const bytes = (s: string) => Buffer.from(s, 'hex');
      const rnd = (k: number) => Math.floor(Math.random() * k);

      const app = await buildApp(ctx, { logger: false });
      await app.ready();
      try {
        const rows: [string, { ms: number[]; cpuMs: number }][] = [];
        rows.push([
          'inclusion, service function',
          await sample(requests, async (i) => {
            const seq = rnd(n);
            const p = await proveInclusion(ctx.db, 'sha256', seq);
            if (i % 50 === 0) verifyInclusion(h, seq, n, bytes(p.leafHash), p.proof.map(bytes), root);
          }),
        ]);
        rows.push([
          'inclusion, HTTP route (app.inject)',
          await sample(requests, async (i) => {
            const seq = rnd(n);
            const res = await app.inject({ url: `/api/v1/public/journal/proofs/inclusion?seq=${seq}` });
            if (res.statusCode !== 200) throw new Error(`inclusion ${seq}: ${res.statusCode} ${res.body}`);
            if (i % 50 === 0) {
              const p = res.json();
              verifyInclusion(h, seq, n, bytes(p.leafHash), p.proof.map(bytes), root);
            }
          }),
        ]);
        const pair = () => {
          const to = 2 + rnd(n - 1);
          return [1 + rnd(to - 1), to] as const;
        };
        rows.push([
          'consistency, service function',
          await sample(requests, async (i) => {
            const [from, to] = pair();
            const p = await proveConsistency(ctx.db, 'sha256', from, to);
            if (i % 50 === 0) verifyConsistency(h, from, to, p.proof.map(bytes), bytes(p.fromRoot), bytes(p.toRoot));
          }),
        ]);
        rows.push([
          'consistency, HTTP route (app.inject)',
          await sample(requests, async (i) => {
            const [from, to] = pair();
            const res = await app.inject({ url: `/api/v1/public/journal/proofs/consistency?from=${from}&to=${to}` });
            if (res.statusCode !== 200) throw new Error(`consistency ${from}..${to}: ${res.statusCode} ${res.body}`);
            if (i % 50 === 0) {
              const p = res.json();
              verifyConsistency(h, from, to, p.proof.map(bytes), bytes(p.fromRoot), bytes(p.toRoot));
            }
          }),
        ]);
        console.log(
          `  ${'latency, ms'.padEnd(40)} ${'n'.padStart(5)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'cpu/req'.padStart(8)}`,
        );
        for (const [label, { ms, cpuMs }] of rows) {
          const s = [...ms].sort((a, b) => a - b);
          const at = (q: number) => (s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0).toFixed(2).padStart(7);
          const flag = label.startsWith('inclusion') && Number(at(0.95)) >= 20 ? '  ← over the 20 ms target' : '';
          console.log(
            `  ${label.padEnd(40)} ${String(s.length).padStart(5)} ${at(0.5)} ${at(0.95)} ${at(0.99)} ${cpuMs.toFixed(2).padStart(8)}${flag}`,
          );
        }
      } finally {
        await app.close();
      }
    });
  }
}

/**
 * `count` timed runs after 20 warm-up runs; returns milliseconds, and the mean CPU time of this
 * process per run (PGlite runs in-process, so that is the whole cost; on a shared machine the
 * wall-clock tail mostly measures the neighbours).
 */
async function sample(count: number, run: (i: number) => Promise<void>): Promise<{ ms: number[]; cpuMs: number }> {
  for (let i = 0; i < 20; i++) await run(i + 1);
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await run(i);
    ms.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 / count };
}

/** Journal rows by SQL, 100,000 per statement: seq, a timestamp, and entry_hash = SHA-256(seq). */
async function bulkEntries(db: Kysely<Database>, n: number): Promise<void> {
  for (let from = 0; from < n; from += 100_000) {
    const to = Math.min(n, from + 100_000) - 1;
    await sql`insert into journal_entry (seq, occurred_at, actor_id, actor_name, action, entity_type, entity_id,
        agency_id, jurisdiction_code, client_ip, payload, payload_hash, prev_hash, entry_hash)
      select g, timestamptz '2026-01-05 01:00:00+00' + g * interval '1 second', null, 'bench', 'bench.entry', 'bench',
        g::text, null, null, null, '{}', '', '', encode(sha256(convert_to(g::text, 'UTF8')), 'hex')
      from generate_series(${from}::bigint, ${to}::bigint) g`.execute(db);
  }
}

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} 应为正整数`);
  return n;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round((n * 1000) / ms).toLocaleString('en-US')} /s`;
