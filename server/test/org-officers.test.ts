import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDistrict } from '../src/demo/data';
import { listCurrent } from '../src/modules/disclosure';
import { assertEligibleEnforcer, idNumberCheckChar } from '../src/modules/org';
import { insertAccount } from '../src/platform/auth';
import { bearer, buildTestApp, demoAgencyIds, demoPassword, expectError, ifMatch, type TestApp } from './app';
import { idNumberShape, mobileShape, withoutRecordIds } from './personal-data';

let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  Object.assign(ids, await demoAgencyIds(t));
  // an editor of another agency, to check that scope holds between agencies
  await t.ctx.db.transaction().execute((trx) =>
    insertAccount(trx, t.ctx, null, {
      username: 'urban_clerk',
      displayName: '钱程',
      agencyId: ids.urban,
      jurisdictionCode: demoDistrict,
      roles: ['disclosure_clerk'],
      password: demoPassword,
      mustChangePassword: false,
    }),
  );
  for (const u of ['sysadmin', 'officer', 'auxiliary', 'agency_head', 'disclosure_clerk', 'reviewer', 'supervisor', 'urban_clerk'])
    tokens[u] = await t.login(u);
});
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const idNumber = (first17: string) => `${first17}${idNumberCheckChar(first17)}`;
const newOfficer = (patch: Record<string, unknown> = {}) => ({
  agencyId: ids.market,
  name: '测试员甲',
  idNumber: idNumber('99010219900101123'),
  post: '科员',
  domains: ['食品安全'],
  certificateNumber: 'T-0000001',
  issuingBody: '示范省人民政府',
  validFrom: '2025-01-01',
  validUntil: '2029-12-31',
  isEnforcer: true,
  ...patch,
});
const post = (user: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: as(user), payload });
/** the officer's current version, as the If-Match header of an edit */
const current = async (id: string) =>
  ifMatch((await t.ctx.db.selectFrom('officer').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
/** an edit of an officer (PATCH or status change) sent with the record's current version */
const edit = async (user: string, method: 'PATCH' | 'POST', url: string, id: string, payload: object) =>
  t.app.inject({ method, url, headers: { ...as(user), ...(await current(id)) }, payload });
const patchOfficer = (user: string, id: string, payload: object) => edit(user, 'PATCH', `/api/v1/officers/${id}`, id, payload);
const setStatus = (user: string, id: string, payload: object) => edit(user, 'POST', `/api/v1/officers/${id}/status`, id, payload);
const submitBody = { note: '请司法局确认', publicNote: '执法人员信息更新' };
/** the market agency's clerk submits its officer changes; answers the snapshot's id */
async function submitMarket(user = 'disclosure_clerk') {
  const res = await post(user, `/api/v1/agencies/${ids.market}/officers/submit`, submitBody);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ status: 'submitted', listKind: 'officers', listKey: `officers:${ids.market}` });
  return res.json().id as string;
}
const confirmRevision = (id: string) => post('supervisor', `/api/v1/revisions/${id}/confirm`, {});
const officerIdOf = async (name: string) =>
  (await t.ctx.db.selectFrom('officer').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const publishedOfficers = async () => {
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await listCurrent(t.ctx.db, { listKind: 'officers', jurisdictionCode: demoDistrict, limit: 200, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
};

describe('officers: failures first', () => {
  it('401 without a session', async () => {
    expectError(await t.app.inject({ url: '/api/v1/officers' }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ url: '/api/v1/org/ratios' }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ url: '/api/v1/org/alerts' }), 401, 'UNAUTHENTICATED');
  });

  it('400 for a wrong ID check digit (GB 11643), an auxiliary as enforcer (R-P01), an enforcer without certificate; nothing written', async () => {
    const before = await t.journalCount();
    const id = expectError(
      await post(
        'disclosure_clerk',
        '/api/v1/officers',
        newOfficer({ idNumber: `99010219900101123${idNumberCheckChar('99010219900101123') === '0' ? '1' : '0'}` }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(id.details).toMatchObject({ fields: [{ field: 'idNumber', message: expect.stringContaining('校验码错误') }] });
    const aux = expectError(
      await post('disclosure_clerk', '/api/v1/officers', newOfficer({ isAuxiliary: true })),
      400,
      'VALIDATION_FAILED',
    );
    expect(aux.message).toBe('执法辅助人员不能作为执法人员');
    expect(aux.details).toMatchObject({ fields: [{ field: 'isEnforcer' }] });
    const noCert = expectError(
      await post('disclosure_clerk', '/api/v1/officers', newOfficer({ certificateNumber: null })),
      400,
      'VALIDATION_FAILED',
    );
    expect(noCert.details).toMatchObject({ fields: [{ field: 'certificateNumber' }] });
    const unknown = expectError(
      await post('disclosure_clerk', '/api/v1/officers', newOfficer({ phone: '13800000000' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.details).toMatchObject({ fields: [{ field: 'phone' }] });
    const training = expectError(
      await post('disclosure_clerk', `/api/v1/officers/${await officerIdOf('张伟')}/training`, {
        date: '2026-08-30',
        hours: 0,
        kind: 'legal',
        topic: '行政处罚法',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(training.details).toMatchObject({ fields: [{ field: 'hours' }] });
    expect(await t.journalCount()).toBe(before);
  });

  it('400 naming the field for a mobile or an ID number in a text field; nothing written', async () => {
    const id = await officerIdOf('张伟');
    const before = await t.journalCount();
    const mobile = expectError(
      await patchOfficer('disclosure_clerk', id, { post: '科员 13912345678', reason: '岗位调整' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(mobile.details).toMatchObject({ fields: [{ field: 'post' }] });
    expect(mobile.message).toContain('手机');
    const created = expectError(
      await post('disclosure_clerk', '/api/v1/officers', newOfficer({ post: '身份证 110105199003071239' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(created.details).toMatchObject({ fields: [{ field: 'post' }] });
    expect(await t.journalCount()).toBe(before);
  });

  it('403 when the role lacks the action', async () => {
    expectError(await t.app.inject({ url: '/api/v1/officers', headers: as('sysadmin') }), 403, 'FORBIDDEN');
    expectError(await post('officer', '/api/v1/officers', newOfficer()), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ url: '/api/v1/org/ratios', headers: as('agency_head') }), 403, 'FORBIDDEN');
    // only the justice bureau confirms or returns a submission; an officer does not submit the list
    expectError(await post('agency_head', '/api/v1/revisions/any-submission/confirm', {}), 403, 'FORBIDDEN');
    expectError(await post('disclosure_clerk', '/api/v1/revisions/any-submission/return', { reason: '自己退回' }), 403, 'FORBIDDEN');
    expectError(await post('officer', `/api/v1/agencies/${ids.market}/officers/submit`, submitBody), 403, 'FORBIDDEN');
    // another agency's clerk does not submit this agency's list: it is outside their scope (404, ADR 0007)
    expectError(await post('urban_clerk', `/api/v1/agencies/${ids.market}/officers/submit`, submitBody), 404, 'NOT_FOUND');
    // the justice bureau confirms other agencies' lists but does not write them
    expectError(await post('supervisor', '/api/v1/officers', newOfficer()), 403, 'FORBIDDEN');
  });

  it('404 for another agency’s officer or agency, and for unknown ids', async () => {
    const urbanOfficer = await t.ctx.db
      .selectFrom('officer')
      .select('id')
      .where('agency_id', '=', ids.urban as string)
      .executeTakeFirstOrThrow();
    expectError(await t.app.inject({ url: `/api/v1/officers/${urbanOfficer.id}`, headers: as('disclosure_clerk') }), 404, 'NOT_FOUND');
    expectError(await patchOfficer('disclosure_clerk', urbanOfficer.id, { post: '科长', reason: '职务调整' }), 404, 'NOT_FOUND');
    expectError(await setStatus('disclosure_clerk', urbanOfficer.id, { status: 'red', reason: '越权测试' }), 404, 'NOT_FOUND');
    expectError(await post('urban_clerk', '/api/v1/officers', newOfficer()), 404, 'NOT_FOUND');
    expectError(
      await t.app.inject({ url: '/api/v1/officers/00000000-0000-4000-8000-000000000000', headers: as('supervisor') }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await post('supervisor', '/api/v1/agencies/00000000-0000-4000-8000-000000000000/officers/submit', submitBody),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.app.inject({
        url: '/api/v1/agencies/00000000-0000-4000-8000-000000000000/officers/revision-status',
        headers: as('supervisor'),
      }),
      404,
      'NOT_FOUND',
    );
    expectError(await confirmRevision('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });
});

describe('officers: the demo (R-P04)', () => {
  it('every demo agency has 10–40 officers and at least one reviewer; the market agency is below 5% (R-L06)', async () => {
    const rows = await t.ctx.db
      .selectFrom('officer')
      .select(['agency_id', 'is_reviewer', 'is_enforcer', 'status', 'valid_until'])
      .execute();
    for (const key of Object.keys(ids)) {
      const mine = rows.filter((r) => r.agency_id === ids[key]);
      expect(mine.length, key).toBeGreaterThanOrEqual(10);
      expect(mine.length, key).toBeLessThanOrEqual(40);
      expect(
        mine.some((r) => r.is_reviewer),
        key,
      ).toBe(true);
    }
    for (const s of ['green', 'yellow', 'red', 'revoked'])
      expect(
        rows.some((r) => r.status === s),
        s,
      ).toBe(true);
    const published = await publishedOfficers();
    expect(new Set(published.map((p) => p.agencyId)).size).toBe(6);
  });

  it('lists only the caller’s own agency; the justice bureau sees every agency; cursor paging is stable', async () => {
    const own = await t.app.inject({ url: '/api/v1/officers?limit=200', headers: as('officer') });
    const items = own.json().items as { agencyId: string }[];
    expect(items.length).toBe(40);
    expect(items.every((o) => o.agencyId === ids.market)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/officers?limit=7&agencyId=${ids.urban}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ url, headers: as('supervisor') })).json();
      seen.push(...page.items.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    const urbanActive = await t.ctx.db
      .selectFrom('officer')
      .select('id')
      .where('agency_id', '=', ids.urban as string)
      .where('active', '=', true)
      .execute();
    expect(seen.sort()).toEqual(urbanActive.map((r) => r.id).sort());
    const red = (await t.app.inject({ url: '/api/v1/officers?status=red&limit=200', headers: as('supervisor') })).json().items;
    expect(red.length).toBeGreaterThan(0);
    expect(red.every((o: { status: string; canEnforceToday: boolean }) => o.status === 'red' && !o.canEnforceToday)).toBe(true);
    const q = (await t.app.inject({ url: `/api/v1/officers?q=${encodeURIComponent('张伟')}`, headers: as('officer') })).json().items;
    expect(q.map((o: { name: string }) => o.name)).toContain('张伟');
    expectError(await t.app.inject({ url: '/api/v1/officers?cursor=garbage', headers: as('officer') }), 400, 'VALIDATION_FAILED');
  });

  it('R-D02: ID numbers in full only for the agency’s editors and the justice bureau; masked for the others', async () => {
    const id = await officerIdOf('张伟');
    const full = await t.ctx.db.selectFrom('officer').select('id_number').where('id', '=', id).executeTakeFirstOrThrow();
    for (const user of ['disclosure_clerk', 'agency_head', 'reviewer', 'supervisor']) {
      const o = (await t.app.inject({ url: `/api/v1/officers/${id}`, headers: as(user) })).json().officer;
      expect(o, user).toMatchObject({ idNumber: full.id_number, idNumberMasked: false });
    }
    for (const user of ['officer', 'auxiliary']) {
      const o = (await t.app.inject({ url: `/api/v1/officers/${id}`, headers: as(user) })).json().officer;
      expect(o.idNumber, user).toBe(`${full.id_number.slice(0, 4)}**********${full.id_number.slice(-4)}`);
      expect(o.idNumberMasked).toBe(true);
    }
    const list = await t.app.inject({ url: '/api/v1/officers?limit=200', headers: as('officer') });
    expect(list.body).not.toContain(full.id_number);
  });
});

describe('officers: changes are pending until the justice bureau confirms, then published (R-D02, R-D08)', () => {
  let createdId = '';
  it('a new officer is not public until confirmation; the publication has no ID number and no phone', async () => {
    const before = await t.journalCount();
    const res = await post('disclosure_clerk', '/api/v1/officers', newOfficer());
    expect(res.statusCode).toBe(201);
    createdId = res.json().id;
    // R-P01: a new officer enforces only once the bureau has confirmed them
    expect(res.json()).toMatchObject({ version: 1, canEnforceToday: false, idNumberMasked: false });
    expect(res.json().notEnforcerReason).toContain('确认');
    expect(res.json().pendingSince).toBeTruthy();
    expect(await t.journalCount()).toBe(before + 1);
    const entry = await t.ctx.db.selectFrom('journal_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(JSON.stringify(entry)).not.toContain(newOfficer().idNumber as string); // the journal holds the masked number
    expect((await publishedOfficers()).some((p) => p.subjectId === createdId)).toBe(false);

    const revisionId = await submitMarket();
    expect((await publishedOfficers()).some((p) => p.subjectId === createdId)).toBe(false);
    const confirm = await confirmRevision(revisionId);
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json()).toMatchObject({
      status: 'confirmed',
      listKey: `officers:${ids.market}`,
      counts: { added: 1, changed: 0, removed: 0 },
    });
    const confirmed = (await t.app.inject({ url: `/api/v1/officers/${createdId}`, headers: as('disclosure_clerk') })).json();
    expect(confirmed.officer).toMatchObject({ canEnforceToday: true, pendingSince: null });
    const entryNow = (await publishedOfficers()).find((p) => p.subjectId === createdId);
    expect(entryNow?.content).toEqual({
      name: '测试员甲',
      agencyId: ids.market,
      agencyName: '示范市示范区市场监督管理局',
      certificateNumber: 'T-0000001',
      issuingBody: '示范省人民政府',
      domains: ['食品安全'],
      status: 'green',
      statusLabel: '绿码（正常）',
      validUntil: '2029-12-31',
    });
    // nothing left to submit; the decided snapshot cannot be confirmed again
    expectError(await post('disclosure_clerk', `/api/v1/agencies/${ids.market}/officers/submit`, submitBody), 409, 'CONFLICT');
    expectError(await confirmRevision(revisionId), 409, 'CONFLICT');
  });

  it('acceptance: no published officer carries an ID number, a phone, or an auxiliary', async () => {
    const published = await publishedOfficers();
    expect(published.length).toBeGreaterThan(100);
    const text = withoutRecordIds(JSON.stringify(published));
    const idNumbers = (await t.ctx.db.selectFrom('officer').select('id_number').execute()).map((r) => r.id_number);
    for (const n of idNumbers) expect(text).not.toContain(n);
    expect(text).not.toMatch(idNumberShape);
    expect(text).not.toMatch(mobileShape);
    const publicKeys = [
      'agencyId',
      'agencyName',
      'certificateNumber',
      'domains',
      'issuingBody',
      'name',
      'status',
      'statusLabel',
      'validUntil',
    ];
    // the offending entries themselves, so a failure shows what was published
    const odd = published.filter(
      (p) =>
        Object.keys(p.content ?? {})
          .sort()
          .join() !== [...publicKeys].sort().join(),
    );
    expect(odd).toEqual([]);
    const auxNames = (await t.ctx.db.selectFrom('officer').select('id').where('is_auxiliary', '=', true).execute()).map((r) => r.id);
    expect(published.some((p) => auxNames.includes(p.subjectId))).toBe(false);
  });

  it('status changes keep a history with reasons; a failed annual review turns the certificate red; revoked is final (R-P02)', async () => {
    const yellow = await setStatus('disclosure_clerk', createdId, {
      status: 'yellow',
      reason: '案卷评查发现文书不规范',
    });
    expect(yellow.json()).toMatchObject({ status: 'yellow', statusReason: '案卷评查发现文书不规范', canEnforceToday: true });
    const review = await post('supervisor', `/api/v1/officers/${createdId}/annual-reviews`, {
      year: 2025,
      result: 'fail',
      note: '考试未通过',
    });
    expect(review.statusCode).toBe(201);
    expect(review.json()).toMatchObject({
      status: 'red',
      canEnforceToday: false,
      notEnforcerReason: '测试员甲的执法证件为红码，暂停执法资格',
    });
    const revoke = await setStatus('supervisor', createdId, { status: 'revoked', reason: '调离执法岗位' });
    expect(revoke.json().status).toBe('revoked');
    expectError(await setStatus('supervisor', createdId, { status: 'green', reason: '恢复' }), 409, 'CONFLICT');
    const detail = (await t.app.inject({ url: `/api/v1/officers/${createdId}`, headers: as('disclosure_clerk') })).json();
    expect(
      detail.statusHistory.map((h: { fromStatus: string | null; toStatus: string; reason: string }) => [
        h.fromStatus,
        h.toStatus,
        h.reason,
      ]),
    ).toEqual([
      [null, 'green', '新增人员'],
      ['green', 'yellow', '案卷评查发现文书不规范'],
      ['yellow', 'red', '2025 年度考核不合格'],
      ['red', 'revoked', '调离执法岗位'],
    ]);
    expect(detail.annualReviews).toMatchObject([{ year: 2025, result: 'fail', note: '考试未通过' }]);
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1]);
    // the history cannot be rewritten, even with direct SQL
    await expect(t.ctx.db.deleteFrom('officer_status_change').where('officer_id', '=', createdId).execute()).rejects.toThrow(
      /历史记录不能修改或删除/,
    );
    // the public sees the revocation after confirmation
    expect((await publishedOfficers()).find((p) => p.subjectId === createdId)?.content).toMatchObject({ status: 'green' });
    expect((await confirmRevision(await submitMarket())).statusCode).toBe(200);
    expect((await publishedOfficers()).find((p) => p.subjectId === createdId)?.content).toMatchObject({
      status: 'revoked',
      statusLabel: '已注销',
    });
  });

  it('an officer who leaves is removed from the public list once confirmed', async () => {
    const leaver = (await t.app.inject({ url: '/api/v1/officers?limit=200&status=green', headers: as('disclosure_clerk') }))
      .json()
      .items.find((o: { isEnforcer: boolean; userId: string | null }) => o.isEnforcer && !o.userId);
    const res = await patchOfficer('disclosure_clerk', leaver.id, { active: false, reason: '调往市局工作' });
    // a restriction applies at once, before any confirmation (R-P01)
    expect(res.json()).toMatchObject({ active: false, canEnforceToday: false });
    expectError(await patchOfficer('disclosure_clerk', leaver.id, { active: false, reason: '重复提交' }), 400, 'VALIDATION_FAILED');
    expect((await publishedOfficers()).some((p) => p.subjectId === leaver.id)).toBe(true);
    const confirm = await confirmRevision(await submitMarket());
    expect(confirm.json()).toMatchObject({ status: 'confirmed', counts: { added: 0, changed: 0, removed: 1 } });
    expect((await publishedOfficers()).some((p) => p.subjectId === leaver.id)).toBe(false);
  });
});

describe('R-P01: who may be chosen as enforcer', () => {
  const today = '2026-08-31';
  it('refuses auxiliaries, red, revoked and expired certificates with a Chinese reason', async () => {
    const aux = await officerIdOf('李娜'); // the demo auxiliary account
    await expect(assertEligibleEnforcer(t.ctx.db, aux, today)).rejects.toThrow('李娜是执法辅助人员，不能作为执法人员');
    const ok = await officerIdOf('张伟');
    await expect(assertEligibleEnforcer(t.ctx.db, ok, today)).resolves.toBeUndefined();
    const until = (await t.ctx.db.selectFrom('officer').select('valid_until').where('id', '=', ok).executeTakeFirstOrThrow())
      .valid_until as string;
    const day = new Date(`${until}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1);
    await expect(assertEligibleEnforcer(t.ctx.db, ok, day.toISOString().slice(0, 10))).rejects.toThrow(`张伟的执法证件已于 ${until} 过期`);
    const red = await t.ctx.db.selectFrom('officer').select(['id', 'name']).where('status', '=', 'red').executeTakeFirstOrThrow();
    await expect(assertEligibleEnforcer(t.ctx.db, red.id, today)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: `${red.name}的执法证件为红码，暂停执法资格`,
    });
    const revoked = await t.ctx.db.selectFrom('officer').select(['id', 'name']).where('status', '=', 'revoked').executeTakeFirstOrThrow();
    await expect(assertEligibleEnforcer(t.ctx.db, revoked.id, today)).rejects.toThrow(`${revoked.name}的执法证件已注销`);
    await expect(assertEligibleEnforcer(t.ctx.db, 'nope', today)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an auxiliary cannot be turned into an enforcer by an edit', async () => {
    const aux = await officerIdOf('李娜');
    const body = expectError(
      await patchOfficer('disclosure_clerk', aux, { isEnforcer: true, certificateNumber: 'T-0000099', reason: '改为执法人员' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(body.message).toBe('执法辅助人员不能作为执法人员');
  });
});

describe('training (R-P03)', () => {
  it('records hours and totals them per year against 30 + 30', async () => {
    const id = await officerIdOf('张伟');
    const before = (await t.app.inject({ url: `/api/v1/officers/${id}/training`, headers: as('officer') })).json();
    const add = await post('reviewer', `/api/v1/officers/${id}/training`, {
      date: '2026-08-28',
      hours: 2.5,
      kind: 'legal',
      topic: '行政处罚法专题',
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ officerId: id, hours: 2.5, kind: 'legal', date: '2026-08-28' });
    const after = (await t.app.inject({ url: `/api/v1/officers/${id}/training`, headers: as('officer') })).json();
    expect(after.items.length).toBe(before.items.length + 1);
    const y = (l: { totals: { year: number; legalHours: number }[] }) => l.totals.find((x) => x.year === 2026)?.legalHours ?? 0;
    expect(y(after)).toBe(y(before) + 2.5);
    expectError(
      await post('reviewer', `/api/v1/officers/${id}/training`, { date: '2026-09-01', hours: 2, kind: 'legal', topic: '未来的培训' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await post('officer', `/api/v1/officers/${id}/training`, { date: '2026-08-28', hours: 2, kind: 'legal', topic: '本人登记' }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('GET /org/ratios (R-L06, R-P03, expiring certificates)', () => {
  it('computes reviewers against 5% of enforcers, training shares and certificates expiring within 60 days', async () => {
    const res = await t.app.inject({ url: '/api/v1/org/ratios?year=2025', headers: as('supervisor') });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      year: 2025,
      today: '2026-08-31',
      thresholds: { reviewerShare: 0.05, professionalHours: 30, legalHours: 30, expiryWarningDays: 60 },
    });
    const db = t.ctx.db;
    for (const a of r.agencies) {
      const active = await db.selectFrom('officer').selectAll().where('agency_id', '=', a.agencyId).where('active', '=', true).execute();
      const enforcers = active.filter((o) => o.is_enforcer && !o.is_auxiliary).length;
      const reviewers = active.filter((o) => o.is_reviewer).length;
      expect(a.enforcers).toBe(enforcers);
      expect(a.reviewers).toBe(reviewers);
      expect(a.meetsReviewerRatio).toBe(reviewers / enforcers >= 0.05);
      let met = 0;
      const trainees = active.filter((o) => !o.is_auxiliary);
      for (const o of trainees) {
        const rows = await db
          .selectFrom('training_record')
          .select(['kind', 'hours'])
          .where('officer_id', '=', o.id)
          .where('date', 'like', '2025-%')
          .execute();
        const sum = (k: string) => rows.filter((x) => x.kind === k).reduce((s, x) => s + Number(x.hours), 0);
        if (sum('professional') >= 30 && sum('legal') >= 30) met += 1;
      }
      expect(a.officers).toBe(trainees.length);
      expect(a.trainingMet).toBe(met);
    }
    const market = r.agencies.find((a: { agencyId: string }) => a.agencyId === ids.market);
    expect(market).toMatchObject({ reviewers: 1, reviewersRequired: 2, meetsReviewerRatio: false });
    expect(r.agencies.filter((a: { meetsReviewerRatio: boolean }) => !a.meetsReviewerRatio)).toHaveLength(1);
    const share = r.agencies.map((a: { trainingShare: number }) => a.trainingShare);
    expect(share.every((s: number) => s > 0.5 && s <= 1)).toBe(true);
    expect(share.some((s: number) => s < 1)).toBe(true); // the demo shows officers short of 30 + 30

    const expiring = await db
      .selectFrom('officer')
      .select(['id', 'valid_until'])
      .where('active', '=', true)
      .where('is_auxiliary', '=', false)
      .where('status', '<>', 'revoked')
      .where('valid_until', '>=', '2026-08-31')
      .where('valid_until', '<=', '2026-10-30')
      .execute();
    expect(r.expiring.map((e: { officerId: string }) => e.officerId).sort()).toEqual(expiring.map((e) => e.id).sort());
    expect(expiring.length).toBeGreaterThanOrEqual(5);
    const first = r.expiring[0];
    expect(first.daysLeft).toBe(Math.round((Date.parse(first.validUntil) - Date.parse('2026-08-31')) / 86_400_000));
  });

  it('a second reviewer brings the market agency to 5%', async () => {
    const reviewer = await post(
      'agency_head',
      '/api/v1/officers',
      newOfficer({
        name: '测试审核员',
        idNumber: idNumber('99010219850505222'),
        certificateNumber: 'T-0000002',
        isEnforcer: false,
        isReviewer: true,
        hasLegalQualification: true,
      }),
    );
    expect(reviewer.statusCode).toBe(201);
    const r = (await t.app.inject({ url: '/api/v1/org/ratios', headers: as('supervisor') })).json();
    const market = r.agencies.find((a: { agencyId: string }) => a.agencyId === ids.market);
    expect(market.reviewers).toBe(2);
    expect(market.reviewers / market.enforcers).toBeGreaterThanOrEqual(0.05);
    expect(market).toMatchObject({ meetsReviewerRatio: true });
  });
});

describe('GET /org/alerts (R-D08: published within 5 working days)', () => {
  it('raises an alert only after more than 5 working days, counted on the working-day calendar', async () => {
    // the market agency has one pending change, made on Monday 2026-08-31 (the reviewer above)
    const at = async (when: string) => {
      t.clock.set(when);
      // sessions end when the clock jumps a week: sign in again
      for (const u of ['supervisor', 'disclosure_clerk', 'urban_clerk', 'officer']) tokens[u] = await t.login(u);
      return (await t.app.inject({ url: '/api/v1/org/alerts', headers: as('supervisor') })).json();
    };
    const monday = await at('2026-09-07T02:00:00Z');
    expect(monday.items, JSON.stringify(monday)).toEqual([]); // Monday next week: 5 working days
    const late = await at('2026-09-08T02:00:00Z'); // Tuesday: 6
    expect(late).toMatchObject({ today: '2026-09-08', limitWorkingDays: 5 });
    expect(late.items).toMatchObject([{ kind: 'officers', agencyId: ids.market, workingDaysPending: 6, pendingCount: 1 }]);
    expect(late.items[0].message).toContain('最迟 2026-09-07');
    // the agency's own editors see their alert; another agency's do not
    expect((await t.app.inject({ url: '/api/v1/org/alerts', headers: as('disclosure_clerk') })).json().items).toHaveLength(1);
    expect((await t.app.inject({ url: '/api/v1/org/alerts', headers: as('urban_clerk') })).json().items).toHaveLength(0);
    expectError(await t.app.inject({ url: '/api/v1/org/alerts', headers: as('officer') }), 403, 'FORBIDDEN');
    // a submission alone does not publish the change: the alert stays until the bureau confirms
    const revisionId = await submitMarket();
    expect((await t.app.inject({ url: '/api/v1/org/alerts', headers: as('supervisor') })).json().items).toHaveLength(1);
    expect((await confirmRevision(revisionId)).statusCode).toBe(200);
    expect((await at('2026-09-08T03:00:00Z')).items).toEqual([]);
  });
});
