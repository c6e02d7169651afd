import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeOf } from '../src/platform/scope';
import { bearer, buildTestApp, expectError, type TestApp } from './app';
import { type BuiltAgency, buildAccount, buildAgency, buildJurisdiction, buildOfficer } from './factories';

// ADR 0007: one scope model over the jurisdiction tree. A caller sees their own agency; the
// justice bureau and the administrators of a jurisdiction its subtree; a platform-wide account all.
// Outside the scope a record answers 404, exactly like a missing one.
//
//            980000 province
//                 |
//            980100 city  ── city bureau
//              /        \
//   980101 county A    980102 county B
//   A bureau, agency A1   agency B1

describe('scopeOf', () => {
  it.each([
    [
      { roles: ['officer'], agencyId: 'a1', jurisdictionCode: '980101' },
      { kind: 'agency', agencyId: 'a1', root: '980101' },
    ],
    [
      { roles: ['supervisor'], agencyId: 'bureau', jurisdictionCode: '980101' },
      { kind: 'subtree', root: '980101' },
    ],
    [
      { roles: ['auditor'], agencyId: null, jurisdictionCode: '980100' },
      { kind: 'subtree', root: '980100' },
    ],
    [{ roles: ['system_admin'], agencyId: null, jurisdictionCode: null }, { kind: 'all' }],
    [{ roles: ['officer'], agencyId: null, jurisdictionCode: '980101' }, { kind: 'none' }],
  ])('%o → %o', (subject, scope) => expect(scopeOf(subject)).toEqual(scope));
});

describe('scope across two jurisdictions (HTTP)', () => {
  let t: TestApp;
  const a: Record<string, BuiltAgency> = {};
  const tok: Record<string, string> = {};
  const officers: Record<string, string> = {};
  const accounts: Record<string, string> = {};
  const usernames: Record<string, string> = {};
  const get = (who: string, url: string) => t.app.inject({ url, headers: bearer(tok[who] as string) });

  beforeAll(async () => {
    t = await buildTestApp({}, { demo: false });
    await buildJurisdiction(t, { code: '980000', level: 'province' });
    await buildJurisdiction(t, { code: '980100', level: 'city', parentCode: '980000' });
    await buildJurisdiction(t, { code: '980101', parentCode: '980100' });
    await buildJurisdiction(t, { code: '980102', parentCode: '980100' });
    a.city = await buildAgency(t, { jurisdictionCode: '980100', isSupervising: true, name: '测试市司法局' });
    a.bureauA = await buildAgency(t, { jurisdictionCode: '980101', isSupervising: true, name: '测试甲县司法局' });
    a.a1 = await buildAgency(t, { jurisdictionCode: '980101', name: '测试甲县市场监督管理局' });
    a.b1 = await buildAgency(t, { jurisdictionCode: '980102', name: '测试乙县市场监督管理局' });
    officers.a1 = (await buildOfficer(t, a.a1 as BuiltAgency)).id;
    officers.b1 = (await buildOfficer(t, a.b1 as BuiltAgency)).id;
    const people: [string, Parameters<typeof buildAccount>[1], BuiltAgency | null, string | null][] = [
      ['officerA', 'officer', a.a1 as BuiltAgency, null],
      ['officerB', 'officer', a.b1 as BuiltAgency, null],
      ['bureauA', 'supervisor', a.bureauA as BuiltAgency, null],
      ['city', 'supervisor', a.city as BuiltAgency, null],
      ['sysadminA', 'system_admin', null, '980101'],
      ['auditorA', 'auditor', null, '980101'],
      ['auditorCity', 'auditor', null, '980100'],
    ];
    for (const [key, role, agency, code] of people) {
      const acc = await buildAccount(t, role, agency, code ? { jurisdictionCode: code } : {});
      accounts[key] = acc.id;
      usernames[key] = acc.username;
      tok[key] = await t.login(acc.username);
    }
  }, 120_000);
  afterAll(() => t?.close());

  const names = async (who: string) => ((await get(who, '/api/v1/agencies')).json().items as { name: string }[]).map((i) => i.name).sort();

  it('lists agencies by scope: own agency, the county subtree, the city subtree', async () => {
    expect(await names('officerA')).toEqual(['测试甲县市场监督管理局']);
    expect(await names('bureauA')).toEqual(['测试甲县司法局', '测试甲县市场监督管理局'].sort());
    expect(await names('city')).toEqual([a.city, a.bureauA, a.a1, a.b1].map((x) => (x as BuiltAgency).name).sort());
    expect(await names('sysadminA')).toEqual(['测试甲县司法局', '测试甲县市场监督管理局'].sort());
  });

  it('answers 404 (in Chinese), not 403, for an agency or officer of another jurisdiction', async () => {
    const res = await get('bureauA', `/api/v1/agencies/${a.b1?.id}`);
    expectError(res, 404, 'NOT_FOUND');
    expect(res.json().message).toMatch(/不存在/);
    expectError(await get('bureauA', `/api/v1/agencies/${a.b1?.id}/versions`), 404, 'NOT_FOUND');
    expectError(await get('officerA', `/api/v1/agencies/${a.bureauA?.id}`), 404, 'NOT_FOUND');
    expectError(await get('bureauA', `/api/v1/officers/${officers.b1}`), 404, 'NOT_FOUND');
    // the same requests inside the scope succeed: the city bureau reads its whole subtree
    expect((await get('city', `/api/v1/agencies/${a.b1?.id}`)).statusCode).toBe(200);
    expect((await get('city', `/api/v1/officers/${officers.b1}`)).statusCode).toBe(200);
    expect((await get('bureauA', `/api/v1/officers/${officers.a1}`)).statusCode).toBe(200);
  });

  it('lists officers of the subtree only', async () => {
    const ids = async (who: string) => ((await get(who, '/api/v1/officers')).json().items as { id: string }[]).map((o) => o.id);
    expect(await ids('bureauA')).toEqual([officers.a1]);
    expect((await ids('city')).sort()).toEqual([officers.a1, officers.b1].sort());
    expect(await ids('officerB')).toEqual([officers.b1]);
  });

  it('scopes accounts with the same model (no prefix match): the county administrator sees the county', async () => {
    const users = ((await get('sysadminA', '/api/v1/users?limit=200')).json().items as { id: string }[]).map((u) => u.id);
    expect(users).toContain(accounts.officerA);
    expect(users).toContain(accounts.bureauA);
    expect(users).not.toContain(accounts.officerB);
    expect(users).not.toContain(accounts.city);
    expectError(await get('sysadminA', `/api/v1/users/${accounts.officerB}`), 404, 'NOT_FOUND');
  });

  it('shows an auditor the audit entries of their subtree only', async () => {
    const actors = async (who: string) =>
      new Set(
        ((await get(who, '/api/v1/audit-events?limit=500&action=auth.login')).json().items as { actorName: string }[]).map(
          (e) => e.actorName,
        ),
      );
    const county = await actors('auditorA');
    const city = await actors('auditorCity');
    expect(county.has(usernames.officerA as string)).toBe(true);
    expect(county.has(usernames.bureauA as string)).toBe(true);
    // county B and the city itself are outside auditor A's subtree, inside the city auditor's
    expect(county.has(usernames.officerB as string)).toBe(false);
    expect(county.has(usernames.city as string)).toBe(false);
    expect(city.has(usernames.officerB as string)).toBe(true);
    expect(city.has(usernames.city as string)).toBe(true);
  });

  it('shows an auditor the refusals of accounts in their subtree only, and anonymous ones to all', async () => {
    // officer B (county B) probes the audit log; officer A (county A) too
    expectError(await get('officerB', '/api/v1/audit-events'), 403, 'FORBIDDEN');
    expectError(await get('officerA', '/api/v1/audit-events'), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ url: '/api/v1/audit-events' }), 401, 'UNAUTHENTICATED');
    const refused = async (who: string) => {
      const res = await get(who, '/api/v1/security/refusals');
      expect(res.statusCode).toBe(200);
      const body = res.json() as { byActor: { username: string }[]; byCode: Record<string, number> };
      return { names: new Set(body.byActor.map((r) => r.username)), anonymous: body.byCode.UNAUTHENTICATED ?? 0 };
    };
    const county = await refused('auditorA');
    const city = await refused('auditorCity');
    expect(county.names.has(usernames.officerA as string)).toBe(true);
    expect(county.names.has(usernames.officerB as string)).toBe(false);
    expect(city.names.has(usernames.officerB as string)).toBe(true);
    expect(county.anonymous).toBeGreaterThan(0);
  });

  it('refuses to create an agency outside the scope of its author (404); one made inside is visible to it', async () => {
    const body = (code: string, name: string) => ({ name, kind: 'administrative_organ', jurisdictionCode: code });
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(tok.sysadminA as string),
      payload: body('980102', '测试乙县新设局'),
    });
    expectError(outside, 404, 'NOT_FOUND');
    const inside = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(tok.sysadminA as string),
      payload: body('980101', '测试甲县新设局'),
    });
    expect(inside.statusCode).toBe(201);
    expect(await names('sysadminA')).toContain('测试甲县新设局');
  });
});
