import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../server/src/database';
import { manualClock, systemClock } from '../server/src/platform/clock';
import type { Store } from '../server/src/platform/db/connect';
import { createJournal } from '../server/src/platform/journal/append';
import { createCheckpoint } from '../server/src/platform/journal/checkpoint';
import { canonicalJson, entryHash, payloadHash, rowOf, zeroHash } from '../server/src/platform/journal/hash';
import { loadOrCreateSigningKey } from '../server/src/platform/journal/keys';
import { verifyJournal } from '../server/src/platform/journal/verify';
import { withStore } from './store';

/**
 * `npm run bench -- journal [--entries N] [--commands N] [--engine pglite|postgres|both]`
 *
 * (a) journaled commands/s (one transaction: insert a row + journal.append) against the same
 *     inserts without the journal;
 * (b) N generated journal entries (hashes chained in JS, exactly what append writes, inserted in
 *     multi-row batches), then one checkpoint, then `verifyJournal` in entries/s; on PGlite also
 *     the rate at which the same rows can merely be read and hashed (the floor for verify).
 * It prints figures; it asserts nothing.
 */
export async function benchJournal(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      entries: { type: 'string', default: '1000000' },
      commands: { type: 'string', default: '2000' },
      engine: { type: 'string', default: 'both' },
    },
  });
  const entries = positiveInt(values.entries as string, '--entries');
  const commands = positiveInt(values.commands as string, '--commands');
  const engines = values.engine === 'both' ? (['pglite', 'postgres'] as const) : [values.engine as 'pglite' | 'postgres'];
  for (const engine of engines) {
    if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`--engine: pglite | postgres | both`);
    const figures = await withStore(engine, (store, dataDir) => runOne(store, dataDir, entries, commands));
    printTable(engine, figures);
  }
}

function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} 应为正整数`);
  return n;
}

type Figures = [label: string, value: string][];

const rate = (n: number, ms: number) => `${Math.round((n * 1000) / ms).toLocaleString('en-US')} /s`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function runOne(store: Store, dataDir: string, entries: number, commands: number): Promise<Figures> {
  const { db } = store;
  const figures: Figures = [];
  const journal = createJournal('sha256', systemClock, { serialised: store.engine === 'pglite' });
  await sql`create table bench_item (id bigint primary key, name text not null, payload text not null)`.execute(db);

  // (a) one command = one transaction; first without, then with the journal entry
  const item = (i: number) => ({ id: i, name: `事项 ${i}`, payload: canonicalJson({ n: i, note: '行政检查记录', tags: ['a', 'b'] }) });
  let t = performance.now();
  for (let i = 0; i < commands; i++) {
    await db
      .transaction()
      .execute((trx) => sql`insert into bench_item values (${item(i).id}, ${item(i).name}, ${item(i).payload})`.execute(trx));
  }
  const plainMs = performance.now() - t;
  t = performance.now();
  for (let i = commands; i < 2 * commands; i++) {
    await db.transaction().execute(async (trx) => {
      const it = item(i);
      await sql`insert into bench_item values (${it.id}, ${it.name}, ${it.payload})`.execute(trx);
      await journal.append(trx, {
        actor: { id: 'u1', name: '张三', agencyId: 'a1', jurisdictionCode: '110000' },
        action: 'bench.create',
        entity: { type: 'bench_item', id: String(i) },
        payload: it,
      });
    });
  }
  const journaledMs = performance.now() - t;
  figures.push(['plain inserts (1 tx each)', rate(commands, plainMs)]);
  figures.push(['journaled commands (insert + append)', rate(commands, journaledMs)]);
  figures.push(['journaled / plain', `${((plainMs / journaledMs) * 100).toFixed(0)} %`]);

  // (b) bulk journal, checkpoint, verify
  t = performance.now();
  await generateEntries(db, entries);
  figures.push([`generate + insert ${entries.toLocaleString('en-US')} entries`, secs(performance.now() - t)]);

  const key = loadOrCreateSigningKey(dataDir, 'ed25519');
  t = performance.now();
  const cp = await createCheckpoint({
    db,
    config: { dataDir, checkpointSignature: 'ed25519' },
    clock: systemClock,
    journal,
    signingKey: key,
  });
  figures.push([`first checkpoint (tree size ${cp?.treeSize.toLocaleString('en-US')})`, secs(performance.now() - t)]);

  const cpu = process.cpuUsage();
  const res = await verifyJournal(db, { hashAlgorithm: 'sha256', publicKeys: [key] });
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  figures.push([
    `verify ${res.entries.toLocaleString('en-US')} entries (${res.ok ? 'intact' : 'FAILED'})`,
    `${secs(res.elapsedMs)}  ${rate(res.entries, res.elapsedMs)}`,
  ]);
  // the machine may be shared: this process's CPU time says what the verifier itself sustains
  figures.push(['verify: CPU time of this process', `${secs(cpuMs)}  ${rate(res.entries, cpuMs)}`]);
  if (store.engine === 'pglite') {
    t = performance.now();
    const n = await readAndHash(db);
    const ms = performance.now() - t;
    figures.push(['baseline: read + one hash per row', `${secs(ms)}  ${rate(n, ms)}`]);
    figures.push(['verify / baseline', `${((ms / res.elapsedMs) * 100).toFixed(0)} %`]);
  }
  return figures;
}

const actors = ['张三', '李四', '王五', '赵六', 'system'];
const actions = ['case.file', 'case.update', 'review.submit', 'disclosure.publish', 'auth.login'];

/**
 * Appends `n` entries exactly as `journal.append` would write them (same hash functions, same
 * canonical payload), continuing the existing chain, in multi-row inserts of 1,000 rows.
 */
export async function generateEntries(db: Kysely<Database>, n: number): Promise<void> {
  const tail = await db.selectFrom('journal_entry').select(['seq', 'entry_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = tail ? Number(tail.seq) + 1 : 0;
  let prev = tail?.entry_hash ?? zeroHash;
  const clock = manualClock('2026-01-05T01:00:00Z');
  const batch = 1000;
  for (let done = 0; done < n; ) {
    const rows: Database['journal_entry'][] = [];
    for (let i = 0; i < batch && done < n; i++, done++, seq++) {
      clock.advance(1000);
      const payload = canonicalJson({ caseId: `C${seq}`, amount: seq % 10000, note: '现场检查，当事人在场', items: [seq % 7, seq % 11] });
      const fields = {
        seq,
        occurredAt: clock.now(),
        actorId: `u${seq % 50}`,
        actorName: actors[seq % actors.length] as string,
        action: actions[seq % actions.length] as string,
        entityType: 'case',
        entityId: `C${seq}`,
        agencyId: `a${seq % 9}`,
        jurisdictionCode: '110000',
        clientIp: seq % 3 ? '10.0.0.1' : null,
        payloadHash: payloadHash('sha256', payload),
        prevHash: prev,
      };
      prev = entryHash('sha256', fields);
      rows.push(rowOf(fields, payload, prev));
    }
    await db.insertInto('journal_entry').values(rows).execute();
  }
}

/** The floor: the same pages and columns as verify, one SHA-256 per row, no checks. */
async function readAndHash(db: Kysely<Database>): Promise<number> {
  const { createHash } = await import('node:crypto');
  let after = -1;
  let count = 0;
  for (;;) {
    const { rows } = await sql<{ seq: number; at: string; payload: string; entry_hash: string }>`
      select seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, actor_id, actor_name,
        action, entity_type, entity_id, agency_id, jurisdiction_code, client_ip, payload, payload_hash, prev_hash, entry_hash
      from journal_entry where seq > ${after} order by seq limit 5000`.execute(db);
    if (rows.length === 0) return count;
    for (const r of rows) createHash('sha256').update(r.payload).digest('hex');
    count += rows.length;
    after = Number(rows[rows.length - 1]?.seq);
  }
}

function printTable(engine: string, figures: Figures): void {
  const width = Math.max(...figures.map(([l]) => l.length));
  console.log(`\njournal benchmark — ${engine}`);
  console.log('-'.repeat(width + 24));
  for (const [label, value] of figures) console.log(`${label.padEnd(width)}  ${value}`);
}
