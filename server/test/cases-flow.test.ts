import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJournal } from '../src/platform/journal';
import { bearer, buildTestApp, type TestApp } from './app';
import { act, buildCaseTeam, type CaseTeam, leadOpen, usccFor } from './case-fixtures';

/**
 * One general-procedure penalty case from lead to closing through the generic API (issue 8 §3,
 * R-C01): every step is an action of the definition, journaled, and shown on the timeline.
 */
let t: TestApp;
let team: CaseTeam;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
});
afterAll(() => t?.close());

const ok = async (res: Awaited<ReturnType<typeof act>>) => {
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
};

describe('一般程序：从案源登记到结案', () => {
  it('runs the whole case and records every step with its journal entry', async () => {
    const [o1, o2] = team.officers as [CaseTeam['officers'][0], CaseTeam['officers'][0]];
    const today = '2026-08-31';
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(o1.token),
      payload: {
        procedure: 'general',
        title: '某餐饮店安排未取得健康证明人员从事接触直接入口食品工作案',
        domain: '市场监管',
        officerIds: [o2.officerId],
        parties: [{ kind: 'organisation', name: '示范区某某餐饮店', uscc: usccFor(1) }],
        open: leadOpen('2026-08-20'),
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id as string;
    expect(opened.json().state).toBe('lead');
    expect(opened.json().actions.map((a: { name: string }) => a.name)).toContain('request_filing');

    await ok(await act(t, o1.token, id, 'request_filing', { reason: '涉嫌违反食品安全法第一百二十六条第一款第六项' }));
    // the officer cannot approve their own filing: only the head may
    expect((await act(t, o1.token, id, 'approve_filing', {})).statusCode).toBe(403);
    const filed = await ok(await act(t, team.head.token, id, 'approve_filing', { note: '同意立案' }));
    expect(filed.case.state).toBe('investigating');
    expect(filed.case.number).toMatch(/罚〔2026〕1号$/);
    expect(filed.case.timeLimits.find((l: { kind: string }) => l.kind === 'decision')).toMatchObject({
      dueOn: '2026-11-29',
      unit: 'natural_days',
    });

    await ok(
      await act(t, o1.token, id, 'record_inquiry', {
        on: today,
        person: '店主王某',
        officersPresent: [o1.officerId, o2.officerId],
        certificatesShown: true,
        recordMade: true,
        summary: '承认两名员工未取得健康证明',
      }),
    );
    await ok(
      await act(t, o1.token, id, 'conclude_investigation', {
        facts: '当事人安排两名未取得健康证明的人员从事接触直接入口食品的工作',
        evidence: '询问笔录、现场检查笔录、员工名册',
        proposedOutcome: 'penalty',
        complex: false,
        major: false,
      }),
    );
    const notice = {
      notifiedOn: today,
      penaltyKinds: ['fine'],
      fineAmount: 5000,
      facts: '当事人安排两名未取得健康证明的人员从事接触直接入口食品的工作',
      reasons: '违反食品安全法第四十五条',
      legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第六项',
    };
    await ok(await act(t, o1.token, id, 'notify_rights', notice));
    await ok(await act(t, o1.token, id, 'record_waiver', { waivedOn: today, written: true }));
    const decided = await ok(
      await act(t, team.head.token, id, 'decide', {
        outcome: 'penalty',
        penaltyKinds: ['fine'],
        fineAmount: 5000,
        facts: notice.facts,
        legalBasis: notice.legalBasis,
        complex: false,
        major: false,
      }),
    );
    expect(decided.case.state).toBe('decided');
    await ok(await act(t, o1.token, id, 'serve', { method: 'direct', servedOn: today, recipient: '店主王某', proof: '送达回证' }));
    await ok(
      await act(t, o1.token, id, 'record_payment', {
        paidOn: today,
        amount: 5000,
        channel: 'bank',
        paymentReference: 'FS2026083100001',
        covers: 'fine',
      }),
    );
    await ok(await act(t, o1.token, id, 'request_closing', { reason: 'executed' }));
    const closed = await ok(await act(t, team.head.token, id, 'approve_closing', {}));
    expect(closed.case.state).toBe('closed');
    expect(closed.case.closedOn).toBe(today);
    expect(closed.case.actions).toEqual([]);

    const timeline = closed.case.timeline as { action: string; journalSeq: number; proofUrl: string }[];
    expect(timeline.map((e) => e.action)).toEqual([
      'open',
      'request_filing',
      'approve_filing',
      'record_inquiry',
      'conclude_investigation',
      'notify_rights',
      'record_waiver',
      'decide',
      'serve',
      'record_payment',
      'request_closing',
      'approve_closing',
    ]);
    const seqs = timeline.map((e) => e.journalSeq);
    expect(new Set(seqs).size).toBe(seqs.length);
    const entries = await t.ctx.db.selectFrom('journal_entry').select(['seq', 'action']).where('seq', 'in', seqs).execute();
    expect(entries.map((e) => e.action).sort()).toEqual(
      timeline.map((e) => (e.action === 'open' ? 'case.open' : `case.${e.action}`)).sort(),
    );
    const report = await verifyJournal(t.ctx.db, { hashAlgorithm: t.ctx.journal.hashAlgorithm, publicKeys: [] });
    expect(report.ok, JSON.stringify(report)).toBe(true);
  });
});
