import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgDefaults } from '../src/modules/org';
import { bearer, buildTestApp, demoAgencyIds, expectError, type TestApp } from './app';

// Issue 6 §7: R-D08 is computed once (platform/calendar `publicationDeadline`), so the catalog
// alerts and the org alerts agree, and the thresholds the web shows come from the server.
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const users = ['officer', 'agency_head', 'disclosure_clerk', 'supervisor', 'sysadmin'];

beforeAll(async () => {
  t = await buildTestApp();
  Object.assign(ids, await demoAgencyIds(t));
}, 120_000);
afterAll(() => t.close());

const as = (user: string) => bearer(tokens[user] as string);
const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: as(user) });
/** Move the clock; sessions end when it jumps a week, so sign everyone in again. */
async function at(instant: string) {
  t.clock.set(instant);
  for (const u of users) tokens[u] = await t.login(u);
}
async function alerts(user = 'supervisor') {
  const catalog = (await get(user, '/api/v1/catalog/alerts')).json().items as Record<string, unknown>[];
  const org = (await get(user, '/api/v1/org/alerts')).json().items as Record<string, unknown>[];
  return { catalog, org };
}

describe('GET /org/thresholds', () => {
  it('401 without a session', async () => {
    expectError(await t.app.inject({ url: '/api/v1/org/thresholds' }), 401, 'UNAUTHENTICATED');
  });

  it('serves the numbers the server applies, to every business role', async () => {
    await at('2026-08-31T01:00:00Z');
    const expected = {
      reviewerShare: orgDefaults.reviewerShare,
      professionalHours: orgDefaults.professionalHours,
      legalHours: orgDefaults.legalHours,
      expiryWarningDays: orgDefaults.expiryWarningDays,
      publishWithinWorkingDays: orgDefaults.publishWithinWorkingDays,
    };
    expect(expected).toEqual({
      reviewerShare: 0.05,
      professionalHours: 30,
      legalHours: 30,
      expiryWarningDays: 60,
      publishWithinWorkingDays: 5,
    });
    for (const u of ['officer', 'disclosure_clerk', 'supervisor']) {
      const res = await get(u, '/api/v1/org/thresholds');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(expected);
    }
    expectError(await get('sysadmin', '/api/v1/org/thresholds'), 403, 'FORBIDDEN');
    // the same numbers as the ratios and the alerts use
    expect((await get('supervisor', '/api/v1/org/ratios')).json().thresholds).toEqual(expected);
    expect((await get('supervisor', '/api/v1/org/alerts')).json().limitWorkingDays).toBe(expected.publishWithinWorkingDays);
  });
});

describe('R-D08: the catalog and the org alerts agree (issue 6 §7)', () => {
  it('a change of Friday 2026-09-04 is due on Friday 09-11 and overdue from Saturday 09-12, in both', async () => {
    // Friday 2026-09-04, 10:00 in Shanghai: one catalog entry and one officer of the market agency change
    await at('2026-09-04T02:00:00Z');
    type Item = { id: string; revision: number; data: Record<string, unknown> & { code: string } };
    const items = (await get('agency_head', '/api/v1/catalog/items')).json().items as Item[];
    const item = items.find((e) => e.data.code === 'MKT-01') as Item;
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/catalog/items/${item.id}`,
      headers: { ...as('agency_head'), 'if-match': `"${item.revision}"` }, // edits carry the version they change
      payload: { ...item.data, duties: '依法实施行政处罚（修订）', reason: '修订职责' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const officer = await t.ctx.db
      .selectFrom('officer')
      .select('id')
      .where('agency_id', '=', ids.market as string)
      .where('active', '=', true)
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const etag = (await get('disclosure_clerk', `/api/v1/officers/${officer.id}`)).headers.etag;
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/officers/${officer.id}`,
      headers: { ...as('disclosure_clerk'), ...(typeof etag === 'string' ? { 'if-match': etag } : {}) },
      payload: { post: '科员（调整）', reason: '岗位调整' },
    });
    expect(patch.statusCode, patch.body).toBe(200);

    // Friday 09-11, 23:00 in Shanghai: the last day of the period, on time in both
    await at('2026-09-11T15:00:00Z');
    expect(await alerts()).toEqual({ catalog: [], org: [] });

    // Saturday 09-12, 00:30 in Shanghai: overdue in both, though no working day has passed
    await at('2026-09-11T16:30:00Z');
    const saturday = await alerts();
    expect(saturday.catalog).toMatchObject([
      { agencyId: ids.market, pendingSince: '2026-09-04', deadline: '2026-09-11', workingDaysOverdue: 0 },
    ]);
    expect(saturday.org).toMatchObject([
      { kind: 'officers', agencyId: ids.market, deadline: '2026-09-11', workingDaysPending: 5, workingDaysOverdue: 0, pendingCount: 1 },
    ]);
    expect(saturday.catalog[0]?.message).toContain('最迟应于 2026-09-11');
    expect(saturday.org[0]?.message).toContain('最迟 2026-09-11');
    // the agency's own editors see the same
    const own = await alerts('disclosure_clerk');
    expect([own.catalog.length, own.org.length]).toEqual([1, 1]);

    // Monday 09-14: one working day overdue in both
    await at('2026-09-14T02:00:00Z');
    const monday = await alerts();
    expect(monday.catalog).toMatchObject([{ deadline: '2026-09-11', workingDaysOverdue: 1 }]);
    expect(monday.org).toMatchObject([{ deadline: '2026-09-11', workingDaysPending: 6, workingDaysOverdue: 1 }]);
  });
});
