import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCurrent } from '../src/modules/disclosure';
import { bearer, buildTestApp, expectError, ifMatch, type TestApp } from './app';
import { type BuiltAgency, buildAccount, buildAgency, buildJurisdiction, buildOfficer, submitAndConfirm } from './factories';

// R-P02: revocation on transfer. The justice bureau moves an officer to another agency: the old
// certificate is revoked, the person leaves the old list and arrives at the new agency without a
// certificate (R-P01: not an enforcer until a new one is entered); both are pending until confirmed.
//
// One county and its justice bureau (a supervisor) are shared; each test builds its own agencies,
// clerks and officer, so no test leans on another's transfer.
const county = '990102';
let t: TestApp;
let supervisor: string;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  await buildJurisdiction(t, { code: county });
  const bureau = await buildAgency(t, { jurisdictionCode: county, isSupervising: true });
  supervisor = await t.login((await buildAccount(t, 'supervisor', bureau)).username);
}, 120_000);
afterAll(() => t?.close());

const transfer = (token: string, id: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/officers/${id}/transfer`, headers: bearer(token), payload });

/** the agency's clerk submits its officer changes and the justice bureau confirms that snapshot */
const submitAndConfirmOfficers = (clerk: string, agencyId: string) =>
  submitAndConfirm(t, `/api/v1/agencies/${agencyId}/officers/submit`, clerk, supervisor, {
    note: '人员调动',
    publicNote: '执法人员调动',
  });

const published = async (agencyId: string) =>
  (await listCurrent(t.ctx.db, { listKind: 'officers', jurisdictionCode: county, agencyId, limit: 200 })).items;

/**
 * A market agency with a certified, green enforcer (no user account) on its published list, an
 * urban agency to receive them and a third one; each agency with its own disclosure clerk.
 */
async function marketWithEnforcer() {
  const market = await buildAgency(t, { jurisdictionCode: county });
  const urban = await buildAgency(t, { jurisdictionCode: county });
  const ecology = await buildAgency(t, { jurisdictionCode: county });
  const clerkOf = async (agency: BuiltAgency) => t.login((await buildAccount(t, 'disclosure_clerk', agency)).username);
  const marketClerk = await clerkOf(market);
  const urbanClerk = await clerkOf(urban);
  const o = await buildOfficer(t, market);
  expect(o).toMatchObject({ status: 'green', is_enforcer: true, active: true, user_id: null });
  await submitAndConfirmOfficers(marketClerk, market.id);
  return { market, urban, ecology, marketClerk, urbanClerk, o };
}

describe('officer transfer: failures first', () => {
  it('401, 403 for agency staff, 404 for unknown officer or agency, 400 for the same agency or a missing reason; nothing written', async () => {
    const { market, urban, marketClerk, o } = await marketWithEnforcer();
    const before = await t.journalCount();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/officers/${o.id}/transfer`, payload: {} })).statusCode).toBe(401);
    expectError(await transfer(marketClerk, o.id, { toAgencyId: urban.id, reason: '工作需要' }), 403, 'FORBIDDEN');
    expectError(
      await transfer(supervisor, '00000000-0000-4000-8000-000000000000', { toAgencyId: urban.id, reason: '工作需要' }),
      404,
      'NOT_FOUND',
    );
    expectError(
      await transfer(supervisor, o.id, { toAgencyId: '00000000-0000-4000-8000-000000000000', reason: '工作需要' }),
      404,
      'NOT_FOUND',
    );
    const same = expectError(await transfer(supervisor, o.id, { toAgencyId: market.id, reason: '工作需要' }), 400, 'VALIDATION_FAILED');
    expect(same.message).toContain('相同');
    expectError(await transfer(supervisor, o.id, { toAgencyId: urban.id }), 400, 'VALIDATION_FAILED');
    // 403 is journaled as a denial (auth.denied); nothing else
    const entries = await t.ctx.db.selectFrom('journal_entry').select('action').where('seq', '>=', before).execute();
    expect(entries.map((e) => e.action).filter((a) => a !== 'auth.denied')).toEqual([]);
  });
});

describe('officer transfer (R-P02)', () => {
  it('revokes the old certificate, leaves the old list, arrives without certificate; public lists change on confirmation', async () => {
    const { market, urban, ecology, marketClerk, urbanClerk, o } = await marketWithEnforcer();
    const res = await transfer(supervisor, o.id, { toAgencyId: urban.id, reason: '工作需要，调入城管执法队' });
    expect(res.statusCode).toBe(200);
    const { left, arrived } = res.json();
    expect(left).toMatchObject({ id: o.id, status: 'revoked', canEnforceToday: false });
    expect(left.active).toBe(false);
    expect(arrived).toMatchObject({
      agencyId: urban.id,
      name: o.name,
      certificateNumber: null,
      isEnforcer: false,
      canEnforceToday: false,
    });
    expect(arrived.id).not.toBe(o.id);

    const history = (await t.app.inject({ url: `/api/v1/officers/${o.id}`, headers: bearer(supervisor) })).json().statusHistory;
    expect(history.at(-1)).toMatchObject({ fromStatus: 'green', toStatus: 'revoked' });
    expect(history.at(-1).reason).toContain('原执法证件注销');

    // pending: the public lists still show the person at the market agency
    expect((await published(market.id)).some((p) => p.subjectId === o.id)).toBe(true);
    expect((await published(urban.id)).some((p) => p.label === o.name && p.subjectId === arrived.id)).toBe(false);

    // each agency submits its side; the bureau confirms both
    expect(await submitAndConfirmOfficers(marketClerk, market.id)).toMatchObject({ counts: { removed: 1 } });
    expect((await published(market.id)).some((p) => p.subjectId === o.id)).toBe(false);
    await submitAndConfirmOfficers(urbanClerk, urban.id);
    expect((await published(market.id)).some((p) => p.subjectId === o.id)).toBe(false);
    // no certificate yet: not on the public list of enforcement officers of the new agency either
    expect((await published(urban.id)).some((p) => p.subjectId === arrived.id)).toBe(false);

    // a second transfer of the record that left is refused
    expectError(await transfer(supervisor, o.id, { toAgencyId: ecology.id, reason: '再次调动' }), 409, 'CONFLICT');
  });

  it('the new agency enters the new certificate and the person is an enforcer again', async () => {
    // the transfer of the test above, both sides confirmed
    const { market, urban, marketClerk, urbanClerk, o } = await marketWithEnforcer();
    const moved = await transfer(supervisor, o.id, { toAgencyId: urban.id, reason: '工作需要，调入城管执法队' });
    expect(moved.statusCode, moved.body).toBe(200);
    await submitAndConfirmOfficers(marketClerk, market.id);
    await submitAndConfirmOfficers(urbanClerk, urban.id);
    const arrived = await t.ctx.db
      .selectFrom('officer')
      .select(['id', 'version'])
      .where('id', '=', moved.json().arrived.id as string)
      .where('agency_id', '=', urban.id)
      .where('certificate_number', 'is', null)
      .where('is_auxiliary', '=', false)
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/officers/${arrived.id}`,
      headers: { ...bearer(urbanClerk), ...ifMatch(arrived.version) },
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
    await submitAndConfirmOfficers(urbanClerk, urban.id);
    const after = (await t.app.inject({ url: `/api/v1/officers/${arrived.id}`, headers: bearer(urbanClerk) })).json();
    expect(after.officer).toMatchObject({ canEnforceToday: true, status: 'green', certificateNumber: 'T-TRANSFER-1' });
    expect((await published(urban.id)).find((p) => p.subjectId === arrived.id)?.content).toMatchObject({
      certificateNumber: 'T-TRANSFER-1',
    });
  });
});
