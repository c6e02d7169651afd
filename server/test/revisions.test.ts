import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionsFrom, nextState, revisionTransitions } from '../src/platform/revisions';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { type BuiltAgency, buildAccount, buildAgency, buildJurisdiction, buildOfficer, submitAndConfirm, uniq } from './factories';

// Issue 6: what the justice bureau confirms is exactly what is published (R-D03, R-D08, R-D14),
// edits carry If-Match (412/428), and an officer enforces on the confirmed version (R-P01).
//
// The county and its justice bureau's supervisor are shared; before each test a new market agency
// is built with its clerk (杨磊) and head, and five items of its own codes (`code(1)` … `code(5)`,
// unique on the platform) are published, so every test starts from a confirmed catalog.
const county = '990102';
let t: TestApp;
let bureau: BuiltAgency;
let market: BuiltAgency;
let prefix = '';
const tokens: Record<string, string> = {};

/** the item code `n` of this test's market agency, e.g. T0012-02 */
const code = (n: number) => `${prefix}-${String(n).padStart(2, '0')}`;
const itemBody = (n: number) => ({
  code: code(n),
  name: `测试执法事项${n}`,
  actCategory: 'penalty',
  legalBases: [{ law: '《中华人民共和国食品安全法》', article: '第一百二十二条', clause: '第一款', text: null }],
  reason: '测试数据',
});

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  await buildJurisdiction(t, { code: county });
  bureau = await buildAgency(t, { jurisdictionCode: county, isSupervising: true });
  tokens.supervisor = await t.login((await buildAccount(t, 'supervisor', bureau)).username);
}, 120_000);
afterAll(() => t?.close());

beforeEach(async () => {
  market = await buildAgency(t, { jurisdictionCode: county });
  prefix = `T${uniq()}`;
  tokens.disclosure_clerk = await t.login((await buildAccount(t, 'disclosure_clerk', market, { displayName: '杨磊' })).username);
  tokens.agency_head = await t.login((await buildAccount(t, 'agency_head', market)).username);
  for (const n of [1, 2, 3, 4, 5]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/items',
      headers: bearer(tokens.disclosure_clerk),
      payload: itemBody(n),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  await submitAndConfirm(t, '/api/v1/catalog/items/submit', tokens.disclosure_clerk, tokens.supervisor as string);
});

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

/** the market agency's officer changes submitted by its clerk and confirmed by the bureau */
const publishOfficers = () =>
  submitAndConfirm(t, `/api/v1/agencies/${market.id}/officers/submit`, tokens.disclosure_clerk as string, tokens.supervisor as string);

/** a certified enforcer of the market agency whose confirmed certificate is red (R-P01) */
async function redOfficer() {
  const o = await buildOfficer(t, market);
  const res = await send(
    'disclosure_clerk',
    'POST',
    `/api/v1/officers/${o.id}/status`,
    { status: 'red', reason: '年度考核不合格' },
    o.version,
  );
  expect(res.statusCode, res.body).toBe(200);
  await publishOfficers();
  return o;
}

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
  it('publishes the fourth item alone, then the second and third only once resubmitted, each seen in the diff', async () => {
    const before02 = await publicName(code(2));
    await rename(code(2), `${before02}（修订稿）`);
    await rename(code(3), '修订后的事项名称三');
    const first = await submit({});
    expect(first.statusCode, first.body).toBe(200);
    const s1 = first.json();
    expect(s1.itemCount).toBe(2);

    const queue = await get('supervisor', '/api/v1/revisions?status=submitted');
    expect((queue.json().items as { id: string }[]).map((r) => r.id)).toContain(s1.id);
    const detail = (await get('supervisor', `/api/v1/revisions/${s1.id}`)).json();
    const d02 = detail.items.find((i: { subjectId: string }) => i.subjectId === code(2));
    expect(d02.change).toBe('changed');
    expect(d02.fields).toContainEqual(
      expect.objectContaining({ field: 'name', label: '名称', before: before02, after: `${before02}（修订稿）` }),
    );

    const ret = await send('supervisor', 'POST', `/api/v1/revisions/${s1.id}/return`, { reason: '请删除身份证号后再报' });
    expect(ret.statusCode, ret.body).toBe(200);
    const list = (await get('disclosure_clerk', '/api/v1/catalog/items')).json();
    expect(list.openReturn.reason).toBe('请删除身份证号后再报');
    expect(list.openReturn.items.map((i: { label: string }) => i.label).join()).toContain(`${prefix}-0`);
    expect((await item(code(2))).state).toBe('returned');

    await rename(code(4), '只改第四项');
    const second = (await submit({})).json();
    expect(second.itemCount).toBe(1);
    // the reason stays in view while the returned entries wait, though other entries were submitted
    expect((await get('disclosure_clerk', '/api/v1/catalog/items')).json().openReturn.reason).toBe('请删除身份证号后再报');
    const d2 = (await get('supervisor', `/api/v1/revisions/${second.id}`)).json();
    expect(d2.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([code(4)]);
    // a decided snapshot cannot be confirmed by id
    expectError(await send('supervisor', 'POST', `/api/v1/revisions/${s1.id}/confirm`, {}), 409, 'CONFLICT');
    const ok = await send('supervisor', 'POST', `/api/v1/revisions/${second.id}/confirm`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await publicName(code(4))).toBe('只改第四项');
    expect(await publicName(code(2))).toBe(before02);
    expect(await publicName(code(3))).not.toBe('修订后的事项名称三');

    const third = (await submit({ includeReturned: true })).json();
    const d3 = (await get('supervisor', `/api/v1/revisions/${third.id}`)).json();
    expect(d3.items.map((i: { subjectId: string }) => i.subjectId).sort()).toEqual([code(2), code(3)]);
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${third.id}/confirm`, {})).statusCode).toBe(200);
    expect(await publicName(code(2))).toBe(`${before02}（修订稿）`);
    expect(await publicName(code(3))).toBe('修订后的事项名称三');
    expect((await get('disclosure_clerk', '/api/v1/catalog/items')).json().openReturn).toBeNull();
  });

  it('a newer submission supersedes one still waiting; confirming the old id answers 409 and publishes nothing', async () => {
    await rename(code(5), '第一次提交的名称');
    const old = (await submit({})).json();
    await rename(code(5), '第二次提交的名称');
    const latest = (await submit({})).json();
    const stale = expectError(await send('supervisor', 'POST', `/api/v1/revisions/${old.id}/confirm`, {}), 409, 'CONFLICT');
    expect(stale.message).toContain('取代');
    expect(await publicName(code(5))).not.toBe('第一次提交的名称');
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${latest.id}/confirm`, {})).statusCode).toBe(200);
    expect(await publicName(code(5))).toBe('第二次提交的名称');
  });

  it('an edit after a submission never joins it: confirmation publishes the frozen content', async () => {
    await rename(code(1), '提交时的名称');
    const s = (await submit({})).json();
    await rename(code(1), '提交后又改的名称');
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${s.id}/confirm`, {})).statusCode).toBe(200);
    expect(await publicName(code(1))).toBe('提交时的名称');
    expect((await item(code(1))).state).toBe('draft');
  });

  it('keeps the internal submission note internal and publishes the public change note', async () => {
    await rename(code(1), '公开说明测试');
    const s = (await submit({ note: '内部：请加急', publicNote: '更新事项名称' })).json();
    expect((await send('supervisor', 'POST', `/api/v1/revisions/${s.id}/confirm`, {})).statusCode).toBe(200);
    const versions = await t.app.inject({ url: `/portal/items?agency=${market.id}` });
    const history = await t.ctx.db
      .selectFrom('publication_list_version')
      .select('reason')
      .where('list_key', '=', `items:${market.id}`)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    expect(history.reason).toBe('更新事项名称');
    expect(versions.body).not.toContain('内部：请加急');
  });
});

describe('personal data in the notes around a change (R-D13)', () => {
  it('refuses a mobile number in the public change note and an ID number in a change reason, naming the field', async () => {
    await rename(code(3), '备注测试名称');
    const journal = await t.journalCount();
    const note = expectError(await submit({ publicNote: '联系人电话 13912345678' }), 400, 'VALIDATION_FAILED');
    expect(note.message).toContain('公开的变更说明');
    const e = await item(code(3));
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
    const e = await item(code(2));
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
    const body = { ...(await item(code(2))).data, code: code(99), name: '双击新增', reason: '新增' };
    const [a, b] = await Promise.all([
      send('disclosure_clerk', 'POST', '/api/v1/catalog/items', body),
      send('disclosure_clerk', 'POST', '/api/v1/catalog/items', body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const all = (await get('disclosure_clerk', '/api/v1/catalog/items')).json().items as Entry[];
    expect(all.filter((e) => e.data.code === code(99))).toHaveLength(1);
  });
});

describe('R-P01: a certificate made green waits for the bureau', () => {
  it('a clerk turning a red certificate green does not let the officer enforce until confirmed', async () => {
    await redOfficer();
    const list = (await get('disclosure_clerk', `/api/v1/officers?agencyId=${market.id}&status=red&limit=50`)).json();
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
    const s = await send('disclosure_clerk', 'POST', `/api/v1/agencies/${market.id}/officers/submit`, {
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
    // a second supervisor of the bureau, whose own officer record the market agency's staff keep (for this test)
    const supervisor = await buildAccount(t, 'supervisor', bureau);
    tokens.ownSupervisor = await t.login(supervisor.username);
    await buildOfficer(t, market);
    await publishOfficers();
    const target = await t.ctx.db
      .selectFrom('officer')
      .selectAll()
      .where('agency_id', '=', market.id)
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
    const refused = expectError(await send('ownSupervisor', 'POST', `/api/v1/revisions/${s.json().id}/confirm`, {}), 409, 'CONFLICT');
    expect(refused.message).toContain('本人');
  });
});
