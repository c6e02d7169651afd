import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/demo/data';
import { bearer, buildTestApp, demoAgencyIds, ifMatch, type TestApp } from './app';

// DESIGN.md invariant 6 for the service-window endpoints (R-D18): every endpoint × every demo
// role × own/other agency. The demo's agency roles sit in the market agency ("own"); "other" is
// the urban agency; the supervisor and the legal adviser belong to the justice bureau.
// ok = passed authorization (2xx, or a 409 from the command itself); 403 = the role lacks the
// action; 404 = out of scope.
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const windows: Record<string, string> = {};
let staff = '';
beforeAll(async () => {
  t = await buildTestApp();
  for (const a of demoAccounts) tokens[a.username] = await t.login(a.username);
  Object.assign(ids, await demoAgencyIds(t));
  for (const key of ['market', 'urban'])
    windows[key] = (
      await t.ctx.db
        .selectFrom('service_window')
        .select('id')
        .where('agency_id', '=', ids[key] as string)
        .orderBy('number')
        .executeTakeFirstOrThrow()
    ).id;
  staff = (
    await t.ctx.db
      .selectFrom('officer')
      .select('id')
      .where('agency_id', '=', ids.market as string)
      .where('is_enforcer', '=', true)
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
const only = (allowed: Record<string, Expect>, rest: Expect = 403): Record<string, Expect> =>
  Object.fromEntries(users.map((u) => [u, allowed[u] ?? rest]));
const market = ['officer', 'auxiliary', 'reviewer', 'agency_head', 'disclosure_clerk'];
const all = (list: string[], e: Expect) => Object.fromEntries(list.map((u) => [u, e]));

const body = () => ({
  number: `M${unique()}`,
  name: '矩阵测试窗口',
  hall: '示范市示范区政务服务中心',
  openingHours: '工作日 9:00—17:30',
  staff: [{ officerId: staff, duties: '矩阵测试' }],
  progressEnquiry: '到本窗口查询',
  consultation: '窗口现场咨询',
  complaint: '12345 政务服务便民热线',
});

interface Request {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  payload?: object;
  headers?: Record<string, string>;
}
interface Case {
  name: string;
  request: () => Request | Promise<Request>;
  expect: Record<string, Expect>;
}
/** edits carry the window's current version (If-Match), so what answers is the authorization */
const current = async (id: string) =>
  ifMatch((await t.ctx.db.selectFrom('service_window').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const base = (agency: string) => `/api/v1/agencies/${ids[agency]}/service-windows`;

const cases: Case[] = [
  {
    name: 'GET own windows',
    request: () => ({ method: 'GET', url: base('market') }),
    expect: only({ ...all(market, 'ok'), supervisor: 'ok', legal_adviser: 404 }),
  },
  {
    name: 'GET other windows',
    request: () => ({ method: 'GET', url: base('urban') }),
    expect: only({ ...all(market, 404), supervisor: 'ok', legal_adviser: 404 }),
  },
  {
    name: 'GET own window',
    request: () => ({ method: 'GET', url: `${base('market')}/${windows.market}` }),
    expect: only({ ...all(market, 'ok'), supervisor: 'ok', legal_adviser: 404 }),
  },
  {
    name: 'GET other window',
    request: () => ({ method: 'GET', url: `${base('urban')}/${windows.urban}` }),
    expect: only({ ...all(market, 404), supervisor: 'ok', legal_adviser: 404 }),
  },
  {
    name: 'POST own window',
    request: () => ({ method: 'POST', url: base('market'), payload: body() }),
    expect: only({ agency_head: 'ok', disclosure_clerk: 'ok' }),
  },
  {
    name: 'POST other window',
    request: () => ({ method: 'POST', url: base('urban'), payload: body() }),
    expect: only({ agency_head: 404, disclosure_clerk: 404 }),
  },
  {
    name: 'PATCH own window',
    request: async () => ({
      method: 'PATCH',
      url: `${base('market')}/${windows.market}`,
      headers: await current(windows.market as string),
      payload: { openingHours: `工作日 9:00—17:30（${unique()}）`, reason: '矩阵测试' },
    }),
    expect: only({ agency_head: 'ok', disclosure_clerk: 'ok' }),
  },
  {
    name: 'PATCH other window',
    request: async () => ({
      method: 'PATCH',
      url: `${base('urban')}/${windows.urban}`,
      headers: await current(windows.urban as string),
      payload: { openingHours: `工作日 9:00—17:30（${unique()}）`, reason: '矩阵测试' },
    }),
    expect: only({ agency_head: 404, disclosure_clerk: 404 }),
  },
  {
    name: 'POST retire other window',
    request: async () => ({
      method: 'POST',
      url: `${base('urban')}/${windows.urban}/retire`,
      headers: await current(windows.urban as string),
      payload: { reason: '矩阵测试' },
    }),
    expect: only({ agency_head: 404, disclosure_clerk: 404 }),
  },
  {
    // the last case: the first allowed caller retires it, the next gets 409 (still authorized)
    name: 'POST retire own window',
    request: async () => ({
      method: 'POST',
      url: `${base('market')}/${windows.market}/retire`,
      headers: await current(windows.market as string),
      payload: { reason: '矩阵测试' },
    }),
    expect: only({ agency_head: 'ok', disclosure_clerk: 'ok' }),
  },
];

describe('service-window authorization matrix (DESIGN.md invariant 6, R-D18)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const got: Record<string, Expect | number> = {};
    for (const user of users) {
      const req = await c.request();
      const res = await t.app.inject({ ...req, headers: { ...req.headers, ...bearer(tokens[user] as string) } });
      got[user] = res.statusCode < 300 || res.statusCode === 409 ? 'ok' : res.statusCode;
    }
    expect(got).toEqual(c.expect);
  });
});
