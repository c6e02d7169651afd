import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLabel } from '../src/platform/audit/labels';
import { getSetting, type SettingItem, settingsOn } from '../src/platform/settings';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { buildAccount, buildAgency, buildJurisdiction } from './factories';

// DESIGN.md invariant 3 (issue 8 §1): one settings mechanism, values per jurisdiction from a date
// on, resolved from the jurisdiction up to the province, every change journaled with who and why.
// A tree of one province, one city and two counties; the test clock's today is 2026-08-31.
let t: TestApp;
let officer: string;
let countyBureau: string;
let otherCountyBureau: string;
let cityBureau: string;
let provinceBureau: string;
let countyBureauName: string;
const [province, city, county, otherCounty] = ['970000', '970100', '970102', '970103'];

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  await buildJurisdiction(t, { code: province, level: 'province' });
  await buildJurisdiction(t, { code: city, level: 'city', parentCode: province });
  await buildJurisdiction(t, { code: county, parentCode: city });
  await buildJurisdiction(t, { code: otherCounty, parentCode: city });
  const bureau = async (code: string, displayName?: string) =>
    t.login(
      (await buildAccount(t, 'supervisor', await buildAgency(t, { jurisdictionCode: code, isSupervising: true }), { displayName }))
        .username,
    );
  countyBureauName = '县司法局张三';
  countyBureau = await bureau(county, countyBureauName);
  otherCountyBureau = await bureau(otherCounty);
  cityBureau = await bureau(city);
  provinceBureau = await bureau(province);
  officer = await t.login((await buildAccount(t, 'officer', await buildAgency(t, { jurisdictionCode: county }))).username);
});
afterAll(() => t.close());

const list = async (token: string, query = '') => {
  const res = await t.app.inject({ url: `/api/v1/settings${query}`, headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  const body = res.json() as { onDate: string; items: SettingItem[] };
  return { ...body, item: (key: string) => body.items.find((i) => i.key === key) as SettingItem };
};

const schedule = (token: string, key: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/settings/${key}/values`, headers: bearer(token), payload: body });

const rowCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('setting_value')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('jurisdiction settings', () => {
  it('needs a session; answers the registry default where nothing is set', async () => {
    expectError(await t.app.inject({ url: '/api/v1/settings' }), 401, 'UNAUTHENTICATED');
    const l = await list(officer);
    expect(l.onDate).toBe('2026-08-31');
    const hours = l.item('org.professional_hours');
    expect(hours).toMatchObject({
      value: 30,
      default: 30,
      source: 'R-P03',
      setBy: null,
      changeable: false,
      group: '人员',
      unitLabel: '学时',
    });
    expect(l.item('penalty.decision_days')).toMatchObject({ value: 90, unitLabel: '自然日', changeableBy: 'county' });
    expect(await getSetting(t.ctx.db, 'org.professional_hours', county, '2026-08-31')).toBe(30);
  });

  it('resolves the nearest jurisdiction: the county overrides the city, the other county inherits the city', async () => {
    const byCity = await schedule(cityBureau, 'org.professional_hours', {
      jurisdictionCode: city,
      value: 40,
      effectiveFrom: '2026-08-31',
      reason: '市司法局通知',
    });
    expect(byCity.statusCode).toBe(201);
    expect((await list(officer)).item('org.professional_hours')).toMatchObject({ value: 40, setBy: { jurisdictionCode: city } });
    const byCounty = await schedule(countyBureau, 'org.professional_hours', {
      jurisdictionCode: county,
      value: 36,
      effectiveFrom: '2026-08-31',
      reason: '县里另有规定',
    });
    expect(byCounty.statusCode).toBe(201);
    expect((await list(officer)).item('org.professional_hours')).toMatchObject({ value: 36, setBy: { jurisdictionCode: county } });
    expect((await settingsOn(t.ctx.db, county, '2026-08-31'))['org.professional_hours']).toBe(36);
    expect((await settingsOn(t.ctx.db, otherCounty, '2026-08-31'))['org.professional_hours']).toBe(40);
    expect((await settingsOn(t.ctx.db, province, '2026-08-31'))['org.professional_hours']).toBe(30);
    // the org thresholds are these settings (GET /org/thresholds, the ratios and alerts)
    const thresholds = await t.app.inject({ url: '/api/v1/org/thresholds', headers: bearer(officer) });
    expect(thresholds.json()).toMatchObject({ professionalHours: 36, legalHours: 30, publishWithinWorkingDays: 5 });
  });

  it('a value with a future effective date does not apply before that date', async () => {
    const res = await schedule(countyBureau, 'penalty.decision_days', {
      jurisdictionCode: county,
      value: 60,
      effectiveFrom: '2026-10-01',
      reason: '县政府规定缩短办案期限',
    });
    expect(res.statusCode).toBe(201);
    expect((await settingsOn(t.ctx.db, county, '2026-09-30'))['penalty.decision_days']).toBe(90);
    expect((await settingsOn(t.ctx.db, county, '2026-10-01'))['penalty.decision_days']).toBe(60);
    expect(await getSetting(t.ctx.db, 'penalty.decision_days', county, '2026-08-31')).toBe(90);
    const now = (await list(officer)).item('penalty.decision_days');
    expect(now.value).toBe(90);
    expect(now.upcoming).toMatchObject([{ value: 60, effectiveFrom: '2026-10-01' }]);
    const later = (await list(officer, '?onDate=2026-10-01')).item('penalty.decision_days');
    expect(later).toMatchObject({ value: 60, upcoming: [] });
  });

  it('shows the history with who, when, why and from when; the change is journaled with the previous value', async () => {
    const before = await t.journalCount();
    const res = await schedule(countyBureau, 'org.legal_hours', {
      jurisdictionCode: county,
      value: 32,
      effectiveFrom: '2026-09-01',
      reason: '县司法局〔2026〕1号',
    });
    expect(res.statusCode).toBe(201);
    expect(await t.journalCount()).toBe(before + 1);
    const item = (await list(countyBureau, '?onDate=2026-09-01')).item('org.legal_hours');
    expect(item.changeable).toBe(true);
    expect(item.history[0]).toMatchObject({
      value: 32,
      effectiveFrom: '2026-09-01',
      reason: '县司法局〔2026〕1号',
      jurisdictionCode: county,
    });
    expect(item.history[0]?.createdByName).toContain(countyBureauName);
    const entry = await t.ctx.db
      .selectFrom('journal_entry')
      .selectAll()
      .where('action', '=', 'setting.change')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const payload = typeof entry.payload === 'string' ? JSON.parse(entry.payload) : entry.payload;
    expect(payload).toMatchObject({
      key: 'org.legal_hours',
      jurisdictionCode: county,
      value: 32,
      previous: 30,
      effectiveFrom: '2026-09-01',
    });
    expect(actionLabel('setting.change')).toBe('更改规则设置');
  });

  it('lets the province set a province-level key, which the counties then read', async () => {
    const res = await schedule(provinceBureau, 'penalty.hearing_fine_person', {
      jurisdictionCode: province,
      value: 5000,
      effectiveFrom: '2026-08-31',
      reason: '省人大常委会规定',
    });
    expect(res.statusCode).toBe(201);
    expect((await settingsOn(t.ctx.db, county, '2026-08-31'))['penalty.hearing_fine_person']).toBe(5000);
  });

  it('refuses, writing nothing: a key the law fixes, a level below the key, a looser time limit, a past date, a wrong type, another jurisdiction', async () => {
    const journal = await t.journalCount();
    const rows = await rowCount();
    const body = (value: unknown, more: Record<string, unknown> = {}) => ({
      jurisdictionCode: county,
      value,
      effectiveFrom: '2026-09-01',
      reason: '测试',
      ...more,
    });
    const fixed = expectError(await schedule(countyBureau, 'penalty.payment_days', body(10)), 409, 'CONFLICT');
    expect(fixed.message).toContain('第六十七条');
    const province = expectError(await schedule(countyBureau, 'penalty.hearing_fine_person', body(5000)), 409, 'CONFLICT');
    expect(province.message).toContain('该设置由省级规定');
    const looser = expectError(await schedule(countyBureau, 'penalty.decision_days', body(120)), 409, 'CONFLICT');
    expect(looser.message).toContain('第六十条');
    const past = expectError(
      await schedule(countyBureau, 'org.legal_hours', body(20, { effectiveFrom: '2026-08-30' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(past.details).toMatchObject({ fields: [{ field: 'effectiveFrom' }] });
    const type = expectError(await schedule(countyBureau, 'org.legal_hours', body('三十')), 400, 'VALIDATION_FAILED');
    expect(type.details).toMatchObject({ fields: [{ field: 'value' }] });
    expectError(await schedule(countyBureau, 'org.reviewer_share', body(1.5)), 400, 'VALIDATION_FAILED');
    expectError(await schedule(countyBureau, 'org.legal_hours', body(20, { reason: '  ' })), 400, 'VALIDATION_FAILED');
    expectError(await schedule(countyBureau, 'no.such_key', body(1)), 404, 'NOT_FOUND');
    // another county's bureau does not see this county; the city's bureau sees it but is not its bureau
    expectError(await schedule(otherCountyBureau, 'org.legal_hours', body(20)), 404, 'NOT_FOUND');
    expectError(await schedule(cityBureau, 'org.legal_hours', body(20)), 403, 'FORBIDDEN');
    expectError(await schedule(officer, 'org.legal_hours', body(20)), 403, 'FORBIDDEN');
    expect(await t.journalCount()).toBe(journal);
    expect(await rowCount()).toBe(rows);
  });

  it('keeps the table append-only', async () => {
    await expect(t.ctx.db.deleteFrom('setting_value').execute()).rejects.toThrow(/只能追加/);
  });
});
