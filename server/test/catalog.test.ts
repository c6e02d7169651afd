import { FormatRegistry } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataProblems } from '../src/modules/catalog/rules';
import { dataSchemas, type KindData } from '../src/modules/catalog/schema';
import { getCurrent, listCurrent, listVersions } from '../src/modules/disclosure';
import { bearer, buildTestApp, expectError, type TestApp } from './app';

// Issue 3 §3–4: the enforcement catalog, its versions, the justice bureau's confirmation and
// publication (R-D03..R-D08, R-L02, R-C04).
let t: TestApp;
const tokens: Record<string, string> = {};
const api = '/api/v1/catalog';

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of ['officer', 'reviewer', 'agency_head', 'disclosure_clerk', 'supervisor', 'sysadmin', 'legal_adviser'])
    tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: as(user) });
/** PUT and DELETE of an entry carry If-Match with the version the caller loaded (issue 6 §3). */
const send = (user: string, method: 'POST' | 'PUT' | 'DELETE', url: string, payload: unknown, ifMatch?: number) =>
  t.app.inject({
    method,
    url,
    headers: { ...as(user), ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }) },
    payload: payload as object,
  });
const revisions = '/api/v1/revisions';
const submitBody = (note: string) => ({ note, publicNote: note });

async function agencyId(key: 'market' | 'urban' | 'justice') {
  const names = { market: '示范市示范区市场监督管理局', urban: '示范市示范区综合行政执法局', justice: '示范市示范区司法局' };
  const r = await t.ctx.db.selectFrom('agency').select('id').where('name', '=', names[key]).executeTakeFirstOrThrow();
  return r.id;
}

interface Entry {
  id: string;
  revision: number;
  published: boolean;
  data: Record<string, unknown> & { code: string; name: string };
}
async function marketItem(code: string): Promise<Entry> {
  const res = await get('agency_head', `${api}/items`);
  return (res.json().items as Entry[]).find((e) => e.data.code === code) as Entry;
}
const withoutMeta = ({ id: _i, revision: _r, published: _p, ...rest }: Entry) => rest;
const bodyOf = (e: Entry, changes: Record<string, unknown>, reason: string) => ({ ...e.data, ...changes, reason });

describe('failures first', () => {
  it('401 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${api}/items` });
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('400 for an unknown field, a missing reason, a bad act category; nothing written', async () => {
    const before = await t.journalCount();
    const item = await marketItem('MKT-01');
    expectError(
      await send('agency_head', 'POST', `${api}/items`, { ...item.data, code: 'NEW-1', idNumber: 'x', reason: '新增事项' }),
      400,
      'VALIDATION_FAILED',
    );
    const noReason = expectError(
      await send('agency_head', 'POST', `${api}/items`, { ...item.data, code: 'NEW-1' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(noReason.details)).toContain('reason');
    expectError(
      await send('agency_head', 'POST', `${api}/items`, { ...item.data, code: 'NEW-1', actCategory: '处罚', reason: '新增事项' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await t.journalCount()).toBe(before);
  });

  it('400 when a discretion level has its minimum above its maximum (R-D07), naming the field', async () => {
    const res = await get('agency_head', `${api}/discretion-standards`);
    const ds = (res.json().items as Entry[])[0] as Entry;
    const levels = [
      {
        level: '一般',
        conditions: '首次',
        penalty: '罚款',
        fineMin: 70_000,
        fineMax: 50_000,
        gainsMultipleMin: null,
        gainsMultipleMax: null,
      },
    ];
    const err = expectError(
      await send('agency_head', 'PUT', `${api}/discretion-standards/${ds.id}`, { ...ds.data, levels, reason: '调整' }, ds.revision),
      400,
      'VALIDATION_FAILED',
    );
    expect((err.details as { fields: unknown }).fields).toEqual([{ field: 'levels.0.fineMin', message: '下限 70000 大于上限 50000' }]);
  });

  it('403 when the role lacks the action', async () => {
    const item = await marketItem('MKT-02');
    expectError(await send('officer', 'PUT', `${api}/items/${item.id}`, bodyOf(item, {}, '修改'), item.revision), 403, 'FORBIDDEN');
    expectError(await get('sysadmin', `${api}/items`), 403, 'FORBIDDEN');
    expectError(await send('agency_head', 'POST', `${revisions}/anything/confirm`, {}), 403, 'FORBIDDEN');
    // the justice bureau reads every agency but does not edit another agency's list
    expectError(await send('supervisor', 'PUT', `${api}/items/${item.id}`, bodyOf(item, {}, '修改'), item.revision), 403, 'FORBIDDEN');
  });

  it('404 outside the scope: another agency’s list and entries, unknown revisions', async () => {
    const urban = await agencyId('urban');
    expectError(await get('agency_head', `${api}/items?agencyId=${urban}`), 404, 'NOT_FOUND');
    const urbanItems = (await get('supervisor', `${api}/items?agencyId=${urban}`)).json().items as Entry[];
    const target = urbanItems[0] as Entry;
    expectError(
      await send('agency_head', 'PUT', `${api}/items/${target.id}`, bodyOf(target, {}, '越权修改'), target.revision),
      404,
      'NOT_FOUND',
    );
    expectError(await get('agency_head', `${api}/items/${target.id}/history`), 404, 'NOT_FOUND');
    expectError(await send('supervisor', 'POST', `${revisions}/00000000-0000-4000-8000-000000000000/confirm`, {}), 404, 'NOT_FOUND');
  });

  it('409 for a code already used in the list, or by another agency (item codes are public addresses)', async () => {
    const item = await marketItem('MKT-03');
    expectError(await send('agency_head', 'POST', `${api}/items`, { ...item.data, reason: '重复' }), 409, 'CONFLICT');
    const err = expectError(
      await send('agency_head', 'POST', `${api}/items`, { ...item.data, code: 'URB-01', reason: '重复' }),
      409,
      'CONFLICT',
    );
    expect(err.message).toContain('示范市示范区综合行政执法局');
  });
});

describe('demo catalog (issue 3 §9)', () => {
  it('every demo entry passes the same checks as an edit through the API', async () => {
    if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
    const rows = await t.ctx.db.selectFrom('catalog_entry_revision').select(['list_kind', 'code', 'data']).execute();
    expect(rows.length).toBeGreaterThan(60);
    for (const r of rows) {
      const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as KindData[typeof r.list_kind];
      expect(
        [...TypeCompiler.Compile(dataSchemas[r.list_kind]).Errors(data)].map((e) => e.path),
        r.code,
      ).toEqual([]);
      expect(dataProblems(r.list_kind, data), r.code).toEqual([]);
    }
  });

  it('publishes 25 items across five agencies, with legal bases and flowcharts', async () => {
    const page = await listCurrent(t.ctx.db, { listKind: 'items', limit: 100 });
    expect(page.items).toHaveLength(25);
    expect(new Set(page.items.map((i) => i.agencyId)).size).toBe(5);
    const mkt = await getCurrent(t.ctx.db, 'items', 'MKT-01');
    expect(mkt?.content).toMatchObject({
      actCategoryLabel: '行政处罚',
      legalBases: [{ law: '《中华人民共和国食品安全法》', article: '第一百二十二条', clause: '第一款' }],
    });
    expect((mkt?.content.flowchart as unknown[]).length).toBeGreaterThan(3);
  });

  it('has discretion standards for at least 10 penalty items, a review catalog, an AV list, three lists, inspection items', async () => {
    const count = async (listKind: string) => (await listCurrent(t.ctx.db, { listKind, limit: 200 })).items.length;
    expect(await count('discretion_standards')).toBeGreaterThanOrEqual(10);
    expect(await count('review_catalog')).toBeGreaterThanOrEqual(5);
    expect(await count('three_lists')).toBeGreaterThanOrEqual(3);
    expect(await count('inspection_items')).toBeGreaterThanOrEqual(3);
    // R-C04: 查封扣押 full process, 留置送达 key moments
    const av = (await listCurrent(t.ctx.db, { listKind: 'av_duties', limit: 50 })).items.map((e) => e.content);
    expect(av).toContainEqual(expect.objectContaining({ step: '查封扣押财产', duty: 'full_process', agencyId: null }));
    expect(av).toContainEqual(expect.objectContaining({ step: '留置送达', duty: 'key_moments' }));
  });
});

describe('versions and confirmation (R-D03, R-D08)', () => {
  it('a change is a new version; the portal keeps the old one until the justice bureau confirms', async () => {
    const item = await marketItem('MKT-05');
    const before = await t.journalCount();
    const res = await send(
      'disclosure_clerk',
      'PUT',
      `${api}/items/${item.id}`,
      bodyOf(item, { name: '广告使用“国家级”“最高级”“最佳”等绝对化用语' }, '规范事项名称'),
      item.revision,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ revision: 2, published: false, reason: '规范事项名称', changedBy: '杨磊' });
    expect(await t.journalCount()).toBe(before + 1);

    // R-D03: not public yet
    expect((await getCurrent(t.ctx.db, 'items', 'MKT-05'))?.label).toBe('MKT-05 广告使用“国家级”“最高级”“最佳”等用语');
    const history = (await get('reviewer', `${api}/items/${item.id}/history`)).json().items as Entry[];
    expect(history.map((h) => [h.revision, h.published])).toEqual([
      [1, true],
      [2, false],
    ]);

    const sub = await send('agency_head', 'POST', `${api}/items/submit`, submitBody('规范广告类事项名称'));
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', itemCount: 1, counts: { changed: 1 }, submittedBy: '陈静' });
    // the stale version is refused; nothing is submitted twice
    expectError(
      await send('disclosure_clerk', 'PUT', `${api}/items/${item.id}`, bodyOf(item, {}, '再改'), item.revision),
      412,
      'PRECONDITION_FAILED',
    );

    const queue = (await get('supervisor', `${revisions}?status=submitted`)).json().items as { id: string; title: string }[];
    expect(queue.map((q) => q.title)).toEqual(['示范市示范区市场监督管理局行政执法事项清单']);
    const detail = (await get('supervisor', `${revisions}/${queue[0]?.id}`)).json();
    expect(detail.items).toMatchObject([{ subjectId: 'MKT-05', version: 2, change: 'changed' }]);

    const ok = await send('supervisor', 'POST', `${revisions}/${queue[0]?.id}/confirm`, { note: '同意' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'confirmed', decidedBy: '赵敏', publishedVersion: 2 });

    const now = await getCurrent(t.ctx.db, 'items', 'MKT-05');
    expect(now?.content).toMatchObject({ name: '广告使用“国家级”“最高级”“最佳”等绝对化用语', version: 2 });
    const market = await agencyId('market');
    const versions = await listVersions(t.ctx.db, { listKey: `items:${market}` });
    expect(versions[0]).toMatchObject({ version: 2, reason: '规范广告类事项名称', confirmed: true });
    expect(versions[0]?.changes.changed).toEqual([{ subjectId: 'MKT-05', label: 'MKT-05 广告使用“国家级”“最高级”“最佳”等绝对化用语' }]);
    expect((await marketItem('MKT-05')).published).toBe(true);
  });

  it('the justice bureau returns a submission; the agency resubmits; a removal is published as removed', async () => {
    const item = await marketItem('MKT-04');
    expect((await send('reviewer', 'DELETE', `${api}/items/${item.id}`, { reason: '并入其他事项' }, item.revision)).json()).toMatchObject({
      removed: true,
      revision: 2,
    });
    const sub = (await send('reviewer', 'POST', `${api}/items/submit`, submitBody('删除事项'))).json();
    const ret = await send('supervisor', 'POST', `${revisions}/${sub.id}/return`, { reason: '请说明并入哪个事项' });
    expect(ret.json()).toMatchObject({ status: 'returned', decisionNote: '请说明并入哪个事项' });
    expectError(await send('supervisor', 'POST', `${revisions}/${sub.id}/confirm`, {}), 409, 'CONFLICT');
    expect(await getCurrent(t.ctx.db, 'items', 'MKT-04')).toBeDefined();
    // a returned change is not resubmitted silently: nothing else is pending
    expectError(await send('reviewer', 'POST', `${api}/items/submit`, submitBody('删除事项')), 409, 'CONFLICT');

    const again = (
      await send('reviewer', 'POST', `${api}/items/submit`, { ...submitBody('删除事项：已并入 MKT-05 管理'), includeReturned: true })
    ).json();
    expect(again).toMatchObject({ status: 'submitted', seq: sub.seq + 1, counts: { removed: 1 } });
    expect((await send('supervisor', 'POST', `${revisions}/${again.id}/confirm`, {})).statusCode).toBe(200);
    expect(await getCurrent(t.ctx.db, 'items', 'MKT-04')).toBeUndefined();
    expect((await get('agency_head', `${api}/items`)).json().items.map((e: Entry) => e.data.code)).not.toContain('MKT-04');
    expectError(await send('agency_head', 'POST', `${api}/items/submit`, submitBody('无变更')), 409, 'CONFLICT');
  });

  it('nothing recorded can be overwritten or deleted', async () => {
    await expect(t.ctx.db.updateTable('catalog_entry_revision').set({ reason: 'x' }).execute()).rejects.toThrow();
    // catalog_list_revision is history from before issue 6: nothing writes it any more
    // a frozen submission never changes, and a decided one never moves again
    await expect(t.ctx.db.updateTable('revision_item').set({ label: 'x' }).execute()).rejects.toThrow();
    await expect(t.ctx.db.deleteFrom('revision').execute()).rejects.toThrow();
    await expect(
      t.ctx.db.updateTable('revision').set({ status: 'submitted' }).where('status', '=', 'confirmed').execute(),
    ).rejects.toThrow();
  });

  it('a new entry becomes public only on confirmation, with every public field and no other', async () => {
    const res = await send('agency_head', 'POST', `${api}/inspection-items`, {
      code: 'INS-MKT-09',
      name: '产品质量监督抽查',
      basis: [{ law: '《中华人民共和国产品质量法》', article: '第四十九条', clause: null, text: null }],
      target: '辖区内生产者、销售者',
      content: '产品是否符合保障人体健康和人身、财产安全的国家标准、行业标准',
      ratio: '5%',
      method: '现场抽样',
      frequency: '每年1次',
      reason: '新增抽查事项',
    });
    expect(res.statusCode).toBe(201);
    expect(await getCurrent(t.ctx.db, 'inspection_items', 'INS-MKT-09')).toBeUndefined();
    const sub = (await send('agency_head', 'POST', `${api}/inspection-items/submit`, submitBody('新增'))).json();
    await send('supervisor', 'POST', `${revisions}/${sub.id}/confirm`, {});
    const pub = await getCurrent(t.ctx.db, 'inspection_items', 'INS-MKT-09');
    expect(Object.keys(pub?.content ?? {}).sort()).toEqual(
      ['agencyId', 'agencyName', 'basis', 'code', 'content', 'frequency', 'method', 'name', 'ratio', 'target'].sort(),
    );
  });
});

describe('POST /catalog/review-catalog/evaluate (R-L02)', () => {
  const evaluate = (user: string, decision: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    send(user, 'POST', `${api}/review-catalog/evaluate`, { decision, onDate: '2026-08-31', ...extra });

  it('400 for a malformed decision, 404 for another agency outside the scope', async () => {
    expectError(await evaluate('officer', { actCategory: 'penalty' }), 400, 'VALIDATION_FAILED');
    expectError(await evaluate('officer', { actCategory: 'penalty', partyType: 'organisation', fineAmount: -1 }), 400, 'VALIDATION_FAILED');
    const urban = await agencyId('urban');
    expectError(await evaluate('officer', { actCategory: 'penalty', partyType: 'organisation' }, { agencyId: urban }), 404, 'NOT_FOUND');
  });

  it('needs review for 责令停产停业 and for a fine above the organisation threshold; not below it', async () => {
    const stop = (
      await evaluate('officer', { actCategory: 'penalty', partyType: 'organisation', penaltyKinds: ['suspend_production'] })
    ).json();
    expect(stop).toMatchObject({ needsReview: true, matches: [{ ruleCode: 'RC-01' }] });
    expect(stop.matches[0].reason).toContain('责令停产停业');
    const high = (
      await evaluate('officer', { actCategory: 'penalty', partyType: 'organisation', penaltyKinds: ['fine'], fineAmount: 150_000 })
    ).json();
    expect(high).toMatchObject({ needsReview: true, matches: [{ ruleCode: 'RC-02' }] });
    const low = (
      await evaluate('officer', { actCategory: 'penalty', partyType: 'organisation', penaltyKinds: ['fine'], fineAmount: 50_000 })
    ).json();
    expect(low).toEqual({ needsReview: false, matches: [], onDate: '2026-08-31' });
  });

  it('the supervisor evaluates for any agency of the jurisdiction', async () => {
    const urban = await agencyId('urban');
    const res = await evaluate('supervisor', { actCategory: 'coercion', partyType: 'natural_person' }, { agencyId: urban });
    expect(res.json()).toMatchObject({ needsReview: true, matches: [{ ruleCode: 'RC-06' }] });
  });
});

describe('history is readable', () => {
  it('entries keep who and why of every version', async () => {
    const item = await marketItem('MKT-05');
    const h = (await get('officer', `${api}/items/${item.id}/history`)).json().items as (Entry & { reason: string; changedBy: string })[];
    expect(h.map((x) => [x.revision, x.reason, x.changedBy])).toEqual([
      [1, '演示数据：首次编制', '演示数据导入'],
      [2, '规范事项名称', '杨磊'],
    ]);
    expect(withoutMeta(h[1] as Entry)).toHaveProperty('data');
  });
});

describe('GET /catalog/alerts (R-D08: unpublished after 5 working days)', () => {
  it('alerts the justice bureau and the agency only once 5 working days have passed', async () => {
    const item = await marketItem('MKT-01');
    await send(
      'agency_head',
      'PUT',
      `${api}/items/${item.id}`,
      bodyOf(item, { duties: '依法实施行政处罚（修订）' }, '修订职责'),
      item.revision,
    );
    // 2026-08-31 (Mon) + 5 working days = 2026-09-07
    const at = async (instant: string) => {
      t.clock.set(instant); // sessions end at their absolute lifetime: log in again
      for (const u of ['officer', 'supervisor', 'sysadmin']) tokens[u] = await t.login(u);
    };
    await at('2026-09-07T08:00:00Z');
    expect((await get('supervisor', `${api}/alerts`)).json().items).toEqual([]);
    await at('2026-09-08T08:00:00Z');
    const alerts = (await get('supervisor', `${api}/alerts`)).json().items;
    expect(alerts).toMatchObject([
      {
        listKind: 'items',
        agencyName: '示范市示范区市场监督管理局',
        pendingSince: '2026-08-31',
        deadline: '2026-09-07',
        workingDaysOverdue: 1,
      },
    ]);
    expect(alerts[0].message).toContain('5 个工作日');
    expect((await get('officer', `${api}/alerts`)).json().items).toHaveLength(1);
    expectError(await get('sysadmin', `${api}/alerts`), 403, 'FORBIDDEN');
  });
});
