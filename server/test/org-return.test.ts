import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listCurrent } from '../src/modules/disclosure';
import { bearer, buildTestApp, expectError, ifMatch, type TestApp } from './app';
import { buildAccount, buildAgency, buildJurisdiction, buildOfficer, submitAndConfirm } from './factories';

// The justice bureau returns (退回) a submission of an agency's officer changes or of its
// directory entry by the snapshot's id, with a reason, instead of publishing it (R-D01, R-D02,
// R-D08; issue 6): nothing is published or undone; the agency sees the reason through
// revision-status until it submits again; the returned entries are not published by a later
// submission that does not include them.
//
// The county and its justice bureau's supervisor are shared; before each test a new market agency
// is built with its staff and two certified officers, its directory entry and officer list
// published, so every test starts from a confirmed agency with nothing pending.
const county = '990102';
let t: TestApp;
let supervisor = '';
const tokens: Record<string, string> = {};
let market = '';
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  await buildJurisdiction(t, { code: county });
  const bureau = await buildAgency(t, { jurisdictionCode: county, isSupervising: true });
  supervisor = await t.login((await buildAccount(t, 'supervisor', bureau, { displayName: '赵敏' })).username);
}, 120_000);
afterAll(() => t?.close());

beforeEach(async () => {
  const agency = await buildAgency(t, { jurisdictionCode: county });
  market = agency.id;
  tokens.supervisor = supervisor;
  for (const role of ['disclosure_clerk', 'officer', 'agency_head'] as const) {
    tokens[role] = await t.login((await buildAccount(t, role, agency)).username);
  }
  await buildOfficer(t, agency);
  await buildOfficer(t, agency);
  await submitAndConfirm(t, `/api/v1/agencies/${market}/submit`, tokens.agency_head as string, supervisor);
  await submitAndConfirm(t, `/api/v1/agencies/${market}/officers/submit`, tokens.disclosure_clerk as string, supervisor);
});

const as = (user: string) => bearer(tokens[user] as string);
const post = (user: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: as(user), payload });
const statusUrl = () => `/api/v1/agencies/${market}/officers/revision-status`;
const officerStatus = async (user: string) => (await t.app.inject({ url: statusUrl(), headers: as(user) })).json();
const submitBody = { note: '请审核人员变更', publicNote: '更新执法人员信息' };
const submitOfficers = (payload: object = submitBody) => post('disclosure_clerk', `/api/v1/agencies/${market}/officers/submit`, payload);
const returnRevision = (id: string, reason: string, user = 'supervisor') => post(user, `/api/v1/revisions/${id}/return`, { reason });
const confirmRevision = (id: string) => post('supervisor', `/api/v1/revisions/${id}/confirm`, {});
const publishedOfficers = async () =>
  (await listCurrent(t.ctx.db, { listKind: 'officers', jurisdictionCode: county, agencyId: market, limit: 200 })).items;
const publishedDomains = async (officerId: string) =>
  (await publishedOfficers()).find((p) => p.subjectId === officerId)?.content?.domains as string[] | undefined;

/** two certified market officers on the public list, by name */
async function marketOfficers() {
  return t.ctx.db
    .selectFrom('officer')
    .select(['id', 'name', 'user_id'])
    .where('agency_id', '=', market)
    .where('is_enforcer', '=', true)
    .where('is_auxiliary', '=', false)
    .where('active', '=', true)
    .where('certificate_number', 'is not', null)
    .where('user_id', 'is', null)
    .orderBy('name')
    .limit(2)
    .execute();
}
/** the clerk changes an officer's domains (public), sending the record's current version */
async function setDomains(officerId: string, domains: string[], reason: string) {
  const { version } = await t.ctx.db.selectFrom('officer').select('version').where('id', '=', officerId).executeTakeFirstOrThrow();
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/officers/${officerId}`,
    headers: { ...as('disclosure_clerk'), ...ifMatch(version) },
    payload: { domains, reason },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('returning officer changes: failures first', () => {
  it('401, 403 for agency staff, 400 without a reason, 404 for an unknown id, 409 with nothing to submit; nothing written', async () => {
    expectError(await submitOfficers(), 409, 'CONFLICT'); // nothing changed yet
    const [a] = await marketOfficers();
    if (!a) return expect.fail('no market officer');
    await setDomains(a.id, ['食品安全', '药品监管'], '执法领域调整');
    const sub = await submitOfficers();
    expect(sub.statusCode, sub.body).toBe(200);
    const id = sub.json().id as string;

    expect((await t.app.inject({ method: 'POST', url: `/api/v1/revisions/${id}/return`, payload: { reason: '不符' } })).statusCode).toBe(
      401,
    );
    expectError(await returnRevision(id, '自己退回', 'disclosure_clerk'), 403, 'FORBIDDEN');
    expectError(await returnRevision(id, '自己退回', 'agency_head'), 403, 'FORBIDDEN');
    const before = await t.journalCount();
    expectError(await post('supervisor', `/api/v1/revisions/${id}/return`, {}), 400, 'VALIDATION_FAILED');
    expectError(await returnRevision('00000000-0000-4000-8000-000000000000', '请核对'), 404, 'NOT_FOUND');
    expect(await t.journalCount()).toBe(before);
    expect(await officerStatus('disclosure_clerk')).toMatchObject({ openSubmission: { id, status: 'submitted' }, openReturn: null });

    // a newer submission supersedes it: returning the old id answers 409 and writes nothing
    await setDomains(a.id, ['食品安全'], '执法领域调整');
    const newer = await submitOfficers();
    expect(newer.statusCode, newer.body).toBe(200);
    const journal = await t.journalCount();
    expectError(await returnRevision(id, '请核对'), 409, 'CONFLICT');
    expect(await t.journalCount()).toBe(journal);
    // and a returned one cannot be returned or confirmed again
    expect((await returnRevision(newer.json().id, '准备下一项测试')).statusCode).toBe(200);
    expectError(await returnRevision(newer.json().id, '再次退回'), 409, 'CONFLICT');
    expectError(await confirmRevision(newer.json().id), 409, 'CONFLICT');
  });
});

describe('returning officer changes', () => {
  it('keeps the change unpublished, shows the reason until the agency resubmits; a later submission without it does not publish it', async () => {
    const [a, b] = await marketOfficers();
    if (!a || !b) return expect.fail('two market officers needed');
    const aBefore = await publishedDomains(a.id);
    const bBefore = await publishedDomains(b.id);
    expect(aBefore).toBeTruthy();
    await setDomains(a.id, ['食品安全', '特种设备安全'], '执法领域调整');

    t.clock.advance(60_000);
    const sub = await submitOfficers();
    expect(sub.statusCode, sub.body).toBe(200);
    const s1 = sub.json().id as string;
    const detail = (await t.app.inject({ url: `/api/v1/revisions/${s1}`, headers: as('supervisor') })).json();
    expect(detail.items.map((i: { key: string }) => i.key)).toContain(a.id);
    const returned = await returnRevision(s1, '任职文件未附，请补充后再报');
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ id: s1, status: 'returned', decisionNote: '任职文件未附，请补充后再报', decidedBy: '赵敏' });
    const audit = await t.ctx.db.selectFrom('journal_entry').select('action').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.action).toBe('revision.return');

    // the agency (and any reader of the agency) sees it; the change is still pending, not published
    for (const user of ['officer', 'disclosure_clerk']) {
      const seen = await officerStatus(user);
      expect(seen.openSubmission, user).toBeNull();
      expect(seen.openReturn, user).toMatchObject({
        revisionId: s1,
        reason: '任职文件未附，请补充后再报',
        returnedBy: '赵敏',
        returnedAt: expect.any(String),
      });
      expect(seen.openReturn.items, user).toContainEqual({ key: a.id, label: a.name });
    }
    const pending = (await t.app.inject({ url: `/api/v1/officers/${a.id}`, headers: as('disclosure_clerk') })).json();
    expect(pending.officer.pendingSince).toBeTruthy();
    expect(await publishedDomains(a.id)).toEqual(aBefore);

    // another change is submitted without the returned one: the return stays in view (its entry
    // still waits for correction), and that confirmation publishes the other officer only
    t.clock.advance(60_000);
    await setDomains(b.id, ['药品监管'], '执法领域调整');
    const s2 = await submitOfficers();
    expect(s2.statusCode, s2.body).toBe(200);
    const d2 = (await t.app.inject({ url: `/api/v1/revisions/${s2.json().id}`, headers: as('supervisor') })).json();
    expect(d2.items.map((i: { key: string }) => i.key)).toEqual([b.id]);
    expect((await officerStatus('disclosure_clerk')).openReturn?.items).toContainEqual({ key: a.id, label: a.name });
    expect((await confirmRevision(s2.json().id)).statusCode).toBe(200);
    expect(await publishedDomains(b.id)).toEqual(['药品监管']);
    expect(await publishedDomains(b.id)).not.toEqual(bBefore);
    expect(await publishedDomains(a.id)).toEqual(aBefore);

    // the agency corrects the returned change and submits it: then the bureau confirms it
    await setDomains(a.id, ['食品安全', '特种设备安全', '计量'], '按退回意见补正');
    const s3 = await submitOfficers({ note: '已按退回意见补正', publicNote: '更新执法人员信息' });
    expect(s3.statusCode, s3.body).toBe(200);
    expect((await confirmRevision(s3.json().id)).statusCode).toBe(200);
    expect(await publishedDomains(a.id)).toEqual(['食品安全', '特种设备安全', '计量']);
    const after = (await t.app.inject({ url: `/api/v1/officers/${a.id}`, headers: as('disclosure_clerk') })).json();
    expect(after.officer.pendingSince).toBeNull();
    expect(await officerStatus('disclosure_clerk')).toEqual({ openSubmission: null, openReturn: null });
  });

  it('a returned change is published when resubmitted as it was (includeReturned)', async () => {
    const [, b] = await marketOfficers();
    if (!b) return expect.fail('no market officer');
    await setDomains(b.id, ['价格监管'], '执法领域调整');
    const s1 = (await submitOfficers()).json().id as string;
    expect((await returnRevision(s1, '请核对执法领域')).statusCode).toBe(200);
    // without the tick the returned entry is not carried into a new submission
    expectError(await submitOfficers(), 409, 'CONFLICT');
    const again = await submitOfficers({ ...submitBody, includeReturned: true });
    expect(again.statusCode, again.body).toBe(200);
    expect((await confirmRevision(again.json().id)).statusCode).toBe(200);
    expect(await publishedDomains(b.id)).toEqual(['价格监管']);
  });
});

describe('returning an agency change (R-D01)', () => {
  it("the bureau returns an agency's submitted version; the agency sees why until it submits again; nothing published meanwhile", async () => {
    const agencyUrl = `/api/v1/agencies/${market}`;
    const submitAgency = () => post('agency_head', `${agencyUrl}/submit`, { note: '请审核地址变更', publicNote: '更新办公地址' });
    const agencyStatus = async () => (await t.app.inject({ url: `${agencyUrl}/revision-status`, headers: as('agency_head') })).json();
    const directory = async () => (await listCurrent(t.ctx.db, { listKind: 'agencies', jurisdictionCode: county, limit: 50 })).items;
    expectError(await submitAgency(), 409, 'CONFLICT'); // nothing to submit
    const edit = async (address: string, reason: string) => {
      const got = await t.app.inject({ url: agencyUrl, headers: as('agency_head') });
      const res = await t.app.inject({
        method: 'PATCH',
        url: agencyUrl,
        headers: { ...as('agency_head'), 'if-match': got.headers.etag as string },
        payload: { address, reason },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    await edit('示范市示范区政务服务中心三楼', '办公地址变更');
    const sub = await submitAgency();
    expect(sub.statusCode, sub.body).toBe(200);
    const id = sub.json().id as string;
    expectError(await returnRevision(id, '自己退回', 'agency_head'), 403, 'FORBIDDEN');
    t.clock.advance(60_000);
    const returned = await returnRevision(id, '地址须与登记证一致');
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', decisionNote: '地址须与登记证一致' });
    expect((await agencyStatus()).openReturn).toMatchObject({
      revisionId: id,
      reason: '地址须与登记证一致',
      items: [{ key: market }],
    });
    expect(JSON.stringify(await directory())).not.toContain('政务服务中心三楼');
    // the returned version is not carried into a new submission unless edited again
    expectError(await submitAgency(), 409, 'CONFLICT');

    await edit('示范市示范区人民路 8 号', '按退回意见更正');
    expect((await agencyStatus()).openReturn).toMatchObject({ reason: '地址须与登记证一致' }); // until it submits again
    const again = await submitAgency();
    expect(again.statusCode, again.body).toBe(200);
    expect(await agencyStatus()).toMatchObject({ openSubmission: { id: again.json().id }, openReturn: null });
    expect(JSON.stringify(await directory())).not.toContain('人民路 8 号');
    expect((await confirmRevision(again.json().id)).statusCode).toBe(200);
    const text = JSON.stringify(await directory());
    expect(text).toContain('示范市示范区人民路 8 号');
    expect(text).not.toContain('政务服务中心三楼');
  });
});
