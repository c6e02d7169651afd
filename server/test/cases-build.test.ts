import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, type TestApp } from './app';
import { buildCase, buildCaseTeam, type CaseProcedure, type CaseTeam, casePaths } from './case-fixtures';
import { testEngine } from './store';

/**
 * The case fixture (`buildCase`) reaches every state it offers on every built-in procedure through
 * the HTTP API — a smoke test that each procedure runs on both engines, and a guard for the tests
 * that build on it (guards, numbers, parties, authorization).
 */
let t: TestApp;
let team: CaseTeam;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
}, 120_000);
afterAll(() => t?.close());

describe(`buildCase (${testEngine})`, () => {
  for (const procedure of Object.keys(casePaths) as CaseProcedure[]) {
    it(`drives a ${procedure} case to each of ${casePaths[procedure].join(', ')}`, async () => {
      for (const state of casePaths[procedure]) {
        const id = await buildCase(t, team, { procedure, state } as never);
        const view = (await t.app.inject({ url: `/api/v1/cases/${id}`, headers: bearer(team.head.token) })).json();
        // `waived` is the general procedure's 告知 with the party's waiver recorded
        expect(view.state, `${procedure} → ${state}`).toBe(state === 'waived' ? 'notified' : state);
        expect(view.procedure.code).toBe(procedure);
      }
    }, 60_000);
  }
});
