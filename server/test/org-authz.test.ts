import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../src/demo/data';
import { insertAgency } from '../src/modules/org';
import { addAccount, bearer, buildTestApp, demoAgencyIds, ifMatch, type TestApp } from './app';

// DESIGN.md invariant 6: every org endpoint × every demo role × own/other agency. The demo's
// agency roles sit in the market agency ("own"); "other" is the urban agency; the supervisor and
// the legal adviser belong to the justice bureau. ok = passed authorization (2xx, or a 409 from
// the command itself, unless the case is strict); 403 = the role lacks the action; 404 = out of
// scope (ADR 0007: own agency; the bureau its jurisdiction subtree). `city_supervisor` is the justice
// bureau of the city above the demo district: the district is in its subtree, so it reads the
// district's records, but it does not act on them (the district's own bureau does): 403, not 404.
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
  const cityJustice = await t.ctx.db
    .transaction()
    .execute((trx) =>
      insertAgency(
        trx,
        t.ctx,
        { id: null, name: 'test' },
        { name: '示范市司法局', kind: 'administrative_organ', isSupervising: true, jurisdictionCode: '990100' },
      ),
    );
  tokens.city_supervisor = await addAccount(t, {
    username: 'city_supervisor',
    displayName: '钱市',
    role: 'supervisor',
    agencyId: cityJustice.id,
  });
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
  /** 409 is not authorization passed (each request gets a fresh subject to act on) */
  strict?: boolean;
  /** expectations for users beyond the demo accounts */
  also?: Record<string, Expect>;
}
const agencyVersion = async (id: string) =>
  ifMatch((await t.ctx.db.selectFrom('agency').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const officerVersion = async (id: string) =>
  ifMatch((await t.ctx.db.selectFrom('officer').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
const submitBody = { note: '矩阵测试提交', publicNote: '人员信息更新' };
/** a fresh submission of the market agency's officer list by its clerk, waiting for the bureau */
async function freshSubmission(): Promise<string> {
  const clerk = bearer(tokens.disclosure_clerk as string);
  const edit = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/officers/${officers.market}`,
    headers: { ...clerk, ...(await officerVersion(officers.market as string)) },
    payload: { post: `科员${unique()}`, reason: '职务调整' },
  });
  if (edit.statusCode !== 200) throw new Error(edit.body);
  const sub = await t.app.inject({
    method: 'POST',
    url: `/api/v1/agencies/${ids.market}/officers/submit`,
    headers: clerk,
    payload: submitBody,
  });
  if (sub.statusCode !== 200) throw new Error(sub.body);
  return sub.json().id as string;
}
const only = (allowed: Record<string, Expect>, rest: Expect = 403): Record<string, Expect> =>
  Object.fromEntries(users.map((u) => [u, allowed[u] ?? rest]));
const market = ['officer', 'auxiliary', 'reviewer', 'agency_head', 'disclosure_clerk'];
const editors = ['reviewer', 'agency_head', 'disclosure_clerk'];
const all = (users: string[], e: Expect) => Object.fromEntries(users.map((u) => [u, e]));

const cases: Case[] = [
  // the administrators other than the system administrator (who assigns accounts to agencies) do not read the directory
  {
    name: 'GET /agencies',
    request: () => ({ method: 'GET', url: '/api/v1/agencies' }),
    expect: only({ secadmin: 403, auditor: 403 }, 'ok'),
  },
  {
    name: 'GET other agency versions',
    request: () => ({ method: 'GET', url: `/api/v1/agencies/${ids.urban}/versions` }),
    // pending versions are not for the security administrator or the auditor; other agencies' staff: out of scope
    expect: only({ sysadmin: 'ok', supervisor: 'ok', secadmin: 403, auditor: 403 }, 404),
    also: { city_supervisor: 'ok' },
  },
  {
    name: 'GET /jurisdictions',
    request: () => ({ method: 'GET', url: '/api/v1/jurisdictions' }),
    expect: only({ secadmin: 403, auditor: 403 }, 'ok'),
  },
  {
    name: 'PATCH own agency',
    request: async () => ({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.market}`,
      headers: await agencyVersion(ids.market as string),
      payload: { phone: `0000-8810${unique()}`, reason: '更新电话' },
    }),
    expect: only({ sysadmin: 'ok', supervisor: 'ok', agency_head: 'ok' }),
  },
  {
    name: 'PATCH other agency',
    request: async () => ({
      method: 'PATCH',
      url: `/api/v1/agencies/${ids.urban}`,
      headers: await agencyVersion(ids.urban as string),
      payload: { phone: `0000-8820${unique()}`, reason: '更新电话' },
    }),
    // another agency is out of an agency head's scope: 404 (ADR 0007)
    expect: only({ sysadmin: 'ok', supervisor: 'ok', agency_head: 404 }),
  },
  {
    name: 'POST submit own agency',
    request: () => ({ method: 'POST', url: `/api/v1/agencies/${ids.market}/submit`, payload: submitBody }),
    expect: only({ sysadmin: 'ok', supervisor: 'ok', agency_head: 'ok' }),
    also: { city_supervisor: 403 },
  },
  {
    name: 'POST submit other agency',
    request: () => ({ method: 'POST', url: `/api/v1/agencies/${ids.urban}/submit`, payload: submitBody }),
    expect: only({ sysadmin: 'ok', supervisor: 'ok', agency_head: 404 }),
    also: { city_supervisor: 403 },
  },
  {
    name: 'GET agency revision-status',
    request: () => ({ method: 'GET', url: `/api/v1/agencies/${ids.urban}/revision-status` }),
    // the agency's own staff and the bureaus above it read its status; other agencies' staff: out of scope
    expect: only({ sysadmin: 403, secadmin: 403, auditor: 403, supervisor: 'ok' }, 404),
    also: { city_supervisor: 'ok' },
  },
  {
    name: 'POST submit own officer list',
    request: () => ({ method: 'POST', url: `/api/v1/agencies/${ids.market}/officers/submit`, payload: submitBody }),
    expect: only({ ...all(editors, 'ok'), supervisor: 'ok' }),
    also: { city_supervisor: 403 },
  },
  {
    name: 'POST submit other officer list',
    request: () => ({ method: 'POST', url: `/api/v1/agencies/${ids.urban}/officers/submit`, payload: submitBody }),
    expect: only({ supervisor: 'ok', ...all(editors, 404) }),
    also: { city_supervisor: 403 },
  },
  {
    name: 'GET own officer revision-status',
    request: () => ({ method: 'GET', url: `/api/v1/agencies/${ids.market}/officers/revision-status` }),
    expect: only({ ...all(market, 'ok'), supervisor: 'ok', legal_adviser: 404 }),
    also: { city_supervisor: 'ok' },
  },
  {
    name: 'GET other officer revision-status',
    request: () => ({ method: 'GET', url: `/api/v1/agencies/${ids.urban}/officers/revision-status` }),
    expect: only({ ...all(market, 404), supervisor: 'ok', legal_adviser: 404 }),
    also: { city_supervisor: 'ok' },
  },
  {
    name: 'POST /revisions/{id}/confirm',
    request: async () => ({ method: 'POST', url: `/api/v1/revisions/${await freshSubmission()}/confirm`, payload: {} }),
    expect: only({ supervisor: 'ok' }),
    strict: true,
    // the city bureau sees the district's submission but the district's bureau decides
    also: { city_supervisor: 403 },
  },
  {
    name: 'POST /revisions/{id}/return',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/revisions/${await freshSubmission()}/return`,
      payload: { reason: '矩阵测试退回' },
    }),
    expect: only({ supervisor: 'ok' }),
    strict: true,
    // the city bureau sees the district's submission but the district's bureau decides
    also: { city_supervisor: 403 },
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
    request: async () => ({
      method: 'PATCH',
      url: `/api/v1/officers/${officers.market}`,
      headers: await officerVersion(officers.market as string),
      payload: { post: `科员${unique()}`, reason: '职务调整' },
    }),
    expect: only({ ...all(editors, 'ok'), supervisor: 403 }),
  },
  {
    name: 'PATCH other officer',
    request: async () => ({
      method: 'PATCH',
      url: `/api/v1/officers/${officers.urban}`,
      headers: await officerVersion(officers.urban as string),
      payload: { post: `科员${unique()}`, reason: '职务调整' },
    }),
    expect: only({ ...all(editors, 404), supervisor: 403 }),
  },
  {
    name: 'POST status of own officer',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/officers/${officers.market}/status`,
      headers: await officerVersion(officers.market as string),
      payload: { status: toggle(), reason: '矩阵测试' },
    }),
    expect: only({ ...all(editors, 'ok'), supervisor: 'ok' }),
  },
  {
    name: 'POST status of other officer',
    request: async () => ({
      method: 'POST',
      url: `/api/v1/officers/${officers.urban}/status`,
      headers: await officerVersion(officers.urban as string),
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
    for (const user of [...users, ...Object.keys(c.also ?? {})]) {
      const req = await c.request();
      const res = await t.app.inject({ ...req, headers: { ...req.headers, ...bearer(tokens[user] as string) } });
      got[user] = res.statusCode < 300 || (res.statusCode === 409 && !c.strict) ? 'ok' : res.statusCode;
    }
    expect(got).toEqual({ ...c.expect, ...c.also });
  });
});
