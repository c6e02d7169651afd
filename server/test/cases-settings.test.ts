import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';
import { act, buildCaseTeam, type CaseTeam, leadOpen } from './case-fixtures';

/**
 * Settings with effective dates reach cases (issue 8 acceptance; DESIGN.md invariant 3): a county's
 * tighter decision limit scheduled for a later day leaves a case filed before that day on the law's
 * ninety days, and applies to a case filed from that day on.
 */
let t: TestApp;
let team: CaseTeam;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
});
afterAll(() => t?.close());

async function fileCase(): Promise<{ id: string; decisionDue: string }> {
  const [o1, o2] = team.officers as [CaseTeam['officers'][0], CaseTeam['officers'][0]];
  const opened = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(o1.token),
    payload: { procedure: 'general', title: '测试案件', domain: '市场监管', officerIds: [o2.officerId], open: leadOpen('2026-08-20') },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const id = opened.json().id as string;
  expect((await act(t, o1.token, id, 'request_filing', { reason: '涉嫌违法' })).statusCode).toBe(200);
  const filed = await act(t, team.head.token, id, 'approve_filing', {});
  expect(filed.statusCode, filed.body).toBe(200);
  const limit = filed.json().case.timeLimits.find((l: { kind: string }) => l.kind === 'decision');
  return { id, decisionDue: limit.dueOn };
}

describe('a setting scheduled for a later day', () => {
  it('does not change a case filed before it and applies to cases filed from that day', async () => {
    const scheduled = await t.app.inject({
      method: 'POST',
      url: '/api/v1/settings/penalty.decision_days/values',
      headers: bearer(team.supervisor.token),
      payload: { jurisdictionCode: team.county, value: 60, effectiveFrom: '2026-09-15', reason: '本县规定一般程序案件六十日内作出决定' },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const before = await fileCase(); // 2026-08-31: the law's 90 natural days (第六十条)
    expect(before.decisionDue).toBe('2026-11-29');
    t.clock.set('2026-09-16T01:00:00Z');
    // sessions end after their longest life: everyone logs in again on the later day
    for (const a of [team.head, team.supervisor, ...team.officers]) a.token = await t.login(a.username);
    const after = await fileCase();
    expect(after.decisionDue).toBe('2026-11-15'); // 60 natural days from 2026-09-16
    const again = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${before.id}`, headers: bearer(team.head.token) });
    expect(again.json().timeLimits.find((l: { kind: string }) => l.kind === 'decision').dueOn).toBe('2026-11-29');
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/settings?jurisdictionCode=${team.county}`,
      headers: bearer(team.supervisor.token),
    });
    expect(JSON.stringify(history.json())).toContain('本县规定一般程序案件六十日内作出决定');
  });
});
