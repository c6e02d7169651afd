import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';
import { act, buildCaseTeam, buildGeneralCase, type CaseTeam, ok, usccFor } from './case-fixtures';
import { buildAccount, idNumberFor, uniq } from './factories';
import { testEngine } from './store';

/**
 * Who may do what on a case (issue 8 acceptance point 4). The generated matrix
 * (authz-matrix.test.ts) places every role in the subject's agency, another agency of the county and
 * one of another county, and its own officer is an officer of the subject case. What it cannot
 * tell apart is the one distinction cases add: an officer OF THE CASE and another officer of the
 * same agency — same role, same agency, different part in the case (engine `rolesOnCase`). This
 * file walks every case route for the five callers of the acceptance point: the officer of the
 * case, another officer of the agency, an officer of another agency, the supervising justice
 * bureau (reads, cannot act), and the auditor (403 everywhere).
 */
let t: TestApp;
let team: CaseTeam;
let other: CaseTeam;
let auditor: string;
let caseId: string;
let partyId: string;
type Officer = CaseTeam['officers'][number];
const o = (i: number) => team.officers[i] as Officer;

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t, undefined, 3);
  other = await buildCaseTeam(t);
  auditor = await t.login((await buildAccount(t, 'auditor', null, { jurisdictionCode: null })).username);
  caseId = await buildGeneralCase(t, team, 'investigating', {
    officerIds: [o(1).officerId],
    parties: [{ kind: 'natural_person', name: `张${uniq()}`, idNumber: idNumberFor() }],
  });
  partyId = (await get(o(0).token, `/api/v1/cases/${caseId}`)).json().parties[0].id;
}, 120_000);
afterAll(() => t?.close());

const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const post = (token: string, url: string, payload: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url, headers: bearer(token), payload });
const newParty = () => ({ party: { kind: 'organisation', name: `某公司${uniq()}`, uscc: usccFor(Number(uniq())) } });
const listed = async (token: string, url: string) =>
  ((await get(token, url)).json().items as { id?: string; case?: { id: string } }[]).some((i) => (i.id ?? i.case?.id) === caseId);

describe(`case routes by the caller's part in the case (${testEngine})`, () => {
  it('the officer of the case reads it, acts on it and reveals the ID number', async () => {
    const view = (await get(o(0).token, `/api/v1/cases/${caseId}`)).json();
    expect(view.canRevealIdNumbers).toBe(true);
    expect(view.actions.map((a: { name: string }) => a.name)).toContain('record_inquiry');
    expect((await act(t, o(0).token, caseId, 'add_party', newParty())).statusCode).toBe(200);
    expect((await post(o(0).token, `/api/v1/cases/${caseId}/parties/${partyId}/id-number`)).statusCode).toBe(200);
    expect(await listed(o(0).token, '/api/v1/cases/todo')).toBe(true);
    expect(await listed(o(0).token, '/api/v1/cases')).toBe(true);
  });

  it('another officer of the agency reads the case and the party but has no action and no reveal (403)', async () => {
    const view = await get(o(2).token, `/api/v1/cases/${caseId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().actions).toEqual([]);
    expect(view.json().canRevealIdNumbers).toBe(false);
    const before = await t.journalCount();
    const res = await act(t, o(2).token, caseId, 'add_party', newParty());
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().message).toContain('本案承办的执法人员');
    expect((await post(o(2).token, `/api/v1/cases/${caseId}/parties/${partyId}/id-number`)).statusCode).toBe(403);
    expect(await t.journalCount()).toBe(before);
    expect((await get(o(2).token, `/api/v1/parties/${partyId}`)).statusCode).toBe(200);
    expect(await listed(o(2).token, '/api/v1/cases')).toBe(true);
    expect(await listed(o(2).token, '/api/v1/cases/todo')).toBe(false);
  });

  it('an officer of another agency does not see the case (404) nor list it', async () => {
    const x = (other.officers[0] as Officer).token;
    expect((await get(x, `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await act(t, x, caseId, 'add_party', newParty())).statusCode).toBe(404);
    expect((await post(x, `/api/v1/cases/${caseId}/parties/${partyId}/id-number`)).statusCode).toBe(404);
    expect((await get(x, `/api/v1/parties/${partyId}`)).statusCode).toBe(404);
    expect(await listed(x, '/api/v1/cases')).toBe(false);
    expect(await listed(other.head.token, '/api/v1/cases')).toBe(false);
    expect((await act(t, other.head.token, caseId, 'assign_officers', { officerIds: [o(0).officerId] })).statusCode).toBe(404);
  });

  it('the supervising justice bureau reads the case, the ledger and the party, and cannot act (403)', async () => {
    const s = team.supervisor.token;
    const view = await get(s, `/api/v1/cases/${caseId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().actions).toEqual([]);
    expect(await listed(s, '/api/v1/cases')).toBe(true);
    expect((await get(s, `/api/v1/parties/${partyId}`)).statusCode).toBe(200);
    expect((await get(s, '/api/v1/cases/export')).statusCode).toBe(200);
    expect((await act(t, s, caseId, 'add_party', newParty())).statusCode).toBe(403);
    expect((await post(s, `/api/v1/cases/${caseId}/parties/${partyId}/id-number`)).statusCode).toBe(403);
    const open = await post(s, '/api/v1/cases', { procedure: 'general', title: '司法局登记', open: {} });
    expect(open.statusCode).toBe(403);
    // another county's bureau does not see it
    expect((await get(other.supervisor.token, `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('the auditor gets 403 on every case route', async () => {
    const urls: [string, string][] = [
      ['GET', '/api/v1/procedures'],
      ['GET', '/api/v1/cases'],
      ['GET', '/api/v1/cases/export'],
      ['GET', '/api/v1/cases/todo'],
      ['GET', `/api/v1/cases/${caseId}`],
      ['GET', '/api/v1/parties?q=张'],
      ['GET', `/api/v1/parties/${partyId}`],
      ['POST', '/api/v1/cases'],
      ['POST', `/api/v1/cases/${caseId}/actions/add_party`],
      ['POST', `/api/v1/cases/${caseId}/parties/${partyId}/id-number`],
      ['POST', '/api/v1/procedures/general/versions'],
    ];
    for (const [method, url] of urls) {
      const res = await t.app.inject({
        method: method as 'GET',
        url: encodeURI(url),
        headers: bearer(auditor),
        payload: method === 'POST' ? {} : undefined,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('the head reassigns the same officers twice at one instant (the test clock does not move)', async () => {
    const ids = { officerIds: [o(0).officerId, o(1).officerId], reason: '调整承办人员' };
    ok(await act(t, team.head.token, caseId, 'assign_officers', ids));
    ok(await act(t, team.head.token, caseId, 'assign_officers', ids));
    const view = (await get(o(0).token, `/api/v1/cases/${caseId}`)).json();
    expect(view.officers.map((x: { officerId: string }) => x.officerId)).toEqual(ids.officerIds);
  });
});
