import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivedDemoCases } from '../src/demo/case-records';
import { loadCasesDemo } from '../src/demo/cases';
import { requiredCases } from '../src/demo/cases-list';
import { verifyCaseFile } from '../src/modules/cases';
import { loadPublicKeys, verifyJournal } from '../src/platform/journal';
import { bearer, buildTestApp, demoPassword, type TestApp } from './app';

/**
 * The demo's cases (issue 8 §14): at least 60 across the demo agencies, in every state of every
 * procedure, each played through the engine as the demo accounts, so the journal holds every act.
 */
let t: TestApp;
let ids: Record<string, string>;
let loadMs = 0;
beforeAll(async () => {
  t = await buildTestApp();
  // `sanxiang demo` loads them after the jurisdiction (server.ts); the test app leaves them out
  const report = await loadCasesDemo(t.ctx, demoPassword);
  if (!report) throw new Error('demo cases were already loaded');
  loadMs = report.ms;
  ids = report.ids;
  // a second load finds them there and adds nothing
  expect(await loadCasesDemo(t.ctx, demoPassword)).toBeNull();
}, 300_000);
afterAll(() => t?.close());

const get = async (token: string, url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('演示案件', () => {
  it('has at least 60 cases across the enforcement agencies, in every state of every procedure', async () => {
    console.info(`demo cases loaded in ${loadMs} ms`);
    const rows = await t.ctx.db
      .selectFrom('enforcement_case' as never)
      .select(['procedure_code', 'state', 'agency_id'] as never)
      .execute();
    const cases = rows as unknown as { procedure_code: string; state: string; agency_id: string }[];
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.agency_id)).size).toBeGreaterThanOrEqual(5);
    const supervisor = await t.login('supervisor');
    const procedures = (await get(supervisor, '/api/v1/procedures')) as { items?: unknown[] } | unknown[];
    const list = (Array.isArray(procedures) ? procedures : (procedures.items ?? [])) as { code: string; states: { name: string }[] }[];
    expect(list.length).toBeGreaterThanOrEqual(5);
    const missing: string[] = [];
    for (const p of list) {
      for (const s of p.states.map((x) => x.name))
        if (!cases.some((c) => c.procedure_code === p.code && c.state === s)) missing.push(`${p.code}.${s}`);
    }
    expect(missing).toEqual([]);
  });

  it('has every required kind of case', async () => {
    const head = await t.login('agency_head');
    const state = async (key: string) => (await get(head, `/api/v1/cases/${ids[key]}`)) as Record<string, unknown>;
    const overdue = await state(requiredCases.overdue);
    expect(overdue.state).toBe('investigating');
    const extended = await state(requiredCases.extension);
    const decision = (extended.timeLimits as { kind: string; extendedDays: number; dueOn: string }[]).find((l) => l.kind === 'decision');
    expect(decision?.extendedDays).toBe(30);
    const timeline = (extended.timeline as { action: string }[]).map((e) => e.action);
    expect(timeline).toContain('approve_extension');
    const urbanHead = await t.login('urban_head');
    const simple = (await get(urbanHead, `/api/v1/cases/${ids[requiredCases.simple]}`)) as Record<string, unknown>;
    expect(JSON.stringify(simple.procedure)).toMatch(/simple/);
    expect(simple.state).toBe('decided');
    const coercion = await state(requiredCases.coercion);
    expect(coercion.state).toBe('in_force');
    const licensing = await state(requiredCases.licensing);
    expect(licensing.state).toBe('under_review');
    const emergencyHead = await t.login('emergency_head');
    const review = (await get(emergencyHead, `/api/v1/cases/${ids[requiredCases.reviewRequired]}`)) as Record<string, unknown>;
    expect(review.state).toBe('notified');
    const ecologyHead = await t.login('ecology_head');
    const transfer = (await get(ecologyHead, `/api/v1/cases/${ids[requiredCases.transfer]}`)) as Record<string, unknown>;
    expect(transfer.state).toBe('transferred');
    const receipt = (transfer.timeline as { action: string; input: Record<string, unknown> }[]).find((e) => e.action === 'transfer');
    expect(receipt?.input.target).toBe('police');
    // closed general cases with payment
    const rows = (await t.ctx.db
      .selectFrom('case_event' as never)
      .select(['case_id'] as never)
      .where('action' as never, '=', 'record_payment' as never)
      .execute()) as unknown as { case_id: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });

  it("shows the overdue case first in the officer's 我的待办 and in the head's overdue view", async () => {
    const officer = await t.login('officer');
    const todo = (await get(officer, '/api/v1/cases/todo')) as {
      items: { case: { id: string }; limit: { dueOn: string } | null }[];
      today: string;
    };
    expect(todo.items[0]?.case.id).toBe(ids[requiredCases.overdue]);
    expect(String(todo.items[0]?.limit?.dueOn) < todo.today).toBe(true);
    const head = await t.login('agency_head');
    const overdue = (await get(head, '/api/v1/cases?overdue=true')) as { items: { id: string }[] };
    expect(overdue.items.map((i) => i.id)).toContain(ids[requiredCases.overdue]);
  });

  it('answers 409 REVIEW_REQUIRED with the matched rules when the head decides the case the review catalog covers', async () => {
    const head = await t.login('emergency_head');
    // the case page says so before anyone tries: the notified proposal matches the review catalog (issue 8 §10)
    const page = (await get(head, `/api/v1/cases/${ids[requiredCases.reviewRequired]}`)) as {
      review: { needsReview: boolean; matches: { ruleCode: string }[] } | null;
    };
    expect(page.review?.needsReview).toBe(true);
    expect(page.review?.matches.map((m) => m.ruleCode)).toContain('RC-02');
    const before = await t.journalCount();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${ids[requiredCases.reviewRequired]}/actions/decide`,
      headers: bearer(head),
      payload: {
        outcome: 'penalty',
        penaltyKinds: ['fine'],
        fineAmount: 150_000,
        facts: '经查，当事人存在“公众聚集场所未经消防救援机构许可擅自投入使用、营业”的违法行为，事实清楚，证据确凿',
        legalBasis: '《中华人民共和国消防法》第五十八条第一款第（四）项',
        discretionLevel: '较重',
        complex: false,
        major: false,
      },
    });
    expect(res.statusCode, res.body).toBe(409);
    const body = res.json();
    expect(body.code).toBe('REVIEW_REQUIRED');
    expect(body.message).toMatch(/第五十八条/);
    expect(body.details.matches.map((m: { code?: string; ruleCode?: string }) => m.code ?? m.ruleCode)).toContain('RC-02');
    expect(await t.journalCount()).toBe(before);
  });

  it('has documents, a site photo and two archived cases whose files verify offline (issue 9 §10)', async () => {
    const officer = await t.login('officer');
    for (const key of archivedDemoCases) {
      const id = ids[key];
      const docs = (await get(officer, `/api/v1/cases/${id}/documents`)) as { items: { templateCode: string }[] };
      expect(docs.items.map((d) => d.templateCode)).toEqual(
        expect.arrayContaining(['filing_approval', 'inspection_record', 'penalty_decision', 'service_receipt', 'closing_approval']),
      );
      const evidence = (await get(officer, `/api/v1/cases/${id}/evidence`)) as { items: { mimeType: string }[] };
      expect(evidence.items.map((e) => e.mimeType)).toEqual(expect.arrayContaining(['image/jpeg', 'audio/wav']));
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}/case-file/download`, headers: bearer(officer) });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const path = join(mkdtempSync(join(tmpdir(), 'demo-case-file-')), 'case.zip');
      writeFileSync(path, res.rawPayload);
      const verified = await verifyCaseFile(path);
      expect(verified.problems).toEqual([]);
      expect(verified.ok).toBe(true);
    }
  });

  it('leaves a journal that verifies', async () => {
    // the case files' export signed a checkpoint on demand (ADR 0011): it verifies with the deployment's key
    const publicKeys = await loadPublicKeys(t.ctx.db);
    const report = await verifyJournal(t.ctx.db, { hashAlgorithm: t.ctx.journal.hashAlgorithm, publicKeys });
    expect(report.checkpoints).toBeGreaterThan(0);
    expect(report.ok, JSON.stringify(report)).toBe(true);
  });
});
