import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testEngine } from '../../../test/store';
import type { Actor } from '../auth/actor';
import { scratchBlobStore } from '../blobs/testing';
import { manualClock } from '../clock';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import type { Store } from '../db/connect';
import { AppError } from '../errors';
import { createJournal, type Journal } from '../journal/append';
import { addOverride, computeAddWorkingDays, createCalendar, getCalendarYear, listOverrides } from './service';

let store: Store;
let ctx: AppContext;
const clock = manualClock('2026-05-20T02:00:00Z');

beforeAll(async () => {
  store = await openTestStore();
  ctx = { store, db: store.db, config: loadConfig({}), clock, journal: createJournal('sha256', clock), blobs: scratchBlobStore() };
});
afterAll(() => store.close());

const admin: Actor = {
  userId: 'u-admin',
  username: 'admin',
  displayName: '系统管理员',
  roles: ['system_admin'],
  agencyId: null,
  jurisdictionCode: null,
  clientIp: '127.0.0.1',
  sessionId: 's1',
};
const officer: Actor = { ...admin, userId: 'u-officer', username: 'officer1', roles: ['officer'] };

async function counts() {
  const o = await store.db
    .selectFrom('calendar_override')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const j = await store.db
    .selectFrom('journal_entry')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return { overrides: Number(o.n), journal: Number(j.n) };
}

async function expectAppError(p: Promise<unknown>, code: string, message?: RegExp) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (message) expect((e as AppError).message).toMatch(message);
}

describe(`calendar service on ${testEngine}`, () => {
  it('starts from the official schedule', async () => {
    const cal = await createCalendar(store.db);
    expect(cal.addWorkingDays('2025-09-30', 7)).toBe('2025-10-16');
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(cal.hasOfficialData(2026)).toBe(true);
  });

  it('records an override and its journal entry in one transaction', async () => {
    const before = await counts();
    const o = await addOverride(ctx, admin, { date: '2025-10-09', kind: 'holiday', name: ' 地方节日 ', source: '某省人民政府令第1号' });
    expect(o).toMatchObject({ date: '2025-10-09', kind: 'holiday', name: '地方节日', source: '某省人民政府令第1号', createdBy: 'u-admin' });
    expect(o.createdAt.toISOString()).toBe('2026-05-20T02:00:00.000Z');
    expect(await counts()).toEqual({ overrides: before.overrides + 1, journal: before.journal + 1 });

    const entry = await store.db.selectFrom('journal_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: 'calendar.override',
      entity_type: 'calendar_override',
      entity_id: String(o.id),
      actor_id: 'u-admin',
      actor_name: 'admin',
    });
    expect(JSON.parse(entry.payload)).toEqual({
      date: '2025-10-09',
      kind: 'holiday',
      name: '地方节日',
      source: '某省人民政府令第1号',
      previous: { working: true, kind: 'workday', name: null, overrideId: null },
    });

    // the cache was invalidated by the write
    const cal = await createCalendar(store.db);
    expect(cal.isWorkingDay('2025-10-09')).toBe(false);
    expect(cal.addWorkingDays('2025-09-30', 7)).toBe('2025-10-17');
    expect((await computeAddWorkingDays(store.db, '2025-09-30', 7)).result).toBe('2025-10-17');
  });

  it('reverts to the official schedule with a new row; history keeps both', async () => {
    clock.advance(60_000);
    const before = await counts();
    const r = await addOverride(ctx, admin, { date: '2025-10-09', kind: 'official', source: '录入错误，更正' });
    expect(r).toMatchObject({ kind: 'official', name: '' });
    expect(await counts()).toEqual({ overrides: before.overrides + 1, journal: before.journal + 1 });
    const cal = await createCalendar(store.db);
    expect(cal.isWorkingDay('2025-10-09')).toBe(true);
    expect(cal.addWorkingDays('2025-09-30', 7)).toBe('2025-10-16');
    const rows = (await listOverrides(store.db)).filter((x) => x.date === '2025-10-09');
    expect(rows.map((x) => x.kind)).toEqual(['holiday', 'official']);
    const entry = await store.db.selectFrom('journal_entry').select('payload').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(entry.payload).previous).toMatchObject({ working: false, kind: 'holiday', name: '地方节日' });
  });

  it('enters a new year before the package knows it, and lists it', async () => {
    expect((await getCalendarYear(store.db, 2099)).hasOfficialData).toBe(false);
    await addOverride(ctx, admin, { date: '2099-01-01', kind: 'holiday', name: '元旦', source: '国办发明电〔2098〕1号' });
    await addOverride(ctx, admin, { date: '2099-01-03', kind: 'workday', name: '元旦', source: '国办发明电〔2098〕1号' });
    const view = await getCalendarYear(store.db, 2099);
    expect(view.hasOfficialData).toBe(true);
    expect(view.days.map((d) => [d.date, d.weekday, d.kind, d.name, d.override?.source])).toEqual([
      ['2099-01-01', '周四', 'holiday', '元旦', '国办发明电〔2098〕1号'],
      ['2099-01-03', '周六', 'makeup_workday', '元旦', '国办发明电〔2098〕1号'],
    ]);
    const y2026 = await getCalendarYear(store.db, 2026);
    expect(y2026.officialSource).toMatch(/^chinese-days /);
    expect(y2026.days.find((d) => d.date === '2026-02-14')).toMatchObject({ kind: 'makeup_workday', name: '春节', override: null });
  });

  it('refuses, and writes nothing, for a non-administrator, bad input or nothing to revert', async () => {
    const before = await counts();
    await expectAppError(addOverride(ctx, officer, { date: '2025-10-10', kind: 'holiday', name: 'x', source: 'y' }), 'FORBIDDEN');
    await expectAppError(
      addOverride(ctx, admin, { date: '2025-02-29', kind: 'holiday', name: 'x', source: 'y' }),
      'VALIDATION_FAILED',
      /不存在/,
    );
    await expectAppError(
      addOverride(ctx, admin, { date: '2025-10-10', kind: 'holiday', name: ' ', source: 'y' }),
      'VALIDATION_FAILED',
      /节日名称/,
    );
    await expectAppError(
      addOverride(ctx, admin, { date: '2025-10-10', kind: 'holiday', name: 'x', source: '' }),
      'VALIDATION_FAILED',
      /依据/,
    );
    await expectAppError(
      addOverride(ctx, admin, { date: '2025-10-10', kind: 'off' as never, name: 'x', source: 'y' }),
      'VALIDATION_FAILED',
      /类型/,
    );
    await expectAppError(addOverride(ctx, admin, { date: '2025-10-10', kind: 'official', source: 'y' }), 'CONFLICT', /无需恢复/);
    await expectAppError(addOverride(ctx, admin, { date: '2025-10-09', kind: 'official', source: 'y' }), 'CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('rolls the override back when the journal append fails', async () => {
    const before = await counts();
    const failing: Journal = {
      hashAlgorithm: 'sha256',
      append: async () => {
        throw new Error('journal down');
      },
    };
    await expect(
      addOverride({ ...ctx, journal: failing }, admin, { date: '2025-12-01', kind: 'holiday', name: 'x', source: 'y' }),
    ).rejects.toThrow('journal down');
    expect(await counts()).toEqual(before);
    expect((await createCalendar(store.db)).isWorkingDay('2025-12-01')).toBe(true);
  });

  it('sees rows written by another process (no invalidation in this one)', async () => {
    expect((await createCalendar(store.db)).isWorkingDay('2025-12-02')).toBe(true);
    await store.db
      .insertInto('calendar_override')
      .values({ date: '2025-12-02', kind: 'holiday', name: '另一进程', source: 'z', created_at: clock.now(), created_by: 'u-other' })
      .execute();
    expect((await createCalendar(store.db)).isWorkingDay('2025-12-02')).toBe(false);
  });

  it('the table is append-only on both engines', async () => {
    await expect(sql`update calendar_override set kind = 'workday'`.execute(store.db)).rejects.toThrow(/只能追加/);
    await expect(sql`delete from calendar_override`.execute(store.db)).rejects.toThrow(/只能追加/);
    await expect(sql`truncate calendar_override`.execute(store.db)).rejects.toThrow(/只能追加/);
  });
});
