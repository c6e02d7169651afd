import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgencies, demoDistrict } from '../src/demo/data';
import { listCurrent } from '../src/modules/disclosure';
import { bearer, buildTestApp, expectError, type TestApp } from './app';

// The justice bureau returns (退回) an agency's pending officer changes with a reason instead of
// publishing them (R-D02, R-D08): nothing is published or undone; the agency sees the reason
// until it changes an officer again; then the bureau confirms.
let t: TestApp;
const tokens: Record<string, string> = {};
let market = '';
beforeAll(async () => {
  t = await buildTestApp();
  const name = demoAgencies.find((d) => d.key === 'market')?.name as string;
  market = (await t.ctx.db.selectFrom('agency').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  for (const u of ['disclosure_clerk', 'supervisor', 'officer']) tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const url = () => `/api/v1/agencies/${market}/officers/return`;
const publishedNames = async () =>
  (await listCurrent(t.ctx.db, { listKind: 'officers', jurisdictionCode: demoDistrict, agencyId: market, limit: 200 })).items.map(
    (p) => p.label,
  );

describe('returning officer changes: failures first', () => {
  it('401, 403 for agency staff, 400 without a reason, 409 with nothing pending; nothing written', async () => {
    expect((await t.app.inject({ method: 'POST', url: url(), payload: { reason: '不符' } })).statusCode).toBe(401);
    expectError(
      await t.app.inject({ method: 'POST', url: url(), headers: as('disclosure_clerk'), payload: { reason: '不符' } }),
      403,
      'FORBIDDEN',
    );
    expectError(await t.app.inject({ method: 'POST', url: url(), headers: as('supervisor'), payload: {} }), 400, 'VALIDATION_FAILED');
    const before = await t.journalCount();
    expectError(
      await t.app.inject({ method: 'POST', url: url(), headers: as('supervisor'), payload: { reason: '请核对' } }),
      409,
      'CONFLICT',
    );
    expect(await t.journalCount()).toBe(before);
  });
});

describe('returning officer changes', () => {
  it('keeps the change unpublished, shows the reason to the agency until it acts, then the bureau confirms', async () => {
    const officer = await t.ctx.db
      .selectFrom('officer')
      .select(['id', 'name'])
      .where('agency_id', '=', market)
      .where('is_enforcer', '=', true)
      .where('active', '=', true)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const edit = (post: string, reason: string) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/officers/${officer.id}`, headers: as('disclosure_clerk'), payload: { post, reason } });
    expect((await edit('执法大队队长', '岗位调整')).statusCode).toBe(200);

    t.clock.advance(60_000);
    const returned = await t.app.inject({
      method: 'POST',
      url: url(),
      headers: as('supervisor'),
      payload: { reason: '任职文件未附，请补充后再报' },
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ reason: '任职文件未附，请补充后再报', officers: [{ id: officer.id, name: officer.name }] });

    // the agency (and any reader of the agency) sees it; the change is still pending, not published
    const seen = (await t.app.inject({ url: url(), headers: as('officer') })).json();
    expect(seen.return).toMatchObject({ reason: '任职文件未附，请补充后再报', returnedBy: expect.any(String) });
    const pending = (await t.app.inject({ url: `/api/v1/officers/${officer.id}`, headers: as('disclosure_clerk') })).json();
    expect(pending.officer.pendingSince).toBeTruthy();
    const audit = await t.ctx.db.selectFrom('journal_entry').select('action').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.action).toBe('officer_list.return');

    // the agency acts on it: the return is no longer open
    t.clock.advance(60_000);
    expect((await edit('执法大队队长（兼）', '按退回意见补正')).statusCode).toBe(200);
    expect((await t.app.inject({ url: url(), headers: as('disclosure_clerk') })).json().return).toBeNull();

    const confirmed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/agencies/${market}/officers/confirm`,
      headers: as('supervisor'),
      payload: {},
    });
    expect(confirmed.statusCode).toBe(200);
    expect(await publishedNames()).toContain(officer.name);
    expect((await t.app.inject({ url: url(), headers: as('disclosure_clerk') })).json().return).toBeNull();
  });
});

describe('returning an agency change (R-D01)', () => {
  it("the bureau returns an agency's pending version; a new version closes the return; nothing published meanwhile", async () => {
    const head = await t.login('agency_head');
    const agencyUrl = `/api/v1/agencies/${market}`;
    expectError(
      await t.app.inject({ method: 'POST', url: `${agencyUrl}/return`, headers: as('supervisor'), payload: { reason: '无待确认' } }),
      409,
      'CONFLICT',
    );
    const edit = (address: string, reason: string) =>
      t.app.inject({ method: 'PATCH', url: agencyUrl, headers: bearer(head), payload: { address, reason } });
    expect((await edit('示范市示范区政务服务中心三楼', '办公地址变更')).statusCode).toBe(200);
    expectError(
      await t.app.inject({ method: 'POST', url: `${agencyUrl}/return`, headers: bearer(head), payload: { reason: '自己退回' } }),
      403,
      'FORBIDDEN',
    );
    t.clock.advance(60_000);
    const returned = await t.app.inject({
      method: 'POST',
      url: `${agencyUrl}/return`,
      headers: as('supervisor'),
      payload: { reason: '地址须与登记证一致' },
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ reason: '地址须与登记证一致' });
    expect((await t.app.inject({ url: `${agencyUrl}/return`, headers: bearer(head) })).json().return).toMatchObject({
      reason: '地址须与登记证一致',
    });
    const directory = (await listCurrent(t.ctx.db, { listKind: 'agencies', jurisdictionCode: demoDistrict, limit: 50 })).items;
    expect(JSON.stringify(directory)).not.toContain('政务服务中心三楼');

    expect((await edit('示范市示范区人民路 1 号', '按退回意见更正')).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${agencyUrl}/return`, headers: bearer(head) })).json().return).toBeNull();
  });
});
