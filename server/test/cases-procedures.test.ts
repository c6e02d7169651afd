import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';
import { buildCaseTeam, type CaseTeam } from './case-fixtures';

/** Procedures are data a jurisdiction extends (issue 8 §2): a bureau's own version, checked, journaled, used by new cases only. */
let t: TestApp;
let team: CaseTeam;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
});
afterAll(() => t?.close());

const procedures = async (token: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/procedures', headers: bearer(token) })).json().items as {
    code: string;
    version: number;
    states: { name: string }[];
    actions: { name: string; label: string; input: unknown; from: string[]; guards: string[] }[];
  }[];

describe('GET /procedures', () => {
  it('lists the five procedures with each action’s Chinese label, states and input schema', async () => {
    const items = await procedures(team.officers[0]?.token as string);
    expect(items.map((p) => p.code).sort()).toEqual(['coercive_measure', 'general', 'inspection', 'licensing', 'simple']);
    const general = items.find((p) => p.code === 'general');
    const decide = general?.actions.find((a) => a.name === 'decide');
    expect(decide?.label).toBe('作出决定');
    expect(decide?.input).toMatchObject({ type: 'object', properties: expect.objectContaining({ fineAmount: expect.anything() }) });
    expect(decide?.guards).toContain('TWO_OFFICERS');
  });
});

describe('POST /procedures/{code}/versions', () => {
  it('adds the county’s own version from its effective date; a case opened before keeps its version', async () => {
    const officer = team.officers[0]?.token as string;
    const before = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(officer),
      payload: {
        procedure: 'inspection',
        title: '日常检查',
        domain: '市场监管',
        open: { reason: 'plan', target: '某超市', scheduledOn: '2026-08-31' },
      },
    });
    const base = (await procedures(officer)).find((p) => p.code === 'inspection');
    if (!base) throw new Error('no inspection procedure');
    const journal = await t.journalCount();
    const definition = { ...base, label: '检查（本县版）' };
    const added = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures/inspection/versions',
      headers: bearer(team.supervisor.token),
      payload: { definition, effectiveFrom: '2026-08-31', reason: '本县检查程序增加说明' },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().version).toBe(base.version + 1);
    expect(await t.journalCount()).toBe(journal + 1);
    const now = (await procedures(officer)).find((p) => p.code === 'inspection');
    expect(now?.version).toBe(base.version + 1);
    expect(before.statusCode, before.body).toBe(201);
    const c = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${before.json().id}`, headers: bearer(officer) });
    expect(c.json().procedure.version).toBe(base.version);
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(officer),
      payload: {
        procedure: 'inspection',
        title: '日常检查',
        domain: '市场监管',
        open: { reason: 'plan', target: '某超市', scheduledOn: '2026-08-31' },
      },
    });
    expect(after.json().procedure).toMatchObject({ version: base.version + 1, label: '检查（本县版）' });
  });

  it('refuses a definition that cannot run, naming what is wrong, and writes nothing', async () => {
    const base = (await procedures(team.officers[0]?.token as string)).find((p) => p.code === 'general');
    if (!base) throw new Error('no general procedure');
    const broken = {
      ...base,
      actions: [...base.actions, { ...base.actions[0], name: 'local_step', from: ['nowhere'], guards: ['NO_SUCH_GUARD'] }],
    };
    const journal = await t.journalCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures/general/versions',
      headers: bearer(team.supervisor.token),
      payload: { definition: broken, effectiveFrom: '2026-09-01', reason: '测试' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('nowhere');
    expect(JSON.stringify(res.json().details)).toContain('NO_SUCH_GUARD');
    expect(await t.journalCount()).toBe(journal);
  });

  it('is the justice bureau’s: an officer gets 403', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/procedures/general/versions',
      headers: bearer(team.officers[0]?.token as string),
      payload: { definition: {}, effectiveFrom: '2026-09-01', reason: '测试' },
    });
    expect(res.statusCode).toBe(403);
  });
});
