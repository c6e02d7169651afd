import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';

// DESIGN.md invariant 6: every catalog endpoint × every demo role × own / other agency.
// Market staff: officer, auxiliary, reviewer, agency_head, disclosure_clerk; justice bureau:
// supervisor, legal_adviser; platform administrators: sysadmin, secadmin, auditor.
let t: TestApp;
const tokens: Record<string, string> = {};
const users = [
  'officer',
  'auxiliary',
  'reviewer',
  'agency_head',
  'disclosure_clerk',
  'supervisor',
  'legal_adviser',
  'sysadmin',
  'secadmin',
  'auditor',
];
let urbanId = '';
let urbanEntry: { id: string; revision: number; data: Record<string, unknown> } = { id: '', revision: 0, data: {} };

beforeAll(async () => {
  t = await buildTestApp();
  for (const u of users) tokens[u] = await t.login(u);
  urbanId = (await t.ctx.db.selectFrom('agency').select('id').where('name', '=', '示范市示范区综合行政执法局').executeTakeFirstOrThrow())
    .id;
  const list = await t.app.inject({
    method: 'GET',
    url: `/api/v1/catalog/av-duties?agencyId=${urbanId}`,
    headers: bearer(tokens.supervisor as string),
  });
  expect(list.statusCode).toBe(200);
  const inspections = await t.app.inject({
    method: 'GET',
    url: `/api/v1/catalog/items?agencyId=${urbanId}`,
    headers: bearer(tokens.supervisor as string),
  });
  urbanEntry = inspections.json().items[0];
}, 120_000);
afterAll(() => t.close());

type Expect = Record<string, number>;
const admins = { sysadmin: 403, secadmin: 403, auditor: 403 };
const allBusiness = (status: number) => ({
  officer: status,
  auxiliary: status,
  reviewer: status,
  agency_head: status,
  disclosure_clerk: status,
  supervisor: status,
  legal_adviser: status,
});

const cases: [
  string,
  (user: string) => { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object; headers?: Record<string, string> },
  Expect,
][] = [
  ['GET own list', () => ({ method: 'GET', url: '/api/v1/catalog/items' }), { ...allBusiness(200), ...admins }],
  [
    'GET another agency’s list',
    () => ({ method: 'GET', url: `/api/v1/catalog/items?agencyId=${urbanId}` }),
    { ...allBusiness(404), supervisor: 200, ...admins },
  ],
  [
    'POST an entry to the own list',
    (user) => ({
      method: 'POST',
      url: '/api/v1/catalog/av-duties',
      payload: {
        code: `AV-${user.toUpperCase().replace(/_/g, '')}`,
        step: '现场执法',
        duty: 'key_moments',
        basis: null,
        reason: '授权矩阵测试',
      },
    }),
    // the justice bureau's supervisor keeps the bureau's own lists; its legal adviser does not edit
    { ...allBusiness(403), reviewer: 201, agency_head: 201, disclosure_clerk: 201, supervisor: 201, ...admins },
  ],
  [
    'PUT an entry of another agency',
    () => ({
      method: 'PUT',
      url: `/api/v1/catalog/items/${urbanEntry.id}`,
      payload: { ...urbanEntry.data, reason: '越权修改' },
      headers: { 'if-match': `"${urbanEntry.revision}"` },
    }),
    { ...allBusiness(403), reviewer: 404, agency_head: 404, disclosure_clerk: 404, ...admins },
  ],
  [
    'GET another agency’s entry',
    () => ({ method: 'GET', url: `/api/v1/catalog/items/${urbanEntry.id}` }),
    { ...allBusiness(404), supervisor: 200, ...admins },
  ],
  [
    'GET the history of another agency’s entry',
    () => ({ method: 'GET', url: `/api/v1/catalog/items/${urbanEntry.id}/history` }),
    { ...allBusiness(404), supervisor: 200, ...admins },
  ],
  [
    'POST confirm (unknown revision)',
    () => ({ method: 'POST', url: '/api/v1/revisions/none/confirm', payload: {} }),
    { ...allBusiness(403), supervisor: 404, ...admins },
  ],
  [
    'POST return (unknown revision)',
    () => ({ method: 'POST', url: '/api/v1/revisions/none/return', payload: { reason: '测试退回' } }),
    { ...allBusiness(403), supervisor: 404, ...admins },
  ],
  ['GET revisions', () => ({ method: 'GET', url: '/api/v1/revisions' }), { ...allBusiness(200), ...admins }],
  ['GET an unknown revision', () => ({ method: 'GET', url: '/api/v1/revisions/none' }), { ...allBusiness(404), ...admins }],
  ['GET alerts', () => ({ method: 'GET', url: '/api/v1/catalog/alerts' }), { ...allBusiness(200), ...admins }],
  [
    'POST evaluate for the own agency',
    () => ({
      method: 'POST',
      url: '/api/v1/catalog/review-catalog/evaluate',
      payload: { decision: { actCategory: 'penalty', partyType: 'organisation' } },
    }),
    { ...allBusiness(200), ...admins },
  ],
  [
    'POST evaluate for another agency',
    () => ({
      method: 'POST',
      url: '/api/v1/catalog/review-catalog/evaluate',
      payload: { agencyId: urbanId, decision: { actCategory: 'penalty', partyType: 'organisation' } },
    }),
    { ...allBusiness(404), supervisor: 200, ...admins },
  ],
  [
    'GET the items export of another agency',
    () => ({ method: 'GET', url: `/api/v1/catalog/items/export?agencyId=${urbanId}` }),
    { ...allBusiness(404), supervisor: 200, ...admins },
  ],
];

describe('catalog authorization matrix (DESIGN.md invariant 6)', () => {
  for (const [name, request, expected] of cases) {
    it(name, async () => {
      const got: Expect = {};
      for (const user of users) {
        const r = request(user);
        const res = await t.app.inject({
          method: r.method,
          url: r.url,
          headers: { ...bearer(tokens[user] as string), ...(r.headers ?? {}) },
          ...(r.payload ? { payload: r.payload } : {}),
        });
        got[user] = res.statusCode;
      }
      expect(got).toEqual(expected);
    });
  }
});
