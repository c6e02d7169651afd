import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';
import { act, buildCaseTeam, buildGeneralCase, type CaseTeam, caseToday, ok, reloginTeam } from './case-fixtures';
import { buildAccount, idNumberFor, uniq } from './factories';
import { testEngine } from './store';

/**
 * A party's ID number (issue 8 §6, R-C06, R-D02) is masked everywhere: it is never in a response
 * to anyone — the case page with its timeline inputs, the ledger, 我的待办, the party search and
 * page, the .xlsx ledger, an action's answer, the audit log, the public journal — whoever asks,
 * the case's own officers included. Only POST …/id-number by an officer of the case returns it,
 * and each reveal adds a journal entry (with the number masked). The raw bodies are scanned for
 * the 18 characters. And one place per party: a person found again by ID number in a second case
 * is the same party, whose page lists both cases in time order.
 */
let t: TestApp;
let team: CaseTeam;
let other: CaseTeam;
let auditor: string;
const idNumber = idNumberFor();
let caseA: string;
let caseB: string;
let partyId: string;

type Officer = CaseTeam['officers'][number];
const o = (i: number) => team.officers[i] as Officer;

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  // three officers: the first two handle the cases, the third is of the agency but not on them
  team = await buildCaseTeam(t, undefined, 3);
  other = await buildCaseTeam(t);
  const acc = await buildAccount(t, 'auditor', null, { jurisdictionCode: null });
  auditor = await t.login(acc.username);
  const person = { kind: 'natural_person', name: `张${uniq()}`, idNumber, address: '示范路1号', phone: '13800000000' };
  caseA = await buildGeneralCase(t, team, 'executing', { officerIds: [o(1).officerId], parties: [person] });
  // a day later, a second case against the same person, added by ID number
  t.clock.advance(86_400_000);
  await reloginTeam(t, team);
  await reloginTeam(t, other);
  auditor = await t.login(acc.username);
  caseB = await buildGeneralCase(t, team, 'investigating', { officerIds: [o(1).officerId], parties: [] });
  ok(await act(t, o(0).token, caseB, 'add_party', { party: { ...person, name: `${person.name}（再次）` } }));
  const view = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseA}`, headers: bearer(o(0).token) });
  partyId = view.json().parties[0].id;
}, 120_000);
afterAll(() => t?.close());

const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });

/** the full number, in any case of its check character, anywhere in the text */
function expectNoIdNumber(text: string, where: string) {
  expect(text.toUpperCase().includes(idNumber.toUpperCase()), `${where} carries the full ID number`).toBe(false);
}

async function xlsxText(buffer: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? c.value ?? '')))));
  return cells.join('\n');
}

describe(`party ID numbers (${testEngine})`, () => {
  it('never appear in the case, ledger, to-do, party, export, audit or public journal responses', async () => {
    const readers = [
      ['officer of the case', o(0).token],
      ['other officer of the case', o(1).token],
      ['officer not on the case', o(2).token],
      ['agency head', team.head.token],
      ['disclosure clerk', team.clerk.token],
      ['supervisor', team.supervisor.token],
    ] as const;
    let exportedName = false;
    for (const [who, token] of readers) {
      for (const url of [
        `/api/v1/cases/${caseA}`,
        `/api/v1/cases/${caseB}`,
        '/api/v1/cases',
        `/api/v1/cases?party=${encodeURIComponent('张')}`,
        '/api/v1/cases/todo',
        `/api/v1/parties?q=${encodeURIComponent('张')}`,
        `/api/v1/parties/${partyId}`,
      ]) {
        const res = await get(token, url);
        expect(res.statusCode, `${who} ${url}: ${res.body}`).toBeLessThan(500);
        expectNoIdNumber(res.body, `${who} GET ${url}`);
      }
      const x = await get(token, '/api/v1/cases/export');
      expect(x.statusCode, `${who} export`).toBe(200);
      expectNoIdNumber(x.rawPayload.toString('latin1'), `${who} export bytes`);
      const text = await xlsxText(x.rawPayload);
      expectNoIdNumber(text, `${who} export cells`);
      if (text.includes('张')) exportedName = true;
    }
    expect(exportedName, 'the export lists the party (the scan looked at the right rows)').toBe(true);

    // the case page masks the number, and its timeline (inputs of open and add_party) too
    const page = (await get(o(0).token, `/api/v1/cases/${caseB}`)).json();
    expect(page.parties[0].idNumberMasked).toMatch(/\*/);
    expect(page.timeline.map((e: { action: string }) => e.action)).toContain('add_party');

    // the audit log, all of it
    let cursor: number | null = null;
    do {
      const res = await get(auditor, `/api/v1/audit-events?limit=500${cursor !== null ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      expectNoIdNumber(res.body, 'audit log');
      cursor = res.json().nextCursor === null ? null : Number(res.json().nextCursor);
    } while (cursor !== null);

    // the public journal: every entry, and what the journal stores
    const max = await t.journalCount();
    for (let seq = 1; seq <= max; seq++) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/journal/entries/${seq}` });
      expect(res.statusCode).toBeLessThan(500);
      expectNoIdNumber(res.body, `public journal entry ${seq}`);
    }
    const stored = await t.ctx.db.selectFrom('journal_entry').selectAll().execute();
    expectNoIdNumber(JSON.stringify(stored), 'the journal table');
  }, 120_000);

  it('an action answer carries the case view with the number masked', async () => {
    const res = await act(t, o(0).token, caseB, 'record_inquiry', {
      on: '2026-09-01',
      person: '当事人本人',
      officersPresent: [o(0).officerId, o(1).officerId],
      certificatesShown: true,
      recordMade: true,
      summary: '询问',
    });
    expect(res.statusCode, res.body).toBe(200);
    expectNoIdNumber(res.body, 'action answer');
  });

  it('only an officer of the case sees it, through POST …/id-number, and each reveal is journaled', async () => {
    const url = `/api/v1/cases/${caseA}/parties/${partyId}/id-number`;
    const reveal = (token: string) => t.app.inject({ method: 'POST', url, headers: bearer(token) });
    for (const token of [o(0).token, o(1).token]) {
      const before = await t.journalCount();
      const res = await reveal(token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().idNumber).toBe(idNumber);
      expect(await t.journalCount()).toBe(before + 1);
      const entry = await t.ctx.db
        .selectFrom('journal_entry')
        .select(['action', 'payload'])
        .where('seq', '=', res.json().journalSeq)
        .executeTakeFirstOrThrow();
      expect(entry.action).toBe('party.reveal_id_number');
      expectNoIdNumber(JSON.stringify(entry.payload), 'the reveal entry');
    }
    // refused: no entry, no number
    const refusals: [string, string, number][] = [
      ['officer not on the case', o(2).token, 403],
      ['agency head', team.head.token, 403],
      ['disclosure clerk', team.clerk.token, 403],
      ['supervisor', team.supervisor.token, 403],
      ['officer of another agency', (other.officers[0] as Officer).token, 404],
    ];
    for (const [who, token, status] of refusals) {
      const before = await t.journalCount();
      const res = await reveal(token);
      expect(res.statusCode, `${who}: ${res.body}`).toBe(status);
      expectNoIdNumber(res.body, who);
      expect(await t.journalCount(), who).toBe(before);
    }
    const anonymous = await t.app.inject({ method: 'POST', url });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a party found again by ID number is one party whose page lists both cases in time order', async () => {
    const a = (await get(o(0).token, `/api/v1/cases/${caseA}`)).json();
    const b = (await get(o(0).token, `/api/v1/cases/${caseB}`)).json();
    expect(a.parties.map((p: { id: string }) => p.id)).toEqual([partyId]);
    expect(b.parties.map((p: { id: string }) => p.id)).toEqual([partyId]);
    const page = await get(o(2).token, `/api/v1/parties/${partyId}`);
    expect(page.statusCode, page.body).toBe(200);
    const cases = page.json().cases as { case: { id: string; openedOn: string }; addedAt: string }[];
    expect(cases.map((c) => c.case.id)).toEqual([caseA, caseB]);
    expect(cases[0]?.case.openedOn).toBe(caseToday);
    expect(cases[1]?.case.openedOn).toBe('2026-09-01');
    // the supervisor reads it too; another agency does not see it
    expect((await get(team.supervisor.token, `/api/v1/parties/${partyId}`)).statusCode).toBe(200);
    expect((await get((other.officers[0] as Officer).token, `/api/v1/parties/${partyId}`)).statusCode).toBe(404);
    const search = (await get(o(0).token, `/api/v1/parties?q=${encodeURIComponent('张')}`)).json();
    const found = search.items.filter((i: { party: { id: string } }) => i.party.id === partyId);
    expect(found).toHaveLength(1);
    expect(found[0].caseCount).toBe(2);
  });

  it('an ID number ending in X is found again when typed with a lower-case x', async () => {
    let n = 500;
    while (!idNumberFor(n).endsWith('X')) n++;
    const upper = idNumberFor(n);
    const first = await buildGeneralCase(t, team, 'investigating', {
      parties: [{ kind: 'natural_person', name: '王某', idNumber: upper }],
    });
    const second = await buildGeneralCase(t, team, 'investigating', { parties: [] });
    ok(await act(t, o(0).token, second, 'add_party', { party: { kind: 'natural_person', name: '王某', idNumber: upper.toLowerCase() } }));
    const a = (await get(o(0).token, `/api/v1/cases/${first}`)).json().parties[0].id;
    const b = (await get(o(0).token, `/api/v1/cases/${second}`)).json().parties[0].id;
    expect(b).toBe(a);
  });
});
