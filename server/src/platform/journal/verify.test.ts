import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, testEngine } from '../../../test/store';
import { manualClock } from '../clock';
import type { Store } from '../db/connect';
import { createJournal } from './append';
import { createCheckpoint } from './checkpoint';
import { loadOrCreateSigningKey } from './keys';
import { fillJournal, tamper } from './testing';
import { verifyJournal } from './verify';

const dataDir = mkdtempSync(join(tmpdir(), 'sanxiang-verify-'));
const key = loadOrCreateSigningKey(dataDir, 'ed25519');
const clock = manualClock('2026-01-05T01:00:00Z');
const journal = createJournal('sha256', clock);
// pipelineDepth 1 keeps one pooled connection: test/store.ts drops the database with (force) right after
// pool.end(), which does not wait for sockets to close, so extra connections die with 57P01.
const opts = { hashAlgorithm: 'sha256' as const, publicKeys: [key], pageSize: 4, pipelineDepth: 1 };
const checkpointCtx = (store: Store) => ({ db: store.db, config: { dataDir, checkpointSignature: 'ed25519' as const }, clock, journal });

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
  await fillJournal(store.db, journal, 11);
  // registers the key first (journal.key_register, seq 11), then covers 0..11; its own entry is seq 12
  await createCheckpoint(checkpointCtx(store));
  await fillJournal(store.db, journal, 5, 13); // 13..17
});
afterEach(() => store.close());

const columns =
  'occurred_at, actor_id, actor_name, action, entity_type, entity_id, agency_id, jurisdiction_code, client_ip, payload, payload_hash, prev_hash, entry_hash';

describe('verifyJournal', () => {
  it('passes an intact journal, across pages and checkpoints', async () => {
    await createCheckpoint(checkpointCtx(store)); // 18 entries; its entry is seq 18
    const r = await verifyJournal(store.db, opts);
    expect(r).toMatchObject({ ok: true, entries: 19, checkpoints: 2 });
    expect(r.firstBad).toBeUndefined();
    // pages requested ahead (one shared connection on PGlite)
    const whole = await verifyJournal(store.db, { ...opts, pageSize: 3, pipelineDepth: testEngine === 'pglite' ? 3 : 1 });
    expect(whole.rootHash).toBe(r.rootHash);
  });

  it('passes an empty journal', async () => {
    const empty = await openTestStore();
    try {
      expect(await verifyJournal(empty.db, opts)).toMatchObject({ ok: true, entries: 0, checkpoints: 0 });
    } finally {
      await empty.close();
    }
  });

  it('builds the entry-hash input in SQL exactly as JSON.stringify', async () => {
    const odd = ['引号"\\', '\u0000'.slice(1) + '\u0001\u001f\b\f\n\r\t', '\u2028😀/<>'];
    for (const s of odd) {
      const r = await sql<{ j: string }>`select coalesce(to_json(${s}::text)::text, 'null') as j`.execute(store.db);
      expect(r.rows[0]?.j).toBe(JSON.stringify(s));
    }
  });

  it('names an entry whose action was changed', async () => {
    await tamper(store.db, 'journal_entry', `update journal_entry set action = 'case.close' where seq = 5`);
    const r = await verifyJournal(store.db, opts);
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({ seq: 5 });
    expect(r.firstBad?.reason).toMatch(/第 5 条.*被改动/);
  });

  it('names an entry whose payload was changed', async () => {
    await tamper(store.db, 'journal_entry', `update journal_entry set payload = '{"i":999}' where seq = 14`);
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 14 });
    expect(r.firstBad?.reason).toMatch(/内容哈希/);
  });

  it('names an entry whose prev_hash column was changed, and one whose payload_hash carries a crafted JSON tail', async () => {
    await tamper(store.db, 'journal_entry', `update journal_entry set prev_hash = repeat('0', 64) where seq = 7`);
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 7 });
    expect(r.firstBad?.reason).toMatch(/不衔接/);
  });

  it('is not fooled by a payload_hash that ends like the expected JSON (verify reads both hashes from one string)', async () => {
    // payload_hash = 'x","<the real payload hash>': its JSON form escapes the quote, so the entry
    // input can never end with ,"<hash>","<prev>"] unless the column is exactly the hash
    await tamper(store.db, 'journal_entry', `update journal_entry set payload_hash = 'x","' || payload_hash where seq = 9`);
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 9 });
  });

  it('names an entry whose time was changed', async () => {
    await tamper(store.db, 'journal_entry', `update journal_entry set occurred_at = occurred_at + interval '1 second' where seq = 3`);
    expect((await verifyJournal(store.db, opts)).firstBad).toMatchObject({ seq: 3 });
  });

  it('names a deleted entry', async () => {
    await tamper(store.db, 'journal_entry', `delete from journal_entry where seq = 4`);
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 4 });
    expect(r.firstBad?.reason).toMatch(/缺失/);
    expect(r.entries).toBe(4);
  });

  it('names the first of two swapped entries', async () => {
    await tamper(
      store.db,
      'journal_entry',
      `create temp table swap as select * from journal_entry where seq in (3, 6);
       update journal_entry j set (${columns}) = (select ${columns} from swap s where s.seq = 9 - j.seq) where j.seq in (3, 6);
       drop table swap`,
    );
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 3 });
  });

  it('finds entries cut off the end that a checkpoint covered', async () => {
    await tamper(store.db, 'journal_entry', `delete from journal_entry where seq >= 10`);
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 10, checkpoint: 12 });
  });

  it('finds a rewritten entry whose hashes were recomputed, through the checkpoint root', async () => {
    // rewrite the whole journal after seq 2 with a forged but self-consistent chain
    const rows = await store.db.selectFrom('journal_entry').selectAll().orderBy('seq').execute();
    const forger = createJournal('sha256', manualClock('2026-01-05T01:00:00Z'));
    const forged = await openTestStore();
    try {
      for (const r of rows) {
        await forged.db.transaction().execute((trx) =>
          forger.append(trx, {
            actor: { id: r.actor_id, name: r.actor_name },
            action: r.seq === 2 ? 'case.forged' : r.action,
            entity: { type: r.entity_type, id: r.entity_id },
            payload: JSON.parse(r.payload),
          }),
        );
      }
      await forged.db
        .insertInto('journal_checkpoint')
        .values(await store.db.selectFrom('journal_checkpoint').selectAll().execute())
        .execute();
      const r = await verifyJournal(forged.db, opts);
      expect(r.firstBad).toMatchObject({ seq: 0, checkpoint: 12 });
      expect(r.firstBad?.reason).toMatch(/默克尔根/);
    } finally {
      await forged.close();
    }
  });

  it('rejects a tampered checkpoint signature', async () => {
    await tamper(
      store.db,
      'journal_checkpoint',
      `update journal_checkpoint set signature = translate(signature, 'ABCDEFGHabcdefgh', 'BCDEFGHAbcdefgha') where tree_size = 12`,
    );
    const r = await verifyJournal(store.db, opts);
    expect(r.firstBad).toMatchObject({ seq: 11, checkpoint: 12 });
    expect(r.firstBad?.reason).toMatch(/签名无效/);
  });

  it('rejects a checkpoint signed by an unknown key', async () => {
    const r = await verifyJournal(store.db, { ...opts, publicKeys: [] });
    expect(r.firstBad?.reason).toMatch(/找不到检查点所用的公钥/);
  });
});
