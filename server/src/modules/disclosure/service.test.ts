import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../test/store';
// org registers where recorded ID numbers come from (ADR 0007); publishing asks it
import '../org';
import { scratchBlobStore } from '../../platform/blobs/testing';
import { manualClock } from '../../platform/clock';
import { loadConfig } from '../../platform/config';
import type { AppContext } from '../../platform/context';
import { createJournal } from '../../platform/journal/append';
import { entriesAtVersion, getCurrent, listCurrent, listVersions } from './queries';
import { type PublicEntry, publishList } from './service';

let ctx: AppContext;
beforeAll(async () => {
  const store = await openTestStore();
  const clock = manualClock('2026-03-02T01:00:00Z');
  ctx = { store, db: store.db, config: loadConfig({}), clock, journal: createJournal('sha256', clock), blobs: scratchBlobStore() };
});
afterAll(() => ctx.store.close());

const officer = (id: string, name: string, cert: string): PublicEntry => ({
  subjectId: id,
  label: name,
  content: {
    name,
    agencyId: 'a1',
    agencyName: '示范区市场监督管理局',
    certificateNumber: cert,
    issuingBody: null,
    domains: ['食品安全'],
    status: 'green',
    statusLabel: '绿码',
    validUntil: '2028-12-31',
  },
});
const by = { id: 'u1', name: 'clerk' };
const publish = (entries: PublicEntry[], reason: string) =>
  ctx.db.transaction().execute((trx) =>
    publishList(trx, ctx, by, {
      listKind: 'officers',
      listKey: 'officers:a1',
      jurisdictionCode: '990102',
      agencyId: 'a1',
      title: '示范区市场监督管理局 行政执法人员清单',
      reason,
      changedBy: 'u1',
      changedAt: ctx.clock.now(),
      confirmedBy: 'u2',
      entries,
    }),
  );

describe('publishList (R-D02, R-D08)', () => {
  it('publishes versions, keeps history, and serves what was current at each version', async () => {
    const v1 = await publish([officer('o1', '张伟', 'A001'), officer('o2', '李明', 'A002')], '首次公示');
    expect(v1.version).toBe(1);
    const v2 = await publish(
      [officer('o1', '张伟', 'A001'), officer('o2', '李明', 'A009'), officer('o3', '王强', 'A003')],
      '李明换证，王强新增',
    );
    expect(v2.changes).toEqual({ added: [{ subjectId: 'o3', label: '王强' }], changed: [{ subjectId: 'o2', label: '李明' }], removed: [] });
    const v3 = await publish([officer('o2', '李明', 'A009'), officer('o3', '王强', 'A003')], '张伟调离');
    expect(v3.changes.removed).toEqual([{ subjectId: 'o1', label: '张伟' }]);

    const current = await listCurrent(ctx.db, { listKind: 'officers', limit: 10 });
    expect(current.items.map((e) => e.label).sort()).toEqual(['李明', '王强']);
    expect((await getCurrent(ctx.db, 'officers', 'o2'))?.content.certificateNumber).toBe('A009');
    const atV1 = await entriesAtVersion(ctx.db, 'officers:a1', 1);
    expect(atV1.map((e) => [e.label, e.content.certificateNumber])).toEqual([
      ['张伟', 'A001'],
      ['李明', 'A002'],
    ]);
    const history = await listVersions(ctx.db, { listKey: 'officers:a1' });
    expect(history.map((h) => [h.version, h.reason])).toEqual([
      [3, '张伟调离'],
      [2, '李明换证，王强新增'],
      [1, '首次公示'],
    ]);
    const journal = await ctx.db.selectFrom('journal_entry').select('action').where('action', '=', 'disclosure.publish').execute();
    expect(journal).toHaveLength(3);
  });

  it('finds entries by Chinese words and pages with a stable cursor', async () => {
    expect((await listCurrent(ctx.db, { listKind: 'officers', q: '王', limit: 10 })).items.map((e) => e.label)).toEqual(['王强']);
    const first = await listCurrent(ctx.db, { listKind: 'officers', limit: 1 });
    const second = await listCurrent(ctx.db, { listKind: 'officers', limit: 1, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items]).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a field outside the public schema, such as an ID number, and writes nothing', async () => {
    const bad = officer('o9', '赵六', 'A010');
    bad.content.idNumber = '110101199003074514';
    await expect(publish([bad], 'x')).rejects.toThrow(/不允许公开/);
    expect((await listVersions(ctx.db, { listKey: 'officers:a1' })).length).toBe(3);
  });

  it('never deletes or rewrites a publication', async () => {
    await expect(sql`delete from publication`.execute(ctx.db)).rejects.toThrow(/不能删除/);
    await expect(sql`update publication set label = 'x'`.execute(ctx.db)).rejects.toThrow(/不能修改/);
    await expect(sql`update publication_list_version set reason = 'x'`.execute(ctx.db)).rejects.toThrow(/不能修改/);
  });
});
