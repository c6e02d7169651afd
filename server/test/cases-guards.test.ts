import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guards } from '../src/modules/cases/rules';
import { bearer, buildTestApp, type TestApp, testStart } from './app';
import {
  act,
  buildCaseTeam,
  buildGeneralCase,
  buildHeadOfficer,
  type CaseTeam,
  caseToday,
  generalDecision,
  generalNotice,
  leadOpen,
  ok,
  openCaseAs,
  reloginTeam,
  usccFor,
} from './case-fixtures';
import { idNumberFor, submitAndConfirm, uniq } from './factories';
import { testEngine } from './store';

/**
 * Issue 8 acceptance point 2: every guard of the law (`guards` in rules.ts), and the engine's own
 * STATE, SELF_APPROVAL and REVIEW_REQUIRED, refuses through the HTTP API: a case is driven with
 * bearer tokens to where the guard applies, the forbidden step is taken, and the answer is 409 with
 * the guard's code and a Chinese message naming the article (《…》第…条) — and NOTHING is written:
 * the journal, the case's version, state, events and time limits, and every case table's row count
 * are unchanged (DESIGN.md invariant 1: a refusal leaves no trace but the refusal itself).
 * Periods are run out with the manual test clock (90 days, 30 days), never by waiting.
 * The last test lists every code of `guards` and fails for one without a refusal here (`tested`).
 * Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */

let t: TestApp;
let team: CaseTeam;
const tested = new Set<string>();
const engineCodes = ['STATE', 'SELF_APPROVAL', 'REVIEW_REQUIRED'];

beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
  team = await buildCaseTeam(t);
}, 120_000);
afterAll(() => t?.close());

const o1 = () => team.officers[0] as CaseTeam['officers'][number];
const o2 = () => team.officers[1] as CaseTeam['officers'][number];

const count = async (table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.ctx.db)).rows[0]?.n);

/** Everything a step could write: the journal, the case tables' rows, and the case's own record. */
async function snapshot(caseId?: string) {
  const tables = ['enforcement_case', 'case_event', 'case_time_limit', 'case_party', 'case_officer', 'party', 'case_number_counter'];
  const counts: Record<string, number> = { journal: await t.journalCount() };
  for (const table of tables) counts[table] = await count(table);
  if (!caseId) return { counts };
  const row = await sql<{ version: number; state: string; number: string | null }>`
    select version, state, number from enforcement_case where id = ${caseId}`.execute(t.ctx.db);
  const limits =
    await sql`select kind, seq, status, due_on, extended_days, paused_days from case_time_limit where case_id = ${caseId} order by kind, seq`.execute(
      t.ctx.db,
    );
  return { counts, case: row.rows[0], limits: JSON.stringify(limits.rows) };
}

const article = /《中华人民共和国[^》]+》第[一二三四五六七八九十百千零]+条/;

/** Asserts a 409 refusal with `code` whose message cites its article, and that nothing was written. */
function expectRefusal(res: Awaited<ReturnType<typeof act>>, code: string) {
  const body = res.json() as { code: string; message: string; details: { guard?: string; article?: string } };
  expect(res.statusCode, res.body).toBe(409);
  expect(body.code, res.body).toBe(code);
  expect(body.details.guard).toBe(code);
  if (code === 'PARTY_IDENTIFIERS') expect(body.message).toContain('GB 11643');
  else if (code !== 'STATE' && code !== 'SELF_APPROVAL') {
    expect(body.message, res.body).toMatch(article);
    expect(body.message).toContain(body.details.article);
  }
  expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
  tested.add(code);
  return body;
}

/** Takes the forbidden step on the case and checks the refusal and that nothing changed. */
async function refuses(token: string, caseId: string, action: string, payload: Record<string, unknown>, code: string) {
  const before = await snapshot(caseId);
  const res = await act(t, token, caseId, action, payload);
  const body = expectRefusal(res, code);
  expect(await snapshot(caseId)).toEqual(before);
  return body;
}

/** Opening a case refused: 409 with the guard, and no case, event, party or journal entry written. */
async function refusesOpen(token: string, payload: Record<string, unknown>, code: string) {
  const before = await snapshot();
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload });
  const body = expectRefusal(res, code);
  expect(await snapshot()).toEqual(before);
  return body;
}

/** Moves the test clock `days` ahead for `fn` (sessions time out: the team logs in again), then back. */
async function later<T>(days: number, fn: () => Promise<T>): Promise<T> {
  t.clock.advance(days * 86_400_000);
  try {
    await reloginTeam(t, team);
    return await fn();
  } finally {
    t.clock.set(testStart);
    await reloginTeam(t, team);
  }
}

const party = () => ({ kind: 'organisation', name: `示范区某某商店${uniq()}`, uscc: usccFor(Number(uniq())) });
const person = () => ({ kind: 'natural_person', name: `张${uniq()}`, idNumber: idNumberFor() });

describe(`guards refused through the API (${testEngine})`, () => {
  // ---- the engine's own refusals ------------------------------------------------------------

  it('STATE: an action the case state does not allow', async () => {
    const id = await buildGeneralCase(t, team, 'lead');
    const body = await refuses(team.head.token, id, 'decide', generalDecision, 'STATE');
    expect(body.message).toContain('案源登记');
  });

  it('SELF_APPROVAL: a head who is also the case officer cannot approve their own filing request', async () => {
    const { token } = await buildHeadOfficer(t, team);
    const id = await openCaseAs(t, token, {
      procedure: 'general',
      title: `负责人自批测试案${uniq()}`,
      domain: '市场监管',
      officerIds: [o1().officerId],
      parties: [party()],
      open: leadOpen('2026-08-20'),
    });
    ok(await act(t, token, id, 'request_filing', { reason: '涉嫌违法' }));
    await refuses(token, id, 'approve_filing', {}, 'SELF_APPROVAL');
  });

  it('REVIEW_REQUIRED: a decision matching the confirmed review catalog, with the matched rules', async () => {
    // a review rule of the agency (R-L01): fines of 100,000 yuan or more on an organisation, confirmed by the bureau
    const rule = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/review-catalog',
      headers: bearer(team.clerk.token),
      payload: {
        code: `RV-${uniq()}`,
        name: '较大数额罚款',
        kind: 'fine_threshold',
        description: '对法人或其他组织罚款十万元以上须法制审核',
        effectiveFrom: '2026-01-01',
        organisationThreshold: 100000,
        reason: '测试数据',
      },
    });
    expect(rule.statusCode, rule.body).toBeLessThan(300);
    await submitAndConfirm(t, '/api/v1/catalog/review-catalog/submit', team.clerk.token, team.supervisor.token);
    const big = { penaltyKinds: ['fine'], fineAmount: 150000, hearingOffered: true };
    const id = await buildGeneralCase(t, team, 'waived', {
      noticeAction: 'notify_rights_and_hearing',
      notice: big,
      waiver: { waivesHearing: true },
    });
    const body = await refuses(team.head.token, id, 'decide', { ...generalDecision, fineAmount: 150000 }, 'REVIEW_REQUIRED');
    expect(body.message).toContain('第五十八条');
    expect((body.details as { matches: unknown[] }).matches.length).toBeGreaterThan(0);
  });

  // ---- 行政处罚法: opening, filing, investigation ----------------------------------------------

  it('LIMITATION_PERIOD: a lead discovered after two years (第三十六条)', async () => {
    await refusesOpen(
      o1().token,
      {
        procedure: 'general',
        title: '多年前的违法行为',
        domain: '市场监管',
        parties: [party()],
        open: { ...leadOpen('2020-01-01'), discoveredOn: '2026-08-30' },
      },
      'LIMITATION_PERIOD',
    );
  });

  it('AGENCY_QUALIFIED: an abolished agency cannot file (第三十八条)', async () => {
    const other = await buildCaseTeam(t);
    const id = await buildGeneralCase(t, other, 'lead');
    // the abolition itself is the org module's (confirmed by the bureau); here only its fact matters
    await sql`update agency set abolished = true where id = ${other.agency.id}`.execute(t.ctx.db);
    try {
      await refuses(
        (other.officers[0] as CaseTeam['officers'][number]).token,
        id,
        'request_filing',
        { reason: '涉嫌违法' },
        'AGENCY_QUALIFIED',
      );
    } finally {
      await sql`update agency set abolished = false where id = ${other.agency.id}`.execute(t.ctx.db);
    }
  });

  it('TWO_OFFICERS: an inquiry on a case with one officer (第四十二条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigating', { officerIds: [] });
    const body = await refuses(
      o1().token,
      id,
      'record_inquiry',
      {
        on: caseToday,
        person: '店主王某',
        officersPresent: [o1().officerId],
        certificatesShown: true,
        recordMade: true,
        summary: '询问',
      },
      'TWO_OFFICERS',
    );
    expect(body.message).toContain('第四十二条');
  });

  it('CERTIFICATE_SHOWN_AND_RECORDED, PRESERVATION_APPROVED, PRESERVATION_RUNNING, EXTENSION_BEFORE_DUE and the transfer guards while investigating', async () => {
    const id = await buildGeneralCase(t, team, 'investigating');
    await refuses(
      o1().token,
      id,
      'record_inquiry',
      {
        on: caseToday,
        person: '店主王某',
        officersPresent: [o1().officerId, o2().officerId],
        certificatesShown: false,
        recordMade: true,
        summary: '询问',
      },
      'CERTIFICATE_SHOWN_AND_RECORDED',
    );
    await refuses(o1().token, id, 'preserve_evidence', { preservedOn: caseToday, items: '员工名册一份' }, 'PRESERVATION_APPROVED');
    await refuses(o1().token, id, 'handle_preserved_evidence', { handledOn: caseToday, decision: '退还' }, 'PRESERVATION_RUNNING');
    // 第六十条: the 90 natural days from filing (2026-08-31) end on 2026-11-29
    await later(91, () =>
      refuses(o1().token, id, 'request_extension', { days: 30, reason: '案情复杂', legalBasis: '第六十条' }, 'EXTENSION_BEFORE_DUE'),
    );
    // transfer to the police; the receipt cannot be dated before the transfer; the outcome waits for the receipt
    ok(
      await act(t, team.head.token, id, 'transfer', {
        target: 'police',
        receiver: '示范县公安局',
        transferredOn: caseToday,
        reason: '涉嫌犯罪',
        materials: '案卷一册',
      }),
    );
    await refuses(o1().token, id, 'record_transfer_receipt', { receiptNumber: 'HZ-1', receivedOn: '2026-08-30' }, 'TRANSFER_RECORDED');
    await refuses(o1().token, id, 'record_criminal_transfer_outcome', { outcome: 'filed', on: caseToday }, 'TRANSFER_RECEIPT_FIRST');
    await refuses(team.head.token, id, 'resume_after_transfer', { reason: '退回' }, 'TRANSFER_NOT_ACCEPTED');
  });

  it('PRESERVATION_HANDLED before the investigation ends, RECORD_COMPLETE before closing (第五十六条、第四十七条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigating');
    ok(await act(t, o1().token, id, 'request_preservation', { reason: '证据可能灭失', items: '员工名册一份' }));
    ok(await act(t, team.head.token, id, 'approve_preservation', { note: '同意' }));
    ok(await act(t, o1().token, id, 'preserve_evidence', { preservedOn: caseToday, items: '员工名册一份' }));
    await refuses(
      o1().token,
      id,
      'conclude_investigation',
      { facts: '事实', evidence: '证据', proposedOutcome: 'penalty', complex: false, major: false },
      'PRESERVATION_HANDLED',
    );
    ok(await act(t, team.head.token, id, 'end_investigation', { reason: 'organisation_terminated', explanation: '当事人已注销' }));
    await refuses(o1().token, id, 'request_closing', { reason: 'investigation_terminated' }, 'RECORD_COMPLETE');
  });

  // ---- 告知、听证、决定 ------------------------------------------------------------------------

  it('PARTY_REQUIRED: no notice without a party (第五十九条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigation_concluded', { parties: [] });
    await refuses(o1().token, id, 'notify_rights', generalNotice, 'PARTY_REQUIRED');
  });

  it('FACTS_ESTABLISHED: no notice of a penalty when the investigation found the facts unproven (第四十条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigation_concluded', { conclusion: { proposedOutcome: 'no_penalty_unproven' } });
    await refuses(o1().token, id, 'notify_rights', generalNotice, 'FACTS_ESTABLISHED');
  });

  it('ELECTRONIC_MONITORING_REVIEWED: facts from an unpublished monitoring site (第四十一条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigation_concluded', {
      lead: { electronicMonitoring: { reviewed: true, sitePublished: false, recordReviewed: true } },
    });
    await refuses(o1().token, id, 'notify_rights', generalNotice, 'ELECTRONIC_MONITORING_REVIEWED');
  });

  it('PENALTY_SPECIFIED: a notified fine names its amount (第五十九条第一款)', async () => {
    const id = await buildGeneralCase(t, team, 'investigation_concluded');
    await refuses(o1().token, id, 'notify_rights', { ...generalNotice, fineAmount: 0 }, 'PENALTY_SPECIFIED');
  });

  it('HEARING_RIGHT_OFFERED: a large fine notified without the hearing right (第六十三条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigation_concluded');
    await refuses(o1().token, id, 'notify_rights', { ...generalNotice, fineAmount: 150000 }, 'HEARING_RIGHT_OFFERED');
  });

  it('RIGHTS_NOTIFIED: no decision before the notice (第四十四条)', async () => {
    const id = await buildGeneralCase(t, team, 'investigation_concluded');
    await refuses(team.head.token, id, 'decide', generalDecision, 'RIGHTS_NOTIFIED');
  });

  it('STATEMENT_HEARD: no decision while the statement period runs (第六十二条)', async () => {
    const id = await buildGeneralCase(t, team, 'notified');
    const body = await refuses(team.head.token, id, 'decide', generalDecision, 'STATEMENT_HEARD');
    expect((body.details as { dueOn: string }).dueOn).toBe('2026-09-07'); // five working days (第八十五条)
    // on the last day it still refuses; once the period has run (Tuesday 09-08), the decision goes through
    await later(7, () => refuses(team.head.token, id, 'decide', generalDecision, 'STATEMENT_HEARD'));
    await later(8, async () => expect(ok(await act(t, team.head.token, id, 'decide', generalDecision)).case?.state).toBe('decided'));
  });

  it('STATEMENT_REVIEWED: a decision after a statement names its review (第四十五条第一款)', async () => {
    const id = await buildGeneralCase(t, team, 'notified');
    ok(
      await act(t, o1().token, id, 'record_statement', {
        statedOn: caseToday,
        manner: 'written',
        summary: '当事人称已安排体检',
        review: '经复核，不影响违法事实认定',
        adopted: false,
      }),
    );
    ok(await act(t, o1().token, id, 'record_waiver', { waivedOn: caseToday, written: true }));
    await refuses(team.head.token, id, 'decide', generalDecision, 'STATEMENT_REVIEWED');
  });

  it('NO_HEAVIER_PENALTY: no fine above the notified one (第四十五条第二款)', async () => {
    const id = await buildGeneralCase(t, team, 'waived');
    await refuses(team.head.token, id, 'decide', { ...generalDecision, fineAmount: 8000 }, 'NO_HEAVIER_PENALTY');
  });

  it('COLLECTIVE_DISCUSSION: a complex case is decided collectively (第五十七条第二款)', async () => {
    const id = await buildGeneralCase(t, team, 'waived', { conclusion: { complex: true } });
    await refuses(team.head.token, id, 'decide', generalDecision, 'COLLECTIVE_DISCUSSION');
  });

  it('DISCRETION_REASON: a fine of an item with a discretion standard names the level (第三十四条)', async () => {
    const code = `T-ITEM-${uniq()}`;
    const basis = [{ law: '《中华人民共和国食品安全法》', article: '第一百二十六条', clause: null, text: null }];
    const post = async (kind: string, payload: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/catalog/${kind}`, headers: bearer(team.clerk.token), payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    await post('items', {
      code,
      name: '安排未取得健康证明的人员从事接触直接入口食品的工作',
      actCategory: 'penalty',
      legalBases: basis,
      reason: '测试数据',
    });
    await submitAndConfirm(t, '/api/v1/catalog/items/submit', team.clerk.token, team.supervisor.token);
    await post('discretion-standards', {
      code: `DS-${uniq()}`,
      itemCode: code,
      violation: '安排未取得健康证明的人员从事接触直接入口食品的工作',
      legalBasis: basis,
      penaltyBasis: basis,
      levels: [
        {
          level: '一般',
          conditions: '初次违法',
          penalty: '罚款',
          fineMin: 5000,
          fineMax: 20000,
          gainsMultipleMin: null,
          gainsMultipleMax: null,
        },
      ],
      reason: '测试数据',
    });
    await submitAndConfirm(t, '/api/v1/catalog/discretion-standards/submit', team.clerk.token, team.supervisor.token);
    const id = await buildGeneralCase(t, team, 'waived', { itemCode: code });
    await refuses(team.head.token, id, 'decide', generalDecision, 'DISCRETION_REASON');
  });

  it('DECISION_WITHIN_LIMIT: no penalty after the 90 days (第六十条)', async () => {
    const id = await buildGeneralCase(t, team, 'waived');
    const body = await later(91, () => refuses(team.head.token, id, 'decide', generalDecision, 'DECISION_WITHIN_LIMIT'));
    expect((body.details as { dueOn: string }).dueOn).toBe('2026-11-29');
    // the ninetieth day itself is still in time
    await later(90, async () => expect(ok(await act(t, team.head.token, id, 'decide', generalDecision)).case?.state).toBe('decided'));
  });

  it('HEARING_REQUEST_WINDOW, HEARING_NOTICE_PERIOD, HEARING_HOST_NOT_INVESTIGATOR, HEARING_SCHEDULED, HEARING_RECORD_USED (第六十四条、第六十五条)', async () => {
    const big = { penaltyKinds: ['fine'], fineAmount: 50000, hearingOffered: true };
    const id = await buildGeneralCase(t, team, 'notified', { noticeAction: 'notify_rights_and_hearing', notice: big });
    // five working days from Monday 2026-08-31: Monday 2026-09-07
    await refuses(o1().token, id, 'request_hearing', { requestedOn: '2026-09-08', manner: 'written' }, 'HEARING_REQUEST_WINDOW');
    ok(await act(t, o1().token, id, 'record_waiver', { waivedOn: caseToday, written: true }));
    ok(await act(t, o1().token, id, 'request_hearing', { requestedOn: caseToday, manner: 'written' }));
    const schedule = { hearingOn: '2026-09-15', place: '本局听证室', notifiedOn: caseToday, hostName: '法制科李某', public: true };
    await refuses(o1().token, id, 'schedule_hearing', { ...schedule, hearingOn: '2026-09-03' }, 'HEARING_NOTICE_PERIOD');
    await refuses(o1().token, id, 'schedule_hearing', { ...schedule, hostOfficerId: o2().officerId }, 'HEARING_HOST_NOT_INVESTIGATOR');
    await refuses(o1().token, id, 'schedule_hearing', { ...schedule, public: false }, 'HEARING_PUBLIC');
    await refuses(
      o1().token,
      id,
      'record_hearing',
      { heldOn: '2026-09-15', attendance: 'attended', recordMade: true, recordSigned: true, summary: '听证' },
      'HEARING_SCHEDULED',
    );
    await refuses(team.head.token, id, 'decide', { ...generalDecision, fineAmount: 50000 }, 'HEARING_RECORD_USED');
  });

  it('LEGAL_BASIS_REQUIRED: a decision without a legal basis (第三十八条)', async () => {
    const id = await buildGeneralCase(t, team, 'waived');
    await refuses(team.head.token, id, 'decide', { ...generalDecision, legalBasis: '   ' }, 'LEGAL_BASIS_REQUIRED');
  });

  // ---- 送达、执行、结案 ------------------------------------------------------------------------

  it('FINE_DECIDED, INSTALMENT_CONDITIONS: a decision without a fine is served without the payment period, and has no instalments', async () => {
    const warning = { penaltyKinds: ['warning'], fineAmount: undefined };
    const id = await buildGeneralCase(t, team, 'decided', { notice: warning, decision: warning });
    const service = { method: 'direct', servedOn: caseToday, recipient: '店主王某', proof: '送达回证' };
    await refuses(o1().token, id, 'serve', service, 'FINE_DECIDED');
    ok(await act(t, o1().token, id, 'serve_without_fine', service));
    await refuses(
      o1().token,
      id,
      'request_instalment',
      { kind: 'instalments', appliedOn: caseToday, hardship: '经营困难', schedule: '分三期' },
      'INSTALMENT_CONDITIONS',
    );
  });

  it('NO_FINE_DECIDED, ELECTRONIC_SERVICE_CONSENT, SERVICE_IN_TIME on serving a fine', async () => {
    const id = await buildGeneralCase(t, team, 'decided');
    const service = { method: 'direct', servedOn: caseToday, recipient: '店主王某', proof: '送达回证' };
    await refuses(o1().token, id, 'serve_without_fine', service, 'NO_FINE_DECIDED');
    await refuses(o1().token, id, 'serve', { ...service, method: 'electronic' }, 'ELECTRONIC_SERVICE_CONSENT');
    await refuses(o1().token, id, 'serve', { ...service, servedOn: '2026-08-30' }, 'SERVICE_IN_TIME');
  });

  it('TREASURY_PAYMENT, ON_THE_SPOT_COLLECTION, SURCHARGE_CAP, DEMAND_BEFORE_COURT, CLOSING_CONDITIONS, SURCHARGE_NOT_DURING_REMEDY while executing', async () => {
    const id = await buildGeneralCase(t, team, 'executing');
    const payment = { paidOn: caseToday, amount: 5000, channel: 'bank', covers: 'fine' };
    await refuses(o1().token, id, 'record_payment', payment, 'TREASURY_PAYMENT');
    await refuses(
      o1().token,
      id,
      'record_payment',
      { ...payment, channel: 'on_the_spot', onTheSpotGround: 'under_100', receiptNumber: 'PJ-1' },
      'ON_THE_SPOT_COLLECTION',
    );
    // 15 natural days from service on 2026-08-31: due 2026-09-15; a surcharge runs from the day after
    await refuses(o1().token, id, 'record_surcharge', { from: '2026-09-10', until: '2026-09-20', amount: 100 }, 'SURCHARGE_CAP');
    await refuses(
      team.head.token,
      id,
      'apply_compulsory_execution',
      { appliedOn: '2026-09-02', court: '示范县人民法院', demandServedOn: '2026-09-01' },
      'DEMAND_BEFORE_COURT',
    );
    await refuses(o1().token, id, 'request_closing', { reason: 'executed' }, 'CLOSING_CONDITIONS');
    ok(await act(t, o1().token, id, 'record_remedy', { kind: 'reconsideration', body: '示范县人民政府', filedOn: '2026-09-01' }));
    await refuses(
      o1().token,
      id,
      'record_surcharge',
      { from: '2026-09-16', until: '2026-09-20', amount: 100 },
      'SURCHARGE_NOT_DURING_REMEDY',
    );
  });

  it('PARTY_IDENTIFIERS: an ID number failing GB 11643 (R-C06)', async () => {
    const id = await buildGeneralCase(t, team, 'investigating');
    const good = idNumberFor();
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    await refuses(o1().token, id, 'add_party', { party: { kind: 'natural_person', name: '李某', idNumber: bad } }, 'PARTY_IDENTIFIERS');
  });

  // ---- 简易程序 -------------------------------------------------------------------------------

  it('SIMPLE_PROCEDURE_CAPS, ON_THE_SPOT_DECISION, SIMPLE_REPORTED (第五十一条、第五十二条)', async () => {
    const id = await openCaseAs(t, o1().token, {
      procedure: 'simple',
      title: `当场处罚${uniq()}`,
      domain: '市场监管',
      officerIds: [o2().officerId],
      parties: [person()],
      open: { place: '示范路1号', occurredOn: caseToday, summary: '占道经营', partyKind: 'natural_person' },
    });
    const decision = {
      decidedOn: caseToday,
      place: '示范路1号',
      factsCertain: true,
      penaltyKinds: ['fine'],
      fineAmount: 100,
      facts: '占道经营',
      legalBasis: '《示范市市容管理条例》第二十条',
      certificateShown: true,
      rightsTold: true,
      formNumber: `JY-${uniq()}`,
      deliveredOnSpot: true,
    };
    await refuses(o1().token, id, 'decide_on_spot', { ...decision, fineAmount: 500 }, 'SIMPLE_PROCEDURE_CAPS');
    await refuses(o1().token, id, 'decide_on_spot', { ...decision, certificateShown: false }, 'ON_THE_SPOT_DECISION');
    ok(await act(t, o1().token, id, 'decide_on_spot', decision));
    await refuses(o1().token, id, 'close', { reason: 'executed' }, 'SIMPLE_REPORTED');
  });

  // ---- 行政强制法: 查封、扣押 -----------------------------------------------------------------

  const measureOpen = () => ({
    procedure: 'coercive_measure',
    title: `扣押涉嫌不合格产品${uniq()}`,
    domain: '市场监管',
    parties: [party()],
    open: { reason: '涉嫌销售不合格产品', legalBasis: '《中华人民共和国产品质量法》第十八条', target: '库存产品' },
  });
  const measure = () => ({
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

  it('COERCION_TWO_OFFICERS: a measure by one officer (行政强制法 第十八条)', async () => {
    const id = await openCaseAs(t, o1().token, { ...measureOpen(), officerIds: [] });
    await refuses(o1().token, id, 'decide_measure', measure(), 'COERCION_TWO_OFFICERS');
  });

  it('COERCION_APPROVED, COERCION_ON_SITE_PROCEDURE, COERCION_DECISION_DOCUMENT, then the running term', async () => {
    const id = await openCaseAs(t, o1().token, { ...measureOpen(), officerIds: [o2().officerId] });
    const { approvedBy: _a, approvedOn: _b, ...unapproved } = measure();
    await refuses(o1().token, id, 'decide_measure', unapproved, 'COERCION_APPROVED');
    await refuses(o1().token, id, 'decide_measure', { ...measure(), certificatesShown: false }, 'COERCION_ON_SITE_PROCEDURE');
    await refuses(o1().token, id, 'decide_measure', { ...measure(), decisionDelivered: false }, 'COERCION_DECISION_DOCUMENT');
    ok(await act(t, o1().token, id, 'decide_measure', measure()));
    await refuses(
      team.head.token,
      id,
      'extend_measure',
      { days: 30, reason: '情况复杂', notifiedOn: caseToday, notifiedInWriting: false },
      'COERCION_EXTENSION',
    );
    await refuses(
      o1().token,
      id,
      'start_testing',
      { kind: 'testing', startedOn: caseToday, expectedEndOn: '2026-09-10', notifiedInWriting: false },
      'TESTING_PERIOD_NOTIFIED',
    );
    const release = {
      disposition: 'release',
      decidedOn: caseToday,
      releaseReason: 'no_violation',
      basis: '《中华人民共和国行政强制法》第二十八条',
    };
    await refuses(team.head.token, id, 'handle_measure', release, 'RELEASE_REASON');
    // thirty days from 2026-08-31: 2026-09-30; on 10-05 only a release for the expired term remains
    await later(35, () =>
      refuses(
        team.head.token,
        id,
        'handle_measure',
        { disposition: 'confiscate', decidedOn: '2026-10-05', basis: '《中华人民共和国产品质量法》第四十九条' },
        'COERCION_HANDLED_IN_TERM',
      ),
    );
  });

  // ---- 行政许可法 ------------------------------------------------------------------------------

  const application = () => ({
    procedure: 'licensing',
    title: `食品经营许可申请${uniq()}`,
    domain: '市场监管',
    parties: [party()],
    open: {
      itemName: '食品经营许可',
      applicant: '示范区某某超市',
      receivedOn: '2026-08-20',
      channel: 'window',
      materials: '申请书、营业执照',
    },
  });

  it('SUPPLEMENT_ONCE_IN_TIME, WRITTEN_ACCEPTANCE_RECEIPT, ACCEPTANCE_REJECTION_GROUNDS on an application', async () => {
    const id = await openCaseAs(t, o1().token, { ...application(), officerIds: [o2().officerId] });
    // received Thursday 2026-08-20: five working days end Thursday 2026-08-27
    await refuses(o1().token, id, 'request_supplement', { notifiedOn: caseToday, items: '法定代表人身份证明' }, 'SUPPLEMENT_ONCE_IN_TIME');
    await refuses(o1().token, id, 'accept', { acceptedOn: caseToday, writtenCertificate: false }, 'WRITTEN_ACCEPTANCE_RECEIPT');
    await refuses(
      o1().token,
      id,
      'reject_application',
      { rejectedOn: caseToday, ground: 'outside_competence', writtenCertificate: true },
      'ACCEPTANCE_REJECTION_GROUNDS',
    );
  });

  it('ACCEPTED_ON_RECEIPT, EXCLUDED_PERIOD_NOTIFIED, LICENSING_EXTENSION, DENIAL_REASONS, LEGAL_BASIS_REQUIRED, ISSUE_IN_TIME in review', async () => {
    const id = await openCaseAs(t, o1().token, { ...application(), officerIds: [o2().officerId] });
    // received 2026-08-20 and no supplement asked within five working days: accepted on receipt
    await refuses(o1().token, id, 'accept', { acceptedOn: caseToday, writtenCertificate: true }, 'ACCEPTED_ON_RECEIPT');
    ok(await act(t, o1().token, id, 'accept', { acceptedOn: '2026-08-20', writtenCertificate: true }));
    await refuses(
      o1().token,
      id,
      'pause_review',
      { kind: 'expert_review', startedOn: caseToday, expectedDays: 10, applicantNotifiedInWriting: false },
      'EXCLUDED_PERIOD_NOTIFIED',
    );
    const extension = { days: 10, reason: '现场核查', applicantNotifiedOn: caseToday };
    ok(await act(t, team.head.token, id, 'extend_review', extension));
    await refuses(team.head.token, id, 'extend_review', extension, 'LICENSING_EXTENSION');
    const denial = {
      decidedOn: caseToday,
      decisionNumber: `BY-${uniq()}`,
      reasons: '场所不符合要求',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
    };
    await refuses(team.head.token, id, 'deny', { ...denial, remedyTold: false }, 'DENIAL_REASONS');
    const grant = {
      decidedOn: caseToday,
      decisionNumber: `ZY-${uniq()}`,
      scope: '预包装食品销售',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
    };
    await refuses(team.head.token, id, 'grant', { ...grant, legalBasis: ' ' }, 'LEGAL_BASIS_REQUIRED');
    ok(await act(t, team.head.token, id, 'grant', grant));
    await refuses(o1().token, id, 'issue', { issuedOn: caseToday, method: 'certificate', serviceMethod: 'direct' }, 'ISSUE_IN_TIME');
  });

  // ---- bad input: 422 naming the field, nothing written ---------------------------------------

  it('422 for bad input names the fields and writes nothing', async () => {
    const id = await buildGeneralCase(t, team, 'investigating');
    const before = await snapshot(id);
    const res = await act(t, o1().token, id, 'record_inquiry', {
      on: '2026-13-45',
      officersPresent: [o1().officerId, o2().officerId],
      certificatesShown: true,
      recordMade: true,
      summary: '询问',
    });
    expect(res.statusCode, res.body).toBe(422);
    const fields = (res.json().details.fields as { field: string }[]).map((f) => f.field);
    expect(fields.some((f) => f.includes('person'))).toBe(true);
    expect(fields.some((f) => f.includes('on'))).toBe(true);
    expect(await snapshot(id)).toEqual(before);

    const beforeOpen = await snapshot();
    const open = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(o1().token),
      payload: { procedure: 'general', title: '缺少发现日期', open: { ...leadOpen(caseToday), discoveredOn: undefined } },
    });
    expect(open.statusCode, open.body).toBe(422);
    expect((open.json().details.fields as { field: string }[]).some((f) => f.field.includes('discoveredOn'))).toBe(true);
    expect(await snapshot()).toEqual(beforeOpen);
  });

  // ---- the list ------------------------------------------------------------------------------

  it('every guard of rules.ts and the engine has a refusal test above', () => {
    const all = [...Object.keys(guards), ...engineCodes];
    const missing = all.filter((code) => !tested.has(code));
    expect(missing, `guards without a refusal test in server/test/cases-guards.test.ts: ${missing.join(', ')}`).toEqual([]);
  });
});
