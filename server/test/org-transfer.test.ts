import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDistrict } from '../src/demo/data';
import { listCurrent } from '../src/modules/disclosure';
import { insertAccount } from '../src/platform/auth';
import { bearer, buildTestApp, demoAgencyIds, demoPassword, expectError, ifMatch, type TestApp } from './app';

// R-P02: revocation on transfer. The justice bureau moves an officer to another agency: the old
// certificate is revoked, the person leaves the old list and arrives at the new agency without a
// certificate (R-P01: not an enforcer until a new one is entered); both are pending until confirmed.
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  Object.assign(ids, await demoAgencyIds(t));
  // the receiving agency's editor, who enters the new certificate
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
  for (const u of ['officer', 'disclosure_clerk', 'supervisor', 'urban_clerk']) tokens[u] = await t.login(u);
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const transfer = (user: string, id: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/officers/${id}/transfer`, headers: as(user), payload });

/** A certified, active, green enforcer of the market agency without a user account. */
async function marketEnforcer() {
  const r = await t.ctx.db
    .selectFrom('officer')
    .select(['id', 'name', 'id_number', 'certificate_number'])
    .where('agency_id', '=', ids.market as string)
    .where('active', '=', true)
    .where('is_enforcer', '=', true)
    .where('status', '=', 'green')
    .where('user_id', 'is', null)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  return r;
}
/** the agency's clerk submits its officer changes and the justice bureau confirms that snapshot */
async function submitAndConfirm(clerk: string, agencyId: string) {
  const s = await t.app.inject({
    method: 'POST',
    url: `/api/v1/agencies/${agencyId}/officers/submit`,
    headers: as(clerk),
    payload: { note: '人员调动', publicNote: '执法人员调动' },
  });
  expect(s.statusCode, s.body).toBe(200);
  const c = await t.app.inject({ method: 'POST', url: `/api/v1/revisions/${s.json().id}/confirm`, headers: as('supervisor'), payload: {} });
  expect(c.statusCode, c.body).toBe(200);
  return c.json();
}
const published = async (agencyId: string) =>
  (await listCurrent(t.ctx.db, { listKind: 'officers', jurisdictionCode: demoDistrict, agencyId, limit: 200 })).items;

describe('officer transfer: failures first', () => {
  it('401, 403 for agency staff, 404 for unknown officer or agency, 400 for the same agency or a missing reason; nothing written', async () => {
    const o = await marketEnforcer();
    const before = await t.journalCount();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/officers/${o.id}/transfer`, payload: {} })).statusCode).toBe(401);
    expectError(await transfer('disclosure_clerk', o.id, { toAgencyId: ids.urban, reason: '工作需要' }), 403, 'FORBIDDEN');
    expectError(
      await transfer('supervisor', '00000000-0000-4000-8000-000000000000', { toAgencyId: ids.urban, reason: '工作需要' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await transfer('supervisor', o.id, { toAgencyId: '00000000-0000-4000-8000-000000000000', reason: '工作需要' }),
      404,
      'NOT_FOUND',
    );
    const same = expectError(await transfer('supervisor', o.id, { toAgencyId: ids.market, reason: '工作需要' }), 400, 'VALIDATION_FAILED');
    expect(same.message).toContain('相同');
    expectError(await transfer('supervisor', o.id, { toAgencyId: ids.urban }), 400, 'VALIDATION_FAILED');
    // 403 is journaled as a denial (auth.denied); nothing else
    const entries = await t.ctx.db.selectFrom('journal_entry').select('action').where('seq', '>=', before).execute();
    expect(entries.map((e) => e.action).filter((a) => a !== 'auth.denied')).toEqual([]);
  });
});

describe('officer transfer (R-P02)', () => {
  it('revokes the old certificate, leaves the old list, arrives without certificate; public lists change on confirmation', async () => {
    const o = await marketEnforcer();
    const res = await transfer('supervisor', o.id, { toAgencyId: ids.urban, reason: '工作需要，调入城管执法队' });
    expect(res.statusCode).toBe(200);
    const { left, arrived } = res.json();
    expect(left).toMatchObject({ id: o.id, status: 'revoked', canEnforceToday: false });
    expect(left.active).toBe(false);
    expect(arrived).toMatchObject({
      agencyId: ids.urban,
      name: o.name,
      certificateNumber: null,
      isEnforcer: false,
      canEnforceToday: false,
    });
    expect(arrived.id).not.toBe(o.id);

    const history = (await t.app.inject({ url: `/api/v1/officers/${o.id}`, headers: as('supervisor') })).json().statusHistory;
    expect(history.at(-1)).toMatchObject({ fromStatus: 'green', toStatus: 'revoked' });
    expect(history.at(-1).reason).toContain('原执法证件注销');

    // pending: the public lists still show the person at the market agency
    expect((await published(ids.market as string)).some((p) => p.subjectId === o.id)).toBe(true);
    expect((await published(ids.urban as string)).some((p) => p.label === o.name && p.subjectId === arrived.id)).toBe(false);

    // each agency submits its side; the bureau confirms both
    expect(await submitAndConfirm('disclosure_clerk', ids.market as string)).toMatchObject({ counts: { removed: 1 } });
    expect((await published(ids.market as string)).some((p) => p.subjectId === o.id)).toBe(false);
    await submitAndConfirm('urban_clerk', ids.urban as string);
    expect((await published(ids.market as string)).some((p) => p.subjectId === o.id)).toBe(false);
    // no certificate yet: not on the public list of enforcement officers of the new agency either
    expect((await published(ids.urban as string)).some((p) => p.subjectId === arrived.id)).toBe(false);

    // a second transfer of the record that left is refused
    expectError(await transfer('supervisor', o.id, { toAgencyId: ids.ecology, reason: '再次调动' }), 409, 'CONFLICT');
  });

  it('the new agency enters the new certificate and the person is an enforcer again', async () => {
    const arrived = await t.ctx.db
      .selectFrom('officer')
      .select(['id', 'version'])
      .where('agency_id', '=', ids.urban as string)
      .where('certificate_number', 'is', null)
      .where('is_auxiliary', '=', false)
      .where('active', '=', true)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/officers/${arrived.id}`,
      headers: { ...as('urban_clerk'), ...ifMatch(arrived.version) },
      payload: {
        certificateNumber: 'T-TRANSFER-1',
        issuingBody: '示范省人民政府',
        validFrom: '2026-08-30',
        validUntil: '2031-02-28',
        isEnforcer: true,
        reason: '换发执法证件',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    // R-P01: the new certificate lets the person enforce once the bureau has confirmed it
    expect(res.json()).toMatchObject({ canEnforceToday: false, status: 'green', isEnforcer: true });
    await submitAndConfirm('urban_clerk', ids.urban as string);
    const after = (await t.app.inject({ url: `/api/v1/officers/${arrived.id}`, headers: as('urban_clerk') })).json();
    expect(after.officer).toMatchObject({ canEnforceToday: true, status: 'green', certificateNumber: 'T-TRANSFER-1' });
    expect((await published(ids.urban as string)).find((p) => p.subjectId === arrived.id)?.content).toMatchObject({
      certificateNumber: 'T-TRANSFER-1',
    });
  });
});
