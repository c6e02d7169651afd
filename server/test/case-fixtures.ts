import { insertOfficer, usccCheckChar } from '../src/modules/org';
import { insertAccount } from '../src/platform/auth';
import { bearer, demoPassword, type TestApp } from './app';
import {
  type BuiltAccount,
  type BuiltAgency,
  buildAccount,
  buildAgency,
  buildJurisdiction,
  idNumberFor,
  submitAndConfirm,
  uniq,
} from './factories';

/**
 * A county ready to handle cases (issue 8): its justice bureau (a supervisor), a market-regulation
 * agency with its head, disclosure clerk and two certified officers linked to their accounts, and
 * the officer list confirmed by the bureau (R-P01: officers enforce on what the bureau confirmed).
 */
export interface CaseTeam {
  county: string;
  bureau: BuiltAgency;
  agency: BuiltAgency;
  supervisor: BuiltAccount & { token: string };
  head: BuiltAccount & { token: string };
  clerk: BuiltAccount & { token: string };
  officers: (BuiltAccount & { token: string; officerId: string })[];
}

const factory = { id: null, name: 'test-factory' };

export async function buildCaseTeam(t: TestApp, county = `99${uniq().padStart(4, '0').slice(-4)}`, officers = 2): Promise<CaseTeam> {
  await buildJurisdiction(t, { code: county, name: `测试县${county}` });
  const bureau = await buildAgency(t, { jurisdictionCode: county, name: `测试县${county}司法局`, isSupervising: true });
  const agency = await buildAgency(t, { jurisdictionCode: county, name: `测试县${county}市场监督管理局` });
  const withToken = async (a: BuiltAccount) => ({ ...a, token: await t.login(a.username) });
  const supervisor = await withToken(await buildAccount(t, 'supervisor', bureau));
  const head = await withToken(await buildAccount(t, 'agency_head', agency));
  const clerk = await withToken(await buildAccount(t, 'disclosure_clerk', agency));
  const team: CaseTeam['officers'] = [];
  for (let i = 0; i < officers; i++) {
    const account = await buildAccount(t, 'officer', agency, { displayName: `执法员${i + 1}号` });
    const n = uniq();
    const row = await t.ctx.db.transaction().execute((trx) =>
      insertOfficer(trx, t.ctx, factory, {
        agencyId: agency.id,
        userId: account.id,
        name: `执法员${n}`,
        idNumber: idNumberFor(Number(n)),
        post: '科员',
        domains: ['市场监管'],
        isEnforcer: true,
        certificateNumber: `61${n.padStart(10, '0')}`,
        issuingBody: '示范市人民政府',
        validFrom: '2025-01-01',
        validUntil: '2030-12-31',
        reason: '测试数据',
      }),
    );
    team.push({ ...(await withToken(account)), officerId: row.id });
  }
  await submitAndConfirm(t, `/api/v1/agencies/${agency.id}/officers/submit`, clerk.token, supervisor.token);
  return { county, bureau, agency, supervisor, head, clerk, officers: team };
}

/** A valid USCC (GB 32100) ending in the given digits. */
export function usccFor(n: number): string {
  const first17 = `91610100${String(n).padStart(9, '0')}`.slice(0, 17);
  return `${first17}${usccCheckChar(first17)}`;
}

export async function act(t: TestApp, token: string, caseId: string, action: string, payload: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: bearer(token), payload });
}

export const leadOpen = (on: string) => ({
  source: 'inspection',
  summary: '日常检查发现该店从业人员未取得健康证明',
  violationOn: on,
  discoveredOn: on,
  harm: 'none',
});

// ---- driving a case through the API to a state (issue 8 acceptance: guards, numbers, parties) ---

type Res = Awaited<ReturnType<typeof act>>;
/** the JSON of a successful answer; throws with the body otherwise, so a fixture fails where it breaks */
export function ok(res: Res): Record<string, unknown> & { case?: { state: string; number: string | null; version: number } } {
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}

/** the test clock's day (testStart: Monday 2026-08-31 in Beijing) */
export const caseToday = '2026-08-31';

export const generalNotice = {
  notifiedOn: caseToday,
  penaltyKinds: ['fine'],
  fineAmount: 5000,
  facts: '当事人安排两名未取得健康证明的人员从事接触直接入口食品的工作',
  reasons: '违反食品安全法第四十五条',
  legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第六项',
};
export const generalDecision = {
  outcome: 'penalty',
  penaltyKinds: ['fine'],
  fineAmount: 5000,
  facts: generalNotice.facts,
  legalBasis: generalNotice.legalBasis,
  complex: false,
  major: false,
};
export const generalConclusion = {
  facts: generalNotice.facts,
  evidence: '询问笔录、现场检查笔录、员工名册',
  proposedOutcome: 'penalty',
  complex: false,
  major: false,
};

/** The general procedure's path to each state, in order (一般程序, as cases-flow.test.ts runs it). */
export const generalPath = ['lead', 'investigating', 'investigation_concluded', 'notified', 'waived', 'decided', 'executing'] as const;
export type GeneralStop = (typeof generalPath)[number];

export interface GeneralCaseOptions {
  /** the opening officer's account (default: the team's first officer) */
  by?: CaseTeam['officers'][number];
  /** the other officers assigned at opening (default: the team's second officer; [] leaves the opener alone) */
  officerIds?: string[];
  parties?: Record<string, unknown>[];
  lead?: Record<string, unknown>;
  itemCode?: string;
  conclusion?: Record<string, unknown>;
  /** notify_rights (default) or notify_rights_and_hearing, and its input over generalNotice */
  noticeAction?: 'notify_rights' | 'notify_rights_and_hearing';
  notice?: Record<string, unknown>;
  waiver?: Record<string, unknown>;
  decision?: Record<string, unknown>;
  service?: Record<string, unknown>;
}

/**
 * A general-procedure case driven through the HTTP API to `state` (`waived`: notified and the
 * party's written waiver recorded): opened by the first officer with the second, filed by the head,
 * investigation concluded, rights notified, waiver, decision, service. Answers the case's id.
 */
export async function buildGeneralCase(t: TestApp, team: CaseTeam, state: GeneralStop, o: GeneralCaseOptions = {}): Promise<string> {
  const by = o.by ?? (team.officers[0] as CaseTeam['officers'][number]);
  const other = team.officers.find((x) => x.officerId !== by.officerId);
  const opened = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(by.token),
    payload: {
      procedure: 'general',
      title: `某餐饮店安排未取得健康证明人员从事接触直接入口食品工作案${uniq()}`,
      domain: '市场监管',
      ...(o.itemCode ? { itemCode: o.itemCode } : {}),
      officerIds: o.officerIds ?? (other ? [other.officerId] : []),
      parties: o.parties ?? [{ kind: 'organisation', name: `示范区某某餐饮店${uniq()}`, uscc: usccFor(Number(uniq())) }],
      open: { ...leadOpen('2026-08-20'), ...o.lead },
    },
  });
  if (opened.statusCode !== 201) throw new Error(`open: ${opened.statusCode} ${opened.body}`);
  const id = opened.json().id as string;
  const reached = (s: GeneralStop) => generalPath.indexOf(state) < generalPath.indexOf(s);
  if (reached('investigating')) return id;
  ok(await act(t, by.token, id, 'request_filing', { reason: '涉嫌违反食品安全法第一百二十六条第一款第六项' }));
  ok(await act(t, team.head.token, id, 'approve_filing', { note: '同意立案' }));
  if (reached('investigation_concluded')) return id;
  ok(await act(t, by.token, id, 'conclude_investigation', { ...generalConclusion, ...o.conclusion }));
  if (reached('notified')) return id;
  ok(await act(t, by.token, id, o.noticeAction ?? 'notify_rights', { ...generalNotice, ...o.notice }));
  if (reached('waived')) return id;
  ok(await act(t, by.token, id, 'record_waiver', { waivedOn: caseToday, written: true, ...o.waiver }));
  if (reached('decided')) return id;
  ok(await act(t, team.head.token, id, 'decide', { ...generalDecision, ...o.decision }));
  if (reached('executing')) return id;
  ok(
    await act(t, by.token, id, 'serve', {
      method: 'direct',
      servedOn: caseToday,
      recipient: '店主王某',
      proof: '送达回证',
      ...o.service,
    }),
  );
  return id;
}

/** Opens a case on any procedure as `token`; answers the case's id (throws with the body on refusal). */
export async function openCaseAs(t: TestApp, token: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: body });
  if (res.statusCode !== 201) throw new Error(`open: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** Logs the team in again (after the test clock moved past the session's idle timeout). */
export async function reloginTeam(t: TestApp, team: CaseTeam): Promise<void> {
  for (const a of [team.supervisor, team.head, team.clerk, ...team.officers]) a.token = await t.login(a.username);
}

/**
 * An account of the team's agency that is both an officer (linked to an officer record with a valid
 * certificate) and an agency head: what SELF_APPROVAL is about — a head who requested an approval
 * as the case's officer may not grant it.
 */
export async function buildHeadOfficer(t: TestApp, team: CaseTeam): Promise<{ token: string; officerId: string; id: string }> {
  const username = `head_officer_${uniq()}`;
  const account = (await t.ctx.db.transaction().execute((trx) =>
    insertAccount(trx, t.ctx, null, {
      username,
      displayName: '兼任执法人员的负责人',
      agencyId: team.agency.id,
      jurisdictionCode: team.county,
      roles: ['officer', 'agency_head'],
      password: demoPassword,
      mustChangePassword: false,
    }),
  )) as { id: string };
  const n = uniq();
  const officer = await t.ctx.db.transaction().execute((trx) =>
    insertOfficer(trx, t.ctx, factory, {
      agencyId: team.agency.id,
      userId: account.id,
      name: `负责人${n}`,
      idNumber: idNumberFor(Number(n)),
      post: '副局长',
      domains: ['市场监管'],
      isEnforcer: true,
      certificateNumber: `61${n.padStart(10, '0')}`,
      issuingBody: '示范市人民政府',
      validFrom: '2025-01-01',
      validUntil: '2030-12-31',
      reason: '测试数据',
    }),
  );
  return { id: account.id, officerId: officer.id, token: await t.login(username) };
}

/** The states `buildCase` reaches on each procedure, in order. */
export const casePaths = {
  general: generalPath,
  simple: ['on_site', 'decided'],
  inspection: ['planned', 'inspected'],
  coercive_measure: ['proposed', 'in_force'],
  licensing: ['applied', 'under_review', 'granted'],
} as const;
export type CaseProcedure = keyof typeof casePaths;

/**
 * A case of any built-in procedure driven through the HTTP API to `state` (one of `casePaths`), by
 * the team's first officer with the second and the head: the smallest valid inputs of each step.
 * Answers the case's id; throws with the body when a step is refused.
 */
export async function buildCase<P extends CaseProcedure>(
  t: TestApp,
  team: CaseTeam,
  c: { procedure: P; state: (typeof casePaths)[P][number]; parties?: Record<string, unknown>[] },
): Promise<string> {
  if (c.procedure === 'general') return buildGeneralCase(t, team, c.state as GeneralStop, c.parties ? { parties: c.parties } : {});
  const [o1, o2] = team.officers as [CaseTeam['officers'][number], CaseTeam['officers'][number]];
  const path = casePaths[c.procedure] as readonly string[];
  const past = (s: string) => path.indexOf(c.state) >= path.indexOf(s);
  const parties = c.parties ?? [{ kind: 'organisation', name: `示范区某某商店${uniq()}`, uscc: usccFor(Number(uniq())) }];
  const base = { title: `测试案件${uniq()}`, domain: '市场监管', officerIds: [o2.officerId], parties };
  switch (c.procedure) {
    case 'simple': {
      const id = await openCaseAs(t, o1.token, {
        ...base,
        procedure: 'simple',
        open: { place: '示范路1号', occurredOn: caseToday, summary: '占道经营', partyKind: 'organisation' },
      });
      if (past('decided'))
        ok(
          await act(t, o1.token, id, 'decide_on_spot', {
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
          }),
        );
      return id;
    }
    case 'inspection': {
      const id = await openCaseAs(t, o1.token, {
        ...base,
        procedure: 'inspection',
        open: { reason: 'plan', target: '示范区某某商店', scheduledOn: caseToday },
      });
      if (past('inspected'))
        ok(
          await act(t, o1.token, id, 'record_inspection', {
            on: caseToday,
            place: '示范路1号',
            officersPresent: [o1.officerId, o2.officerId],
            certificatesShown: true,
            recordMade: true,
            findings: '未发现问题',
            result: 'compliant',
          }),
        );
      return id;
    }
    case 'coercive_measure': {
      const id = await openCaseAs(t, o1.token, {
        ...base,
        procedure: 'coercive_measure',
        open: { reason: '涉嫌销售不合格产品', legalBasis: '《中华人民共和国产品质量法》第十八条', target: '库存产品' },
      });
      if (past('in_force'))
        ok(
          await act(t, o1.token, id, 'decide_measure', {
            measure: 'seize',
            decidedOn: caseToday,
            approvedBy: '局长王某',
            approvedOn: caseToday,
            officersPresent: [o1.officerId, o2.officerId],
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
          }),
        );
      return id;
    }
    case 'licensing': {
      const id = await openCaseAs(t, o1.token, {
        ...base,
        procedure: 'licensing',
        open: {
          itemName: '食品经营许可',
          applicant: '示范区某某超市',
          receivedOn: caseToday,
          channel: 'window',
          materials: '申请书、营业执照',
        },
      });
      if (past('under_review')) ok(await act(t, o1.token, id, 'accept', { acceptedOn: caseToday, writtenCertificate: true }));
      if (past('granted'))
        ok(
          await act(t, team.head.token, id, 'grant', {
            decidedOn: caseToday,
            decisionNumber: `ZY-${uniq()}`,
            scope: '预包装食品销售',
            legalBasis: '《中华人民共和国食品安全法》第三十五条',
          }),
        );
      return id;
    }
  }
  throw new Error(`buildCase: unknown procedure ${String(c.procedure)}`);
}
