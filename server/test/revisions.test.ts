import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsFrom, nextState, revisionTransitions } from '../src/platform/revisions';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';

// Issue 6: what the justice bureau confirms is exactly what is published (R-D03, R-D08, R-D14),
// edits carry If-Match (412/428), and an officer enforces on the confirmed version (R-P01).
let t: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['disclosure_clerk', 'agency_head', 'supervisor', 'reviewer']) tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: as(user) });
const send = (user: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload: unknown, ifMatch?: number) =>
  t.app.inject({
    method,
    url,
    headers: { ...as(user), ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }) },
    payload: payload as object,
  });

interface Entry {
  id: string;
  revision: number;
  state: string;
  data: Record<string, unknown> & { code: string; name: string };
}
async function item(code: string): Promise<Entry> {
  const res = await get('disclosure_clerk', '/api/v1/catalog/items');
  const found = (res.json().items as Entry[]).find((e) => e.data.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}
async function rename(code: string, name: string) {
  const e = await item(code);
  const res = await send('disclosure_clerk', 'PUT', `/api/v1/catalog/items/${e.id}`, { ...e.data, name, reason: '名称调整' }, e.revision);
  expect(res.statusCode, res.body).toBe(200);
}
const submit = (body: Record<string, unknown>) =>
  send('disclosure_clerk', 'POST', '/api/v1/catalog/items/submit', { note: '请审核', publicNote: '调整事项名称', ...body });
const publicName = async (code: string) => (await t.app.inject({ url: `/api/v1/public/items/${code}` })).json().name as string;

describe('the state machine (one, as data)', () => {
  it('moves a snapshot forward once: draft → submitted → confirmed | returned | superseded', () => {
    expect(nextState('draft', 'submit')).toBe('submitted');
    expect(nextState('submitted', 'confirm')).toBe('confirmed');
    expect(nextState('submitted', 'return')).toBe('returned');
    expect(nextState('submitted', 'supersede')).toBe('superseded');
    for (const done of ['confirmed', 'returned', 'superseded'] as const) expect(actionsFrom(done)).toEqual([]);
    expect(nextState('returned', 'confirm')).toBeNull();
    expect(Object.keys(revisionTransitions).sort()).toEqual(['confirm', 'return', 'submit', 'supersede']);
  });
});

describe('a returned change is not published by a later confirmation (the reported scenario)', () => {
  it('publishes MKT-04 alone, then MKT-02/MKT-03 only once resubmitted, each seen in the diff', async () => {
    const before02 = await publicName('MKT-02');
    await rename('MKT-02', `${before02}（修订稿）`);
    await rename('MKT-03', '修订后的事项名称三');
    const first = await submit({});
    expect(first.statusCode, first.body).toBe(200);
    const s1 = first.json();
    expect(s1.itemCount).toBe(2);

    const queue = await get('supervisor', '/api/v1/revisions?status=submitted');
    expect((queue.json().items as { id: string }[]).map((r) => r.id)).toContain(s1.id);
    const detail = (await get('supervisor', `/api/v1/revisions/${s1.id}`)).json();
    const d02 = detail.items.find((i: { subjectId: string }) => i.subjectId === 'MKT-02');
    expect(d02.change).toBe('changed');
    expect(d02.fields).toContainEqual(
      expect.objectContaining({ field: 'name', label: '名称', before: before02, after: `${before02}（修订稿）` }),
    );

    const ret = await send('supervisor', 'POST', `/api/v1/revisions/${s1.id}/return`, { reason: '请删除身份证号后再报' });
    expect(ret.statusCode, ret.body).toBe(200);
    const list = (await get('disclosure_clerk', '/api/v1/catalog/items')).json();
    expect(list.openReturn.reason).toBe('请删除身份证号后再报');
    expect(list.openReturn.items.map((i: { label: string }) => i.label).join()).toContain('MKT-0');
    expect((await item('MKT-02')).state).toBe('returned');

    await rename('MKT-04', '只改第四项');
    const second = (await submit({})).json();
    expect(second.itemCount).toBe(1);
    // the reason stays in view while the returned entries wait, though other entries were submitted
    expect((await get('disclosure_clerk', '/api/v1/catalog/items')).json().openReturn.reason).toBe('请删除身份证号后再报');
    const d2 = (await get('supervisor', `/api/v1/revisions/${second.id}`)).json();
    expect(d2.items.map((i: { subjectId: string }) => i.subjectId)).toEqual(['MKT-04']);
    // a decided snapshot cannot be confirmed by id
    expectError(await send('supervisor', 'POST', `/api/v1/revisions/${s1.id}/confirm`, {}), 409, 'CONFLICT');
    const ok = await send('supervisor', 'POST', `/api/v1/revisions/${second.id}/confirm`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await publicName('MKT-04')).toBe('只改第四项');
    expect(await publicName('MKT-02')).toBe(before02);
    expect(await publicName('MKT-03')).not.toBe('修订后的事项名称三');

    const third = (await submit({ includeReturned: true })).json();
    const d3 = (await get('supervisor', `/api/v1/revisions/${third.id}`)).json();
    expect(d3.items.map((i: { subjectId: string }) => i.subjectId).sort()).toEqual(['MKT-02', 'MKT-03']);
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${third.id}/confirm`, {})).statusCode).toBe(200);
    expect(await publicName('MKT-02')).toBe(`${before02}（修订稿）`);
    expect(await publicName('MKT-03')).toBe('修订后的事项名称三');
    expect((await get('disclosure_clerk', '/api/v1/catalog/items')).json().openReturn).toBeNull();
  });

  it('a newer submission supersedes one still waiting; confirming the old id answers 409 and publishes nothing', async () => {
    await rename('MKT-05', '第一次提交的名称');
    const old = (await submit({})).json();
    await rename('MKT-05', '第二次提交的名称');
    const latest = (await submit({})).json();
    const stale = expectError(await send('supervisor', 'POST', `/api/v1/revisions/${old.id}/confirm`, {}), 409, 'CONFLICT');
    expect(stale.message).toContain('取代');
    expect(await publicName('MKT-05')).not.toBe('第一次提交的名称');
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${latest.id}/confirm`, {})).statusCode).toBe(200);
    expect(await publicName('MKT-05')).toBe('第二次提交的名称');
  });

  it('an edit after a submission never joins it: confirmation publishes the frozen content', async () => {
    await rename('MKT-01', '提交时的名称');
    const s = (await submit({})).json();
    await rename('MKT-01', '提交后又改的名称');
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${s.id}/confirm`, {})).statusCode).toBe(200);
    expect(await publicName('MKT-01')).toBe('提交时的名称');
    expect((await item('MKT-01')).state).toBe('draft');
  });

  it('keeps the internal submission note internal and publishes the public change note', async () => {
    await rename('MKT-01', '公开说明测试');
    const s = (await submit({ note: '内部：请加急', publicNote: '更新事项名称' })).json();
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${s.id}/confirm`, {})).statusCode).toBe(200);
    const ids = await demoAgencyIds(t);
    const versions = await t.app.inject({ url: `/portal/items?agency=${ids.market}` });
    const history = await t.ctx.db
      .selectFrom('publication_list_version')
      .select('reason')
      .where('list_key', '=', `items:${ids.market}`)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    expect(history.reason).toBe('更新事项名称');
    expect(versions.body).not.toContain('内部：请加急');
  });
});

describe('personal data in the notes around a change (R-D13)', () => {
  it('refuses a mobile number in the public change note and an ID number in a change reason, naming the field', async () => {
    await rename('MKT-03', '备注测试名称');
    const journal = await t.journalCount();
    const note = expectError(await submit({ publicNote: '联系人电话 13912345678' }), 400, 'VALIDATION_FAILED');
    expect(note.message).toContain('公开的变更说明');
    const e = await item('MKT-03');
    const reason = expectError(
      await send(
        'disclosure_clerk',
        'PUT',
        `/api/v1/catalog/items/${e.id}`,
        { ...e.data, reason: '当事人 110105199003071239' },
        e.revision,
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(reason.message).toContain('变更理由');
    expect(await t.journalCount()).toBe(journal);
    // the bureau's own notes too: a return reason carrying a mobile number is refused
    const sub = (await submit({})).json();
    const ret = expectError(
      await send('supervisor', 'POST', `/api/v1/revisions/${sub.id}/return`, { reason: '请联系 13912345678' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(ret.message).toContain('退回理由');
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${sub.id}/confirm`, {})).statusCode).toBe(200);
  });
});

describe('no lost updates (If-Match)', () => {
  it('answers 412 to the second of two edits from one version, naming who changed it; 428 without If-Match', async () => {
    const e = await item('MKT-02');
    const body = { ...e.data, reason: '并发修改' };
    const a = await send('disclosure_clerk', 'PUT', `/api/v1/catalog/items/${e.id}`, { ...body, name: '甲的修改' }, e.revision);
    expect(a.statusCode, a.body).toBe(200);
    const journal = await t.journalCount();
    const b = expectError(
      await send('agency_head', 'PUT', `/api/v1/catalog/items/${e.id}`, { ...body, name: '乙的修改' }, e.revision),
      412,
      'PRECONDITION_FAILED',
    );
    expect(b.message).toMatch(/已被.+修改/);
    expect(await t.journalCount()).toBe(journal);
    expectError(await send('agency_head', 'PUT', `/api/v1/catalog/items/${e.id}`, { ...body, name: '乙' }), 428, 'PRECONDITION_REQUIRED');
    const got = await get('agency_head', `/api/v1/catalog/items/${e.id}`);
    expect(got.headers.etag).toBe(`"${e.revision + 1}"`);
  });

  it('a double-clicked create makes one record', async () => {
    const body = { ...(await item('MKT-02')).data, code: 'MKT-99', name: '双击新增', reason: '新增' };
    const [a, b] = await Promise.all([
      send('disclosure_clerk', 'POST', '/api/v1/catalog/items', body),
      send('disclosure_clerk', 'POST', '/api/v1/catalog/items', body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const all = (await get('disclosure_clerk', '/api/v1/catalog/items')).json().items as Entry[];
    expect(all.filter((e) => e.data.code === 'MKT-99')).toHaveLength(1);
  });
});

describe('R-P01: a certificate made green waits for the bureau', () => {
  it('a clerk turning a red certificate green does not let the officer enforce until confirmed', async () => {
    const ids = await demoAgencyIds(t);
    const list = (await get('disclosure_clerk', `/api/v1/officers?agencyId=${ids.market}&status=red&limit=50`)).json();
    const red = list.items.find((o: { isEnforcer: boolean; certificateNumber: string | null }) => o.isEnforcer && o.certificateNumber);
    expect(red).toBeTruthy();
    const changed = await send(
      'disclosure_clerk',
      'POST',
      `/api/v1/officers/${red.id}/status`,
      { status: 'green', reason: '整改完成' },
      red.version,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    // a second edit from the same version names the person who changed it, not the account
    const stale = expectError(
      await send('agency_head', 'POST', `/api/v1/officers/${red.id}/status`, { status: 'yellow', reason: '同时修改' }, red.version),
      412,
      'PRECONDITION_FAILED',
    );
    expect(stale.message).toContain('杨磊');
    expect(stale.message).not.toContain('disclosure_clerk');
    expect(changed.json().canEnforceToday).toBe(false);
    expect(changed.json().notEnforcerReason).toContain('确认');
    const s = await send('disclosure_clerk', 'POST', `/api/v1/agencies/${ids.market}/officers/submit`, {
      note: '恢复绿码',
      publicNote: '更新证件状态',
    });
    expect(s.statusCode, s.body).toBe(200);
    const detail = (await get('supervisor', `/api/v1/revisions/${s.json().id}`)).json();
    const fields = detail.items.find((i: { key: string }) => i.key === red.id).fields as { field: string; label: string }[];
    // the bureau reads 红码 → 绿码 (the label), not the code, and no record ids
    expect(fields.map((f) => f.field)).toContain('statusLabel');
    expect(fields.map((f) => f.field)).not.toContain('status');
    expect(fields.some((f) => /Id$|^id$/.test(f.field))).toBe(false);
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${s.json().id}/confirm`, {})).statusCode).toBe(200);
    const after = (await get('disclosure_clerk', `/api/v1/officers/${red.id}`)).json();
    expect(after.officer.canEnforceToday).toBe(true);
  });

  it('nobody confirms a change to their own record', async () => {
    const ids = await demoAgencyIds(t);
    const supervisor = await t.ctx.db
      .selectFrom('user_account')
      .select('id')
      .where('username', '=', 'supervisor')
      .executeTakeFirstOrThrow();
    // the supervisor's own officer record, kept (for this test) by the market agency's staff
    const target = await t.ctx.db
      .selectFrom('officer')
      .selectAll()
      .where('agency_id', '=', ids.market as string)
      .where('active', '=', true)
      .where('user_id', 'is', null)
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('officer').set({ user_id: supervisor.id }).where('id', '=', target.id).execute();
    const edited = await send(
      'agency_head',
      'PATCH',
      `/api/v1/officers/${target.id}`,
      { post: '岗位调整', reason: '岗位调整' },
      target.version,
    );
    if (edited.statusCode !== 200) return expect.fail(edited.body);
    const s = await send('disclosure_clerk', 'POST', `/api/v1/agencies/${target.agency_id}/officers/submit`, {
      note: '岗位调整',
      publicNote: '岗位调整',
    });
    expect(s.statusCode, s.body).toBe(200);
    const refused = expectError(await send('supervisor', 'POST', `/api/v1/revisions/${s.json().id}/confirm`, {}), 409, 'CONFLICT');
    expect(refused.message).toContain('本人');
  });
});
