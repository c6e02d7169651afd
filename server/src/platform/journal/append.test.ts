import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/store';
import { manualClock } from '../clock';
import type { Store } from '../db/connect';
import { createJournal } from './append';
import { entryHash, fieldsOfRow, zeroHash } from './hash';

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

describe('journal.append (invariant 1)', () => {
  const clock = manualClock('2026-01-05T01:00:00Z');
  const journal = createJournal('sha256', clock);

  it('chains each entry to the previous one and commits with the caller', async () => {
    await store.db
      .transaction()
      .execute((trx) =>
        journal.append(trx, { actor: { id: null, name: 'system' }, action: 'test.one', entity: { type: 'test' }, payload: { b: 1, a: 2 } }),
      );
    await store.db
      .transaction()
      .execute((trx) => journal.append(trx, { actor: { id: 'u1', name: 'alice' }, action: 'test.two', entity: { type: 'test', id: 'x' } }));
    const rows = await store.db.selectFrom('journal_entry').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([0, 1]);
    expect(rows[0]?.prev_hash).toBe(zeroHash);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.entry_hash);
    expect(rows[0]?.payload).toBe('{"a":2,"b":1}');
    const r = rows[1]!;
    expect(entryHash('sha256', fieldsOfRow(r))).toBe(r.entry_hash);
  });

  it('rolls the entry back with a failed command', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await journal.append(trx, { actor: { id: null, name: 'system' }, action: 'test.fail', entity: { type: 'test' } });
        throw new Error('command failed');
      }),
    ).rejects.toThrow('command failed');
    const count = await store.db
      .selectFrom('journal_entry')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('keeps the chain when its remembered tail is stale: after a rollback, and after another process appended', async () => {
    // `journal` remembers the entry it appended in the rolled-back command above; `other` stands for
    // a second server on the same PostgreSQL database (or a CLI run) that appends behind its back
    const other = createJournal('sha256', clock);
    const append = (j: typeof journal, action: string) =>
      store.db.transaction().execute((trx) => j.append(trx, { actor: { id: null, name: 'system' }, action, entity: { type: 'test' } }));
    expect((await append(journal, 'test.after-rollback')).seq).toBe(2);
    expect((await append(other, 'test.other')).seq).toBe(3);
    expect((await append(journal, 'test.after-other')).seq).toBe(4);
    expect((await append(journal, 'test.cached')).seq).toBe(5);
    const rows = await store.db.selectFrom('journal_entry').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([
      [0, 'test.one'],
      [1, 'test.two'],
      [2, 'test.after-rollback'],
      [3, 'test.other'],
      [4, 'test.after-other'],
      [5, 'test.cached'],
    ]);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.entry_hash);
      expect(entryHash('sha256', fieldsOfRow(rows[i]!))).toBe(rows[i]?.entry_hash);
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE on both engines', async () => {
    await expect(sql`update journal_entry set action = 'x' where seq = 0`.execute(store.db)).rejects.toThrow(/只能追加/);
    await expect(sql`delete from journal_entry where seq = 1`.execute(store.db)).rejects.toThrow(/只能追加/);
    await expect(sql`truncate journal_entry`.execute(store.db)).rejects.toThrow(/只能追加/);
  });
});
