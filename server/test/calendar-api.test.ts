import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { buildAccount, buildAgency, buildJurisdiction } from './factories';

// the calendar is the platform's, not an agency's: one officer of one agency and a platform-wide
// system administrator, on an otherwise empty store
let t: TestApp;
let officer: string;
let sysadmin: string;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  await buildJurisdiction(t, { code: '990102' });
  const agency = await buildAgency(t, { jurisdictionCode: '990102' });
  officer = await t.login((await buildAccount(t, 'officer', agency)).username);
  sysadmin = await t.login((await buildAccount(t, 'system_admin', null)).username);
});
afterAll(() => t.close());

// R-D08..R-D11 deadlines are counted in working days; the calendar behind them, through the real app.
describe('working-day calendar API', () => {
  it('needs a session', async () => {
    expectError(await t.app.inject({ url: '/api/v1/calendar/2025' }), 401, 'UNAUTHENTICATED');
  });

  it('adds working days across National Day 2025 and onto a makeup Sunday', async () => {
    const a = await t.app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-09-30&n=7', headers: bearer(officer) });
    expect(a.json().result).toBe('2025-10-16');
    const b = await t.app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-01-24&n=1', headers: bearer(officer) });
    expect(b.json().result).toBe('2025-01-26');
    expectError(
      await t.app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-02-30&n=1', headers: bearer(officer) }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('lets only the system administrator enter an override, journaled, and uses it at once', async () => {
    const body = { date: '2025-10-17', kind: 'holiday', name: '地方调休', source: '测试通知' };
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/calendar/overrides', headers: bearer(officer), payload: body }),
      403,
      'FORBIDDEN',
    );
    const before = await t.journalCount();
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/calendar/overrides', headers: bearer(sysadmin), payload: body });
    expect(created.statusCode).toBe(201);
    expect(await t.journalCount()).toBe(before + 1);
    const a = await t.app.inject({ url: '/api/v1/calendar/add-working-days?date=2025-09-30&n=8', headers: bearer(officer) });
    expect(a.json().result).toBe('2025-10-20'); // 10-17 (Fri) is now a holiday
  });
});
