import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/demo/data';
import { bearer, buildTestApp, demoAgencyIds, type TestApp } from './app';

// DESIGN.md invariant 6: every org endpoint × every demo role × own/other agency. The demo's
// agency roles sit in the market agency ("own"); "other" is the urban agency; the supervisor and
// the legal adviser belong to the justice bureau. ok = passed authorization (2xx, or a 409 from
// the command itself); 403 = the role lacks the action; 404 = out of scope.
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const officers: Record<string, string> = {};
beforeAll(async () => {
  t = await buildTestApp();
  for (const a of demoAccounts) tokens[a.username] = await t.login(a.username);
  Object.assign(ids, await demoAgencyIds(t));
  for (const key of ['market', 'urban'])
    officers[key] = (
      await t.ctx.db
        .selectFrom('officer')
        .select('id')
        .where('agency_id', '=', ids[key] as string)
        .where('is_enforcer', '=', true)
        .where('user_id', 'is', null)
        .orderBy('name')
        .executeTakeFirstOrThrow()
    ).id;
}, 120_000);
afterAll(() => t.close());

type Expect = 'ok' | 403 | 404;
const users = demoAccounts.map((a) => a.username);
let n = 0;
const unique = () => {
  n += 1;
  return String(n).padStart(4, '0');
};
const toggle = () => {
  n += 1;
  return n % 2 ? 'green' : 'yellow';
};

interface Case {
  name: string;
  request: () => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object };
  expect: Record<string, Expect>;
}
const only = (allowed: Record<string, Expect>, rest: Expect = 403): Record<string, Expect> =>
  Object.fromEntries(users.map((u) => [u, allowed[u] ?? rest]));
const market = ['officer', 'auxiliary', 'reviewer', 'agency_head', 'disclosure_clerk'];
const editors = ['reviewer', 'agency_head', 'disclosure_clerk'];
const all = (users: string[], e: Expect) => Object.fromEntries(users.map((u) => [u, e]));

const cases: Case[] = [
  { name: 'GET /agencies', request: () => ({ method: 'GET', url: '/api/v1/agencies' }), expect: only({}, 'ok') },
  {
    name: 'PATCH own agency',
    request: () => ({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.market}`,
      payload: { phone: `0000-8810${unique()}`, reason: '更新电话' },
    }),
    expect: only({ sysadmin: 'ok', supervisor: 'ok', agency_head: 'ok' }),
  },
  {
    name: 'PATCH other agency',
    request: () => ({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.urban}`,
      payload: { phone: `0000-8820${unique()}`, reason: '更新电话' },
    }),
    expect: only({ sysadmin: 'ok', supervisor: 'ok' }),
  },
  {
    name: 'POST confirm agency',
    request: () => ({ method: 'POST', url: `/api/v1/agencies/${ids.urban}/confirm` }),
    expect: only({ supervisor: 'ok' }),
  },
  {
    name: 'POST confirm officer list',
    request: () => ({ method: 'POST', url: `/api/v1/agencies/${ids.market}/officers/confirm` }),
    expect: only({ supervisor: 'ok' }),
  },
  {
    name: 'GET /officers',
    request: () => ({ method: 'GET', url: '/api/v1/officers' }),
    expect: only({ ...all(market, 'ok'), supervisor: 'ok', legal_adviser: 'ok' }),
  },
  {
    name: 'GET own officer',
    request: () => ({ method: 'GET', url: `/api/v1/officers/${officers.market}` }),
    expect: only({ ...all(market, 'ok'), supervisor: 'ok', legal_adviser: 404 }),
  },
  {
    name: 'GET other officer',
    request: () => ({ method: 'GET', url: `/api/v1/officers/${officers.urban}` }),
    expect: only({ ...all(market, 404), supervisor: 'ok', legal_adviser: 404 }),
  },
  {
    name: 'PATCH own officer',
    request: () => ({
      method: 'PATCH',
      url: `/api/v1/officers/${officers.market}`,
      payload: { post: `科员${unique()}`, reason: '职务调整' },
    }),
    expect: only({ ...all(editors, 'ok'), supervisor: 403 }),
  },
  {
    name: 'PATCH other officer',
    request: () => ({
      method: 'PATCH',
      url: `/api/v1/officers/${officers.urban}`,
      payload: { post: `科员${unique()}`, reason: '职务调整' },
    }),
    expect: only({ ...all(editors, 404), supervisor: 403 }),
  },
  {
    name: 'POST status of own officer',
    request: () => ({
      method: 'POST',
      url: `/api/v1/officers/${officers.market}/status`,
      payload: { status: toggle(), reason: '矩阵测试' },
    }),
    expect: only({ ...all(editors, 'ok'), supervisor: 'ok' }),
  },
  {
    name: 'POST status of other officer',
    request: () => ({
      method: 'POST',
      url: `/api/v1/officers/${officers.urban}/status`,
      payload: { status: toggle(), reason: '矩阵测试' },
    }),
    expect: only({ ...all(editors, 404), supervisor: 'ok' }),
  },
  {
    name: 'POST training of other officer',
    request: () => ({
      method: 'POST',
      url: `/api/v1/officers/${officers.urban}/training`,
      payload: { date: '2026-02-01', hours: 1, kind: 'legal', topic: '矩阵测试' },
    }),
    expect: only({ ...all(editors, 404), supervisor: 'ok' }),
  },
  {
    name: 'GET /officers/export',
    request: () => ({ method: 'GET', url: '/api/v1/officers/export' }),
    expect: only({ ...all(editors, 'ok'), supervisor: 'ok' }),
  },
  { name: 'GET /org/ratios', request: () => ({ method: 'GET', url: '/api/v1/org/ratios' }), expect: only({ supervisor: 'ok' }) },
  {
    name: 'GET /org/thresholds',
    request: () => ({ method: 'GET', url: '/api/v1/org/thresholds' }),
    expect: only({ ...all(market, 'ok'), supervisor: 'ok', legal_adviser: 'ok' }),
  },
  {
    name: 'GET /org/alerts',
    request: () => ({ method: 'GET', url: '/api/v1/org/alerts' }),
    expect: only({ ...all(editors, 'ok'), supervisor: 'ok' }),
  },
];

describe('org authorization matrix (DESIGN.md invariant 6)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const got: Record<string, Expect | number> = {};
    for (const user of users) {
      const res = await t.app.inject({ ...c.request(), headers: bearer(tokens[user] as string) });
      got[user] = res.statusCode < 300 || res.statusCode === 409 ? 'ok' : res.statusCode;
    }
    expect(got).toEqual(c.expect);
  });
});
