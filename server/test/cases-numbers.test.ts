import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './app';
import { act, buildCaseTeam, buildGeneralCase, buildHeadOfficer, type CaseTeam, leadOpen, ok, openCaseAs, usccFor } from './case-fixtures';
import { uniq } from './factories';
import { testEngine } from './store';

/**
 * Case numbers (issue 8 §5, R-C08): gap-free per agency, year and category, allocated inside the
 * filing's transaction. Twenty filings approved at once (Promise.all: on PostgreSQL, twenty
 * concurrent transactions on the pool) get twenty different, consecutive numbers; filings refused
 * in the same burst and after it take none. Runs on both engines (CI's PostgreSQL pass sets
 * DATABASE_URL; nothing is skipped).
 */
let t: TestApp;
let team: CaseTeam;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
}, 120_000);
afterAll(() => t?.close());

const seqOf = (number: string) => Number(/〔2026〕(\d+)号$/.exec(number)?.[1]);

async function pending(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await buildGeneralCase(t, team, 'lead');
    ok(await act(t, (team.officers[0] as CaseTeam['officers'][number]).token, id, 'request_filing', { reason: '涉嫌违法' }));
    ids.push(id);
  }
  return ids;
}

describe(`case numbers (${testEngine})`, () => {
  it('twenty parallel filings get twenty different, consecutive numbers; refused filings in the burst take none', async () => {
    const ids = await pending(20);
    // five more in the burst that are refused: still at 案源登记 (STATE), nothing to approve
    const refused = await Promise.all(Array.from({ length: 5 }, () => buildGeneralCase(t, team, 'lead')));
    const results = await Promise.all([
      ...ids.map((id) => act(t, team.head.token, id, 'approve_filing', { note: '同意立案' })),
      ...refused.map((id) => act(t, team.head.token, id, 'approve_filing', { note: '同意立案' })),
    ]);
    const bodies = results.slice(0, 20).map((r) => ok(r));
    for (const r of results.slice(20)) expect(r.statusCode, r.body).toBe(409);
    const numbers = bodies.map((b) => b.case?.number as string);
    expect(new Set(numbers).size).toBe(20);
    for (const n of numbers) expect(n).toMatch(/罚〔2026〕\d+号$/);
    const seqs = numbers.map(seqOf).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const counter = await t.ctx.db
      .selectFrom('case_number_counter' as never)
      .select(['last_seq' as never])
      .where('agency_id' as never, '=', team.agency.id as never)
      .executeTakeFirstOrThrow();
    expect(Number((counter as { last_seq: number }).last_seq)).toBe(20);
  }, 120_000);

  it('a refused filing does not consume a number: the next filing gets the next one', async () => {
    // a head who is also an officer of the case requests the filing and may not approve it (SELF_APPROVAL)
    const { token } = await buildHeadOfficer(t, team);
    const mine = await openCaseAs(t, token, {
      procedure: 'general',
      title: `负责人自批测试案${uniq()}`,
      domain: '市场监管',
      parties: [{ kind: 'organisation', name: `某店${uniq()}`, uscc: usccFor(Number(uniq())) }],
      open: leadOpen('2026-08-20'),
    });
    ok(await act(t, token, mine, 'request_filing', { reason: '涉嫌违法' }));
    const refused = await act(t, token, mine, 'approve_filing', {});
    expect(refused.json().code, refused.body).toBe('SELF_APPROVAL');
    const [next] = await pending(1);
    const filed = ok(await act(t, team.head.token, next as string, 'approve_filing', {}));
    expect(seqOf(filed.case?.number as string)).toBe(21);
    // and the refused one, approved by another head, takes the one after
    const later = ok(await act(t, team.head.token, mine, 'approve_filing', {}));
    expect(seqOf(later.case?.number as string)).toBe(22);
  });
});
