import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';
import { act, buildCase, buildCaseTeam, type CaseTeam, caseToday } from './case-fixtures';
import { addEvidence, evidenceBody, photoBytes, stagedUpload } from './cases-evidence-fixtures';
import { submitAndConfirm, uniq } from './factories';
import { testEngine } from './store';

/**
 * Issue 9 acceptance: a step with a full-process AV duty cannot complete without an AV record
 * (R-C04). The agency's 音像记录事项清单 marks 查封扣押财产 full-process; the coercive procedure's
 * 查封、扣押 is refused naming the duty and its source, with nothing written, until an AV record
 * of that step is attached; a withdrawn record does not count.
 */

let t: TestApp;
let team: CaseTeam;
const basis = '《中华人民共和国行政处罚法》第四十七条';

const o1 = () => team.officers[0] as CaseTeam['officers'][number];
const o2 = () => team.officers[1] as CaseTeam['officers'][number];
const count = async (table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.ctx.db)).rows[0]?.n);

const seize = () => ({
  measure: 'seize',
  decidedOn: caseToday,
  approvedBy: '局长王某',
  approvedOn: caseToday,
  officersPresent: [o1().officerId, o2().officerId],
  certificatesShown: true,
  partyPresent: true,
  reasonsTold: true,
  statementHeard: true,
  recordMade: true,
  recordSigned: true,
  decisionNumber: `KY-${uniq()}`,
  decisionDelivered: true,
  termDays: 30,
  items: [{ name: '电热水壶', quantity: 20, unit: '台' }],
});

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
  for (const entry of [
    { code: 'AV-01', step: '查封扣押财产', duty: 'full_process', basis },
    { code: 'AV-04', step: '现场执法', duty: 'key_moments', basis },
  ]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/av-duties',
      headers: bearer(team.clerk.token),
      payload: { ...entry, reason: '测试数据' },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  await submitAndConfirm(t, '/api/v1/catalog/av-duties/submit', team.clerk.token, team.supervisor.token);
}, 120_000);
afterAll(() => t?.close());

describe(`AV duties enforced (${testEngine})`, () => {
  it('查封、扣押 is refused naming AV-01 until an AV record of the step is attached; a withdrawn one does not count', async () => {
    const id = await buildCase(t, team, { procedure: 'coercive_measure', state: 'proposed' });
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/evidence`, headers: bearer(o1().token) })).json();
    expect(list.avRequirements).toContainEqual(
      expect.objectContaining({ action: 'decide_measure', code: 'AV-01', duty: 'full_process', dutyLabel: '全过程记录', recorded: false }),
    );

    const before = { journal: await t.journalCount(), events: await count('case_event') };
    const refused = await act(t, o1().token, id, 'decide_measure', seize());
    expect(refused.statusCode, refused.body).toBe(409);
    const body = refused.json();
    expect(body.code).toBe('AV_RECORD_REQUIRED');
    expect(body.message).toContain('音像记录事项清单 AV-01「查封扣押财产」要求全过程记录');
    expect(body.message).toContain(basis);
    expect(body.details).toMatchObject({
      guard: 'AV_RECORD_REQUIRED',
      duty: { code: 'AV-01', duty: 'full_process' },
      step: 'decide_measure',
    });
    expect({ journal: await t.journalCount(), events: await count('case_event') }).toEqual(before);

    // a record of another step, or plain evidence of this step, does not satisfy the duty
    // each record is made of its own upload (an upload becomes at most one record, migration 0026)
    const upload = async () => stagedUpload(t, o1().id, await photoBytes(1), 'image/png', '现场.png');
    expect((await addEvidence(t, o1().token, id, evidenceBody(team, await upload(), { step: 'add_party' }))).statusCode).toBe(201);
    expect(
      (
        await addEvidence(
          t,
          o1().token,
          id,
          evidenceBody(team, await upload(), { step: 'decide_measure', category: 'evidence', kind: '物证' }),
        )
      ).statusCode,
    ).toBe(201);
    expect((await act(t, o1().token, id, 'decide_measure', seize())).json().code).toBe('AV_RECORD_REQUIRED');

    // an AV record of the step, then withdrawn: still refused
    const first = await addEvidence(t, o1().token, id, evidenceBody(team, await upload(), { step: 'decide_measure' }));
    expect(first.statusCode, first.body).toBe(201);
    const w = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/evidence/${first.json().id}/withdrawal`,
      headers: bearer(o1().token),
      payload: { reason: '录像不完整' },
    });
    expect(w.statusCode, w.body).toBe(201);
    expect((await act(t, o1().token, id, 'decide_measure', seize())).json().code).toBe('AV_RECORD_REQUIRED');

    // a valid AV record of the step: the seizure goes through
    const video = await stagedUpload(t, o2().id, Buffer.alloc(4096, 7), 'video/mp4', '查封过程.mp4');
    const second = await addEvidence(t, o2().token, id, evidenceBody(team, video, { step: 'decide_measure', title: '查封过程录像' }));
    expect(second.statusCode, second.body).toBe(201);
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/evidence`, headers: bearer(o1().token) })).json();
    expect(after.avRequirements.find((r: { action: string }) => r.action === 'decide_measure').recorded).toBe(true);
    const ok = await act(t, o1().token, id, 'decide_measure', seize());
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().case.state).toBe('in_force');
  });

  it('a key-moments duty does not block (现场执法 on the simple procedure)', async () => {
    const id = await buildCase(t, team, { procedure: 'simple', state: 'decided' });
    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: bearer(o1().token) })).json();
    expect(view.state).toBe('decided');
  });
});
