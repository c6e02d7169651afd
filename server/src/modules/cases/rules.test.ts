/**
 * The law's guards (issue 8 §4), one describe per guard: a case that passes and one that is refused
 * with the guard's code and its article. Dates fall in November 2026 unless the calendar matters
 * (国庆 2026: 1–7 October off, Saturday 10 October worked).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { bindCalendar, buildCalendarData, officialCalendar } from '../../platform/calendar';
import { settingDefs, settingKeys } from '../../platform/settings/registry';
import type { CaseFacts, GuardContext, OfficerFacts, RecordedAct, Refusal, SettingsSnapshot, TimeLimitFacts } from './facts';
import { builtInProcedures } from './procedures';
import { addYears, computeDueDate, guardArticles, guards, proposedDecisionOf } from './rules';

const calendar = bindCalendar(buildCalendarData(officialCalendar(), []));
const settings = Object.fromEntries(settingKeys.map((k) => [k, settingDefs[k].default])) as unknown as SettingsSnapshot;
const g: GuardContext = { today: '2026-11-20', settings, calendar };
const on = (today: string): GuardContext => ({ ...g, today });

const P = '《中华人民共和国行政处罚法》';
const C = '《中华人民共和国行政强制法》';
const L = '《中华人民共和国行政许可法》';

const officer = (name: string, over: Partial<OfficerFacts> = {}): OfficerFacts => ({
  officerId: name,
  name,
  eligible: true,
  reason: null,
  isAuxiliary: false,
  domains: ['市场监管'],
  ...over,
});

let tick = 0;
const rec = (action: string, input: Record<string, unknown> = {}, on = '2026-11-02'): RecordedAct => ({
  seq: ++tick,
  action,
  on,
  at: new Date(Date.UTC(2026, 10, 2, 0, 0, tick)).toISOString(),
  by: 'officer-1',
  input,
});
/** records keyed by the action's name (or `records` when given as [name, act]) */
const records = (...acts: (RecordedAct | [string, RecordedAct])[]): CaseFacts['records'] => {
  const out: Record<string, RecordedAct[]> = {};
  for (const a of acts) {
    const [key, act] = Array.isArray(a) ? a : [a.action, a];
    const list = out[key] ?? [];
    list.push(act);
    out[key] = list;
  }
  return out;
};
const limit = (kind: string, dueOn: string, over: Partial<TimeLimitFacts> = {}): TimeLimitFacts => ({
  kind,
  label: kind,
  article: '',
  startsOn: '2026-11-02',
  dueOn,
  unit: 'natural_days',
  days: 90,
  status: 'running',
  endedOn: null,
  extendedDays: 0,
  pausedDays: 0,
  ...over,
});

function facts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseId: 'case-1',
    procedure: 'general',
    state: 'investigating',
    actCategory: 'penalty',
    domain: '市场监管',
    agency: { id: 'agency-1', name: '三湘市市场监督管理局', kind: 'department', abolished: false },
    item: null,
    openedOn: '2026-11-02',
    filedOn: '2026-11-02',
    parties: [{ partyId: 'p1', kind: 'organisation', name: '三湘某某有限公司' }],
    officers: [officer('张三'), officer('李四')],
    records: {},
    limits: [],
    approvals: {},
    ...over,
  };
}

const refusedCodes = new Set<string>();
function run(code: string, f: CaseFacts, input: Record<string, unknown> = {}, ctx: GuardContext = g): Refusal | null {
  const guard = guards[code];
  if (!guard) throw new Error(`no guard ${code}`);
  return guard(f, input, ctx);
}
function expectRefused(code: string, f: CaseFacts, input: Record<string, unknown>, article: string, ctx: GuardContext = g) {
  const r = run(code, f, input, ctx);
  expect(r?.code).toBe(code);
  expect(r?.message).toContain(article);
  expect(r?.article).toContain(article);
  refusedCodes.add(code);
  return r as Refusal;
}
const expectPasses = (code: string, f: CaseFacts, input: Record<string, unknown> = {}, ctx: GuardContext = g) =>
  expect(run(code, f, input, ctx)).toBeNull();

// ---- shared fixtures ----------------------------------------------------------------------------

const conclusion = (proposedOutcome = 'penalty', over: Record<string, unknown> = {}) =>
  rec('conclude_investigation', { facts: '事实', evidence: '证据', proposedOutcome, complex: false, major: false, ...over });
const notice = (over: Record<string, unknown> = {}, on = '2026-11-02') =>
  rec(
    'notify_rights',
    { notifiedOn: on, penaltyKinds: ['fine'], fineAmount: 5000, facts: '事实', reasons: '理由', legalBasis: '依据', ...over },
    on,
  );
const decision = (over: Record<string, unknown> = {}) => ({
  outcome: 'penalty',
  penaltyKinds: ['fine'],
  fineAmount: 5000,
  facts: '事实',
  legalBasis: '《某条例》第十条',
  complex: false,
  major: false,
  ...over,
});
const lead = (over: Record<string, unknown> = {}) => ({
  source: 'complaint',
  summary: '举报',
  violationOn: '2024-03-01',
  discoveredOn: '2026-02-01',
  harm: 'none',
  ...over,
});

// ---- 行政处罚法 ---------------------------------------------------------------------------------

describe('LIMITATION_PERIOD', () => {
  it('行政处罚法第三十六条：二年内发现的可以处罚', () => expectPasses('LIMITATION_PERIOD', facts(), lead()));
  it('行政处罚法第三十六条：二年内未被发现的不再处罚', () => {
    const r = expectRefused('LIMITATION_PERIOD', facts(), lead({ discoveredOn: '2026-03-02' }), `${P}第三十六条`);
    expect(r.details).toMatchObject({ lastDay: '2026-03-01' });
  });
  it('行政处罚法第三十六条：涉及生命健康安全、金融安全且有危害后果的为五年', () => {
    expectPasses('LIMITATION_PERIOD', facts(), lead({ discoveredOn: '2028-03-01', harm: 'life_health_financial' }));
    expectRefused('LIMITATION_PERIOD', facts(), lead({ discoveredOn: '2029-03-02', harm: 'life_health_financial' }), `${P}第三十六条`);
  });
  it('行政处罚法第三十六条第二款：连续或者继续状态的从行为终了之日起计算；仍在继续的不计', () => {
    expectPasses('LIMITATION_PERIOD', facts(), lead({ discoveredOn: '2026-09-01', continuing: true, violationEndedOn: '2025-01-01' }));
    expectPasses('LIMITATION_PERIOD', facts(), lead({ violationOn: '2010-01-01', continuing: true }));
  });
  it('生态环境法典第一千零五十四条：造成环境污染、生态破坏等危害后果的为五年', () => {
    expectPasses('LIMITATION_PERIOD', facts(), lead({ discoveredOn: '2028-03-01', harm: 'environmental' }));
    expectRefused(
      'LIMITATION_PERIOD',
      facts(),
      lead({ discoveredOn: '2029-03-02', harm: 'environmental' }),
      '《中华人民共和国生态环境法典》第一千零五十四条',
    );
  });
  it('行政处罚法第三十六条：立案时读取已登记的案源', () => {
    const f = facts({ records: records(['open', rec('open', lead({ discoveredOn: '2026-03-02' }))]) });
    expectRefused('LIMITATION_PERIOD', f, { reason: '立案' }, `${P}第三十六条`);
  });
  it('行政处罚法第三十六条：检查发现违法行为登记案源时读取所附案源', () =>
    expectRefused('LIMITATION_PERIOD', facts(), { lead: lead({ discoveredOn: '2026-03-02' }) }, `${P}第三十六条`));
});

describe('AGENCY_QUALIFIED', () => {
  it('行政处罚法第三十八条：具有主体资格的机关', () => expectPasses('AGENCY_QUALIFIED', facts()));
  it('行政处罚法第三十八条：已撤销的机关不能实施', () =>
    expectRefused(
      'AGENCY_QUALIFIED',
      facts({ agency: { id: 'a', name: '旧局', kind: 'department', abolished: true } }),
      {},
      `${P}第三十八条`,
    ));
});

describe('LEGAL_BASIS_REQUIRED', () => {
  it('行政处罚法第三十八条：写明依据的决定', () => expectPasses('LEGAL_BASIS_REQUIRED', facts(), decision()));
  it('行政处罚法第三十八条：没有依据的处罚无效', () => {
    const f = facts({ item: { code: 'X1', name: '无照经营', legalBases: ['《无证无照经营查处办法》第十三条'], discretion: [] } });
    const r = expectRefused('LEGAL_BASIS_REQUIRED', f, decision({ legalBasis: '  ' }), `${P}第三十八条`);
    expect(r.message).toContain('无证无照经营查处办法');
  });
});

describe('FACTS_ESTABLISHED', () => {
  it('行政处罚法第四十条：调查终结认定违法的可以处罚；不予处罚无须此项', () => {
    expectPasses('FACTS_ESTABLISHED', facts({ records: records(conclusion()) }), decision());
    expectPasses(
      'FACTS_ESTABLISHED',
      facts({ records: records(conclusion('no_penalty_unproven')) }),
      decision({ outcome: 'no_penalty_unproven' }),
    );
  });
  it('行政处罚法第四十条：违法事实不能成立的不得处罚', () => {
    expectRefused('FACTS_ESTABLISHED', facts({ records: records(conclusion('no_penalty_unproven')) }), decision(), `${P}第四十条`);
    expectRefused('FACTS_ESTABLISHED', facts(), decision(), `${P}第四十条`);
  });
});

describe('ELECTRONIC_MONITORING_REVIEWED', () => {
  const withMonitoring = (em: Record<string, unknown>) =>
    facts({ records: records(['open', rec('open', lead({ electronicMonitoring: em }))]) });
  it('行政处罚法第四十一条：经审核、地点公布的电子监控记录可作证据', () =>
    expectPasses(
      'ELECTRONIC_MONITORING_REVIEWED',
      withMonitoring({ reviewed: true, sitePublished: true, recordReviewed: true }),
      decision(),
    ));
  it('行政处罚法第四十一条：未经审核的不得作为处罚证据', () =>
    expectRefused(
      'ELECTRONIC_MONITORING_REVIEWED',
      withMonitoring({ reviewed: true, sitePublished: false, recordReviewed: true }),
      decision(),
      `${P}第四十一条`,
    ));
});

describe('TWO_OFFICERS', () => {
  it('行政处罚法第四十二条：两名具备执法资格的执法人员', () => expectPasses('TWO_OFFICERS', facts()));
  it('行政处罚法第四十二条：证件过期的不计，消息说明原因', () => {
    const f = facts({ officers: [officer('张三', { eligible: false, reason: '张三的执法证件已于 2026-10-31 过期' }), officer('李四')] });
    const r = expectRefused('TWO_OFFICERS', f, {}, `${P}第四十二条`);
    expect(r.message).toBe(
      `${P}第四十二条：执法人员不得少于两人（本案具备执法资格的执法人员只有 1 人：张三的执法证件已于 2026-10-31 过期）`,
    );
  });
  it('行政处罚法第四十二条：辅助人员和证件不含本案执法领域的不计', () => {
    expectRefused('TWO_OFFICERS', facts({ officers: [officer('张三'), officer('王五', { isAuxiliary: true })] }), {}, `${P}第四十二条`);
    expectRefused('TWO_OFFICERS', facts({ officers: [officer('张三'), officer('赵六', { domains: ['城市管理'] })] }), {}, `${P}第四十二条`);
    expectPasses('TWO_OFFICERS', facts({ domain: null, officers: [officer('张三'), officer('赵六', { domains: ['城市管理'] })] }));
  });
  it('行政处罚法第四十二条：现场只有一名执法人员', () => {
    const r = expectRefused('TWO_OFFICERS', facts(), { officersPresent: ['张三'] }, `${P}第四十二条`);
    expect(r.message).toContain('在场执法人员只有 1 人');
  });
});

describe('RIGHTS_NOTIFIED', () => {
  it('行政处罚法第四十四条：调查终结后已告知', () =>
    expectPasses('RIGHTS_NOTIFIED', facts({ records: records(conclusion(), [`notify_rights`, notice()]) }), decision()));
  it('行政处罚法第四十四条：未告知不得作出处罚决定', () => {
    expectRefused('RIGHTS_NOTIFIED', facts({ records: records(conclusion()) }), decision(), `${P}第四十四条`);
    // reopened investigation: the old notice does not count
    const n = notice();
    expectRefused('RIGHTS_NOTIFIED', facts({ records: records(n, conclusion()) }), decision(), `${P}第四十四条`);
  });
});

describe('STATEMENT_REVIEWED', () => {
  const stated = facts({ records: records(notice(), rec('record_statement', { summary: '申辩', review: '复核' })) });
  it('行政处罚法第四十五条：陈述申辩后写明复核意见', () =>
    expectPasses('STATEMENT_REVIEWED', stated, decision({ statementReview: '不予采纳，理由……' })));
  it('行政处罚法第四十五条：陈述申辩后未复核的不得决定', () => expectRefused('STATEMENT_REVIEWED', stated, decision(), `${P}第四十五条`));
});

describe('NO_HEAVIER_PENALTY', () => {
  const f = facts({ records: records(notice({ penaltyKinds: ['warning', 'fine'], fineAmount: 5000 })) });
  it('行政处罚法第四十五条第二款：不重于告知的处罚', () => expectPasses('NO_HEAVIER_PENALTY', f, decision({ fineAmount: 3000 })));
  it('行政处罚法第四十五条第二款：不得因陈述申辩加重处罚', () => {
    expectRefused('NO_HEAVIER_PENALTY', f, decision({ fineAmount: 8000 }), `${P}第四十五条第二款`);
    expectRefused('NO_HEAVIER_PENALTY', f, decision({ penaltyKinds: ['fine', 'revoke_license'] }), `${P}第四十五条第二款`);
  });
});

describe('RECORD_COMPLETE', () => {
  it('行政处罚法第四十七条：决定已送达的可以结案', () =>
    expectPasses('RECORD_COMPLETE', facts({ records: records(rec('approve_filing'), rec('decide', decision()), rec('serve')) })));
  it('行政处罚法第四十七条：决定未送达的不得结案', () =>
    expectRefused('RECORD_COMPLETE', facts({ records: records(rec('approve_filing'), rec('decide', decision())) }), {}, `${P}第四十七条`));
});

describe('SIMPLE_PROCEDURE_CAPS', () => {
  const person = facts({ procedure: 'simple', parties: [{ partyId: 'p', kind: 'natural_person', name: '王某' }] });
  const onSpot = (over: Record<string, unknown> = {}) => ({ factsCertain: true, penaltyKinds: ['fine'], fineAmount: 200, ...over });
  it('行政处罚法第五十一条：对公民二百元以下、对组织三千元以下', () => {
    expectPasses('SIMPLE_PROCEDURE_CAPS', person, onSpot());
    expectPasses('SIMPLE_PROCEDURE_CAPS', facts({ procedure: 'simple' }), onSpot({ fineAmount: 3000 }));
    expectPasses('SIMPLE_PROCEDURE_CAPS', person, onSpot({ penaltyKinds: ['warning'], fineAmount: undefined }));
  });
  it('行政处罚法第五十一条：超过上限或者不是警告、罚款的应当适用普通程序', () => {
    expectRefused('SIMPLE_PROCEDURE_CAPS', person, onSpot({ fineAmount: 201 }), `${P}第五十一条`);
    expectRefused('SIMPLE_PROCEDURE_CAPS', facts({ procedure: 'simple' }), onSpot({ fineAmount: 3001 }), `${P}第五十一条`);
    expectRefused('SIMPLE_PROCEDURE_CAPS', person, onSpot({ penaltyKinds: ['confiscate_gains'] }), `${P}第五十一条`);
    expectRefused('SIMPLE_PROCEDURE_CAPS', person, onSpot({ factsCertain: false }), `${P}第五十一条`);
  });
});

describe('ON_THE_SPOT_DECISION', () => {
  const ok = { certificateShown: true, rightsTold: true, deliveredOnSpot: true };
  it('行政处罚法第五十二条：出示证件、当场交付决定书', () => {
    expectPasses('ON_THE_SPOT_DECISION', facts(), ok);
    expectPasses('ON_THE_SPOT_DECISION', facts(), { ...ok, deliveredOnSpot: false, refusalNoted: true });
  });
  it('行政处罚法第五十二条：未出示执法证件的不得当场处罚', () =>
    expectRefused('ON_THE_SPOT_DECISION', facts(), { ...ok, certificateShown: false }, `${P}第五十二条`));
});

describe('SIMPLE_REPORTED', () => {
  it('行政处罚法第五十二条第三款：已备案的可以结案', () =>
    expectPasses('SIMPLE_REPORTED', facts({ records: records(rec('file_report')) })));
  it('行政处罚法第五十二条第三款：未备案的不得结案', () => expectRefused('SIMPLE_REPORTED', facts(), {}, `${P}第五十二条第三款`));
});

describe('CERTIFICATE_SHOWN_AND_RECORDED', () => {
  it('行政处罚法第五十五条：出示证件并制作笔录', () =>
    expectPasses('CERTIFICATE_SHOWN_AND_RECORDED', facts(), { certificatesShown: true, recordMade: true }));
  it('行政处罚法第五十五条：未制作笔录', () =>
    expectRefused('CERTIFICATE_SHOWN_AND_RECORDED', facts(), { certificatesShown: true, recordMade: false }, `${P}第五十五条`));
});

describe('PRESERVATION_APPROVED', () => {
  const approved = { evidence_preservation: { status: 'confirmed' as const, on: '2026-11-03' } };
  it('行政处罚法第五十六条：经负责人批准的先行登记保存', () =>
    expectPasses('PRESERVATION_APPROVED', facts({ approvals: approved, records: records(rec('approve_preservation')) })));
  it('行政处罚法第五十六条：未经批准或者批准已用过的不得先行登记保存', () => {
    expectRefused('PRESERVATION_APPROVED', facts(), {}, `${P}第五十六条`);
    expectRefused(
      'PRESERVATION_APPROVED',
      facts({ approvals: approved, records: records(rec('approve_preservation'), rec('preserve_evidence')) }),
      {},
      `${P}第五十六条`,
    );
  });
});

describe('PRESERVATION_RUNNING', () => {
  it('行政处罚法第五十六条：有待处理的先行登记保存证据', () =>
    expectPasses('PRESERVATION_RUNNING', facts({ limits: [limit('evidence_preservation', '2026-11-11')] })));
  it('行政处罚法第五十六条：没有待处理的证据', () => expectRefused('PRESERVATION_RUNNING', facts(), {}, `${P}第五十六条`));
});

describe('PRESERVATION_HANDLED', () => {
  it('行政处罚法第五十六条：已作出处理决定的可以调查终结', () =>
    expectPasses('PRESERVATION_HANDLED', facts({ limits: [limit('evidence_preservation', '2026-11-11', { status: 'met' })] })));
  it('行政处罚法第五十六条：先行登记保存的证据未处理不得调查终结', () =>
    expectRefused('PRESERVATION_HANDLED', facts({ limits: [limit('evidence_preservation', '2026-11-11')] }), {}, `${P}第五十六条`));
});

describe('COLLECTIVE_DISCUSSION', () => {
  const discussed = { heldOn: '2026-11-19', participants: '局长、副局长', conclusion: '同意' };
  it('行政处罚法第五十七条第二款：情节复杂的经集体讨论', () => {
    expectPasses('COLLECTIVE_DISCUSSION', facts(), decision());
    expectPasses('COLLECTIVE_DISCUSSION', facts(), decision({ complex: true, collectiveDiscussion: discussed }));
  });
  it('行政处罚法第五十七条第二款：重大违法行为未经集体讨论', () => {
    expectRefused('COLLECTIVE_DISCUSSION', facts(), decision({ major: true }), `${P}第五十七条第二款`);
    expectRefused(
      'COLLECTIVE_DISCUSSION',
      facts({ records: records(conclusion('penalty', { complex: true })) }),
      decision(),
      `${P}第五十七条第二款`,
    );
  });
});

describe('PARTY_REQUIRED', () => {
  it('行政处罚法第五十九条：有当事人', () => expectPasses('PARTY_REQUIRED', facts()));
  it('行政处罚法第五十九条：没有当事人不得作出决定；行政强制法第二十四条同', () => {
    expectRefused('PARTY_REQUIRED', facts({ parties: [] }), {}, `${P}第五十九条`);
    expectRefused('PARTY_REQUIRED', facts({ parties: [], actCategory: 'coercion' }), {}, `${C}第二十四条`);
  });
});

describe('PENALTY_SPECIFIED', () => {
  it('行政处罚法第五十九条：写明处罚种类和金额', () => {
    expectPasses('PENALTY_SPECIFIED', facts(), decision());
    expectPasses('PENALTY_SPECIFIED', facts(), decision({ outcome: 'no_penalty_minor', penaltyKinds: undefined, fineAmount: undefined }));
  });
  it('行政处罚法第五十九条：罚款无金额、没收无财物、未选种类', () => {
    expectRefused('PENALTY_SPECIFIED', facts(), decision({ fineAmount: undefined }), `${P}第五十九条`);
    expectRefused(
      'PENALTY_SPECIFIED',
      facts(),
      decision({ penaltyKinds: ['confiscate_property'], fineAmount: undefined }),
      `${P}第五十九条`,
    );
    expectRefused('PENALTY_SPECIFIED', facts(), decision({ penaltyKinds: [] }), `${P}第五十九条`);
  });
});

describe('HEARING_PUBLIC', () => {
  it('行政处罚法第六十四条第三项：公开举行，或者写明保密理由', () => {
    expectPasses('HEARING_PUBLIC', facts(), { public: true });
    expectPasses('HEARING_PUBLIC', facts(), { public: false, confidentialReason: '涉及商业秘密' });
  });
  it('行政处罚法第六十四条第三项：不公开又无理由', () =>
    expectRefused('HEARING_PUBLIC', facts(), { public: false }, `${P}第六十四条第三项`));
});

describe('DECISION_WITHIN_LIMIT', () => {
  const f = facts({ limits: [limit('decision', '2026-12-31', { extendedDays: 30, pausedDays: 5 })] });
  it('行政处罚法第六十条：在办案期限内（含延长、扣除中止）作出决定', () =>
    expectPasses('DECISION_WITHIN_LIMIT', f, decision(), on('2026-12-31')));
  it('行政处罚法第六十条：期限届满后不得作出决定', () => {
    const r = expectRefused('DECISION_WITHIN_LIMIT', f, decision(), `${P}第六十条`, on('2027-01-01'));
    expect(r.message).toContain('延长 30 日，中止 5 日');
    // not punishing stays possible after the limit
    expectPasses('DECISION_WITHIN_LIMIT', f, decision({ outcome: 'no_penalty_unproven' }), on('2027-01-01'));
  });
});

describe('EXTENSION_BEFORE_DUE', () => {
  const f = facts({ limits: [limit('decision', '2026-12-31')] });
  it('行政处罚法第六十条：期限届满前申请延长', () => expectPasses('EXTENSION_BEFORE_DUE', f, {}, on('2026-12-31')));
  it('行政处罚法第六十条：期限届满后不能延长', () => {
    expectRefused('EXTENSION_BEFORE_DUE', f, {}, `${P}第六十条`, on('2027-01-01'));
    expectRefused('EXTENSION_BEFORE_DUE', facts(), {}, `${P}第六十条`);
  });
});

describe('ELECTRONIC_SERVICE_CONSENT', () => {
  it('行政处罚法第六十一条第二款：当事人同意并签订确认书的可以电子送达', () => {
    expectPasses('ELECTRONIC_SERVICE_CONSENT', facts(), { method: 'electronic', consentToElectronic: true, electronicAddress: 'a@b.cn' });
    expectPasses('ELECTRONIC_SERVICE_CONSENT', facts(), { method: 'direct' });
  });
  it('行政处罚法第六十一条第二款：未经同意不得电子送达', () =>
    expectRefused('ELECTRONIC_SERVICE_CONSENT', facts(), { method: 'electronic', electronicAddress: 'a@b.cn' }, `${P}第六十一条第二款`));
});

describe('SERVICE_IN_TIME', () => {
  const f = facts({ records: records(rec('decide', decision(), '2026-09-30')) });
  it('行政处罚法第六十一条：七日（工作日）内送达', () => expectPasses('SERVICE_IN_TIME', f, { servedOn: '2026-10-15' }));
  it('行政处罚法第六十一条：逾期送达须说明原因，不得早于决定', () => {
    const r = expectRefused('SERVICE_IN_TIME', f, { servedOn: '2026-10-16' }, `${P}第六十一条`);
    expect(r.details).toMatchObject({ dueOn: '2026-10-15' });
    expectPasses('SERVICE_IN_TIME', f, { servedOn: '2026-10-16', lateReason: '当事人下落不明，改为公告送达' });
    expectRefused('SERVICE_IN_TIME', f, { servedOn: '2026-09-29' }, `${P}第六十一条`);
  });
});

describe('STATEMENT_HEARD', () => {
  const n = notice({}, '2026-09-30');
  it('行政处罚法第六十二条、第八十五条：陈述申辩期（五个工作日）届满或者当事人明确放弃', () => {
    expectPasses('STATEMENT_HEARD', facts({ records: records(n) }), decision(), on('2026-10-14'));
    expectPasses('STATEMENT_HEARD', facts({ records: records(n, rec('record_waiver', { written: true })) }), decision(), on('2026-10-09'));
  });
  it('行政处罚法第六十二条、第八十五条：期限未届满（国庆假期不计）不得决定', () => {
    const r = expectRefused('STATEMENT_HEARD', facts({ records: records(n) }), decision(), `${P}第六十二条`, on('2026-10-13'));
    expect(r.details).toMatchObject({ dueOn: '2026-10-13' });
  });
  it('行政处罚法第六十四条第一项：听证申请期未届满不得决定', () => {
    const f = facts({
      records: records(notice({ hearingOffered: true }, '2026-11-02'), rec('record_waiver', { written: true })),
      limits: [limit('hearing_request', '2026-11-09')],
    });
    expectRefused('STATEMENT_HEARD', f, decision(), `${P}第六十四条第一项`, on('2026-11-05'));
    expectPasses('STATEMENT_HEARD', f, decision(), on('2026-11-10'));
  });
});

describe('HEARING_RIGHT_OFFERED', () => {
  const person = { parties: [{ partyId: 'p', kind: 'natural_person' as const, name: '王某' }] };
  it('行政处罚法第六十三条：未达较大数额的无须告知听证', () => {
    expectPasses('HEARING_RIGHT_OFFERED', facts(person), { notifiedOn: '2026-11-02', penaltyKinds: ['fine'], fineAmount: 9999 });
    expectPasses('HEARING_RIGHT_OFFERED', facts(person), {
      notifiedOn: '2026-11-02',
      penaltyKinds: ['fine'],
      fineAmount: 10000,
      hearingOffered: true,
    });
  });
  it('行政处罚法第六十三条：较大数额罚款、吊销许可证件应当告知听证权利', () => {
    expectRefused(
      'HEARING_RIGHT_OFFERED',
      facts(person),
      { notifiedOn: '2026-11-02', penaltyKinds: ['fine'], fineAmount: 10000 },
      `${P}第六十三条`,
    );
    expectRefused('HEARING_RIGHT_OFFERED', facts(), { notifiedOn: '2026-11-02', penaltyKinds: ['revoke_license'] }, `${P}第六十三条`);
    // the decision reaches the threshold the notice did not offer
    expectRefused('HEARING_RIGHT_OFFERED', facts({ records: records(notice()) }), decision({ fineAmount: 100000 }), `${P}第六十三条`);
  });
});

describe('HEARING_REQUEST_WINDOW', () => {
  const f = facts({ records: records(notice({ hearingOffered: true }, '2026-09-30')) });
  it('行政处罚法第六十四条第一项、第八十五条：告知后五个工作日内提出', () =>
    expectPasses('HEARING_REQUEST_WINDOW', f, { requestedOn: '2026-10-13' }));
  it('行政处罚法第六十四条第一项：逾期提出', () =>
    expectRefused('HEARING_REQUEST_WINDOW', f, { requestedOn: '2026-10-14' }, `${P}第六十四条第一项`));
});

describe('HEARING_NOTICE_PERIOD', () => {
  it('行政处罚法第六十四条第二项、第八十五条：举行听证七个工作日前通知', () =>
    expectPasses('HEARING_NOTICE_PERIOD', facts(), { notifiedOn: '2026-11-02', hearingOn: '2026-11-11' }));
  it('行政处罚法第六十四条第二项：通知不足七日', () =>
    expectRefused('HEARING_NOTICE_PERIOD', facts(), { notifiedOn: '2026-11-02', hearingOn: '2026-11-10' }, `${P}第六十四条第二项`));
});

describe('HEARING_HOST_NOT_INVESTIGATOR', () => {
  it('行政处罚法第六十四条第四项：非本案调查人员主持', () => expectPasses('HEARING_HOST_NOT_INVESTIGATOR', facts(), { hostName: '孙七' }));
  it('行政处罚法第六十四条第四项：调查人员不得主持听证', () =>
    expectRefused('HEARING_HOST_NOT_INVESTIGATOR', facts(), { hostName: '孙七', hostOfficerId: '张三' }, `${P}第六十四条第四项`));
});

describe('HEARING_SCHEDULED', () => {
  it('行政处罚法第六十四条第二项：已通知的听证', () =>
    expectPasses('HEARING_SCHEDULED', facts({ records: records(rec('schedule_hearing', { hearingOn: '2026-11-11' })) }), {
      heldOn: '2026-11-11',
    }));
  it('行政处罚法第六十四条第二项：未通知不得举行听证', () =>
    expectRefused('HEARING_SCHEDULED', facts(), { heldOn: '2026-11-11' }, `${P}第六十四条第二项`));
});

describe('HEARING_RECORD_USED', () => {
  const requested = [notice({ hearingOffered: true }), rec('request_hearing', { requestedOn: '2026-11-03' })] as const;
  it('行政处罚法第六十五条：根据听证笔录作出决定', () =>
    expectPasses(
      'HEARING_RECORD_USED',
      facts({ records: records(...requested, rec('record_hearing')) }),
      decision({ hearingRecordConsidered: true }),
    ));
  it('行政处罚法第六十五条：无听证笔录或者未依据笔录不得决定', () => {
    expectRefused(
      'HEARING_RECORD_USED',
      facts({ records: records(...requested) }),
      decision({ hearingRecordConsidered: true }),
      `${P}第六十五条`,
    );
    expectRefused('HEARING_RECORD_USED', facts({ records: records(...requested, rec('record_hearing')) }), decision(), `${P}第六十五条`);
  });
});

describe('INSTALMENT_CONDITIONS', () => {
  const input = { appliedOn: '2026-11-10', hardship: '经营困难', schedule: '分三期' };
  it('行政处罚法第六十六条第二款：罚款可申请暂缓或者分期', () =>
    expectPasses('INSTALMENT_CONDITIONS', facts({ records: records(rec('decide', decision())) }), input));
  it('行政处罚法第六十六条第二款：没有罚款的不适用', () =>
    expectRefused(
      'INSTALMENT_CONDITIONS',
      facts({ records: records(rec('decide', decision({ penaltyKinds: ['warning'], fineAmount: undefined }))) }),
      input,
      `${P}第六十六条第二款`,
    ));
});

describe('TREASURY_PAYMENT', () => {
  it('行政处罚法第六十七条：缴入国库并有缴款凭证号（R-S11）', () =>
    expectPasses('TREASURY_PAYMENT', facts(), { channel: 'bank', amount: 5000, paymentReference: '4300000012345678' }));
  it('行政处罚法第六十七条：没有国库缴款凭证的不予登记', () =>
    expectRefused('TREASURY_PAYMENT', facts(), { channel: 'electronic', amount: 5000 }, `${P}第六十七条`));
});

describe('ON_THE_SPOT_COLLECTION', () => {
  const simple = facts({ procedure: 'simple', records: records(rec('decide_on_spot', { penaltyKinds: ['fine'], fineAmount: 50 })) });
  it('行政处罚法第六十八条、第七十条：一百元以下当场收缴并出具专用票据', () => {
    expectPasses('ON_THE_SPOT_COLLECTION', simple, { channel: 'on_the_spot', onTheSpotGround: 'under_100', receiptNumber: 'No.001' });
    expectPasses('ON_THE_SPOT_COLLECTION', facts(), { channel: 'bank' });
  });
  it('行政处罚法第六十八条至第七十条：普通程序不得以第六十八条收缴；无专用票据不得收缴', () => {
    expectRefused(
      'ON_THE_SPOT_COLLECTION',
      facts({ records: records(rec('decide', decision())) }),
      { channel: 'on_the_spot', onTheSpotGround: 'under_100', receiptNumber: '1' },
      `${P}第六十八条`,
    );
    expectRefused('ON_THE_SPOT_COLLECTION', simple, { channel: 'on_the_spot', onTheSpotGround: 'under_100' }, `${P}第七十条`);
    expectRefused('ON_THE_SPOT_COLLECTION', simple, { channel: 'on_the_spot' }, `${P}第六十七条第二款`);
    expectPasses('ON_THE_SPOT_COLLECTION', facts({ records: records(rec('decide', decision())) }), {
      channel: 'on_the_spot',
      onTheSpotGround: 'remote_area',
      receiptNumber: '1',
    });
  });
});

describe('SURCHARGE_CAP', () => {
  const f = facts({ records: records(rec('decide', decision({ fineAmount: 1000 }))), limits: [limit('payment', '2026-11-17')] });
  it('行政处罚法第七十二条第一款第一项：每日百分之三，不超过罚款数额', () =>
    expectPasses('SURCHARGE_CAP', f, { from: '2026-11-18', until: '2026-11-27', amount: 300 }));
  it('行政处罚法第七十二条第一款第一项：超过按日计算的数额、超出罚款数额或者期限未届满', () => {
    expectRefused('SURCHARGE_CAP', f, { from: '2026-11-18', until: '2026-11-27', amount: 301 }, `${P}第七十二条`);
    expectRefused('SURCHARGE_CAP', f, { from: '2026-11-18', until: '2027-06-30', amount: 1000.01 }, `${P}第七十二条`);
    expectRefused('SURCHARGE_CAP', f, { from: '2026-11-17', until: '2026-11-27', amount: 10 }, `${P}第七十二条`);
  });
});

describe('SURCHARGE_NOT_DURING_REMEDY', () => {
  const remedy = rec('record_remedy', { kind: 'reconsideration', body: '市人民政府', filedOn: '2026-12-01' });
  it('行政处罚法第七十三条第三款：复议期间以外可以加处', () =>
    expectPasses('SURCHARGE_NOT_DURING_REMEDY', facts({ records: records(remedy) }), { from: '2026-11-18', until: '2026-11-30' }));
  it('行政处罚法第七十三条第三款：复议、诉讼期间不计加处罚款', () =>
    expectRefused(
      'SURCHARGE_NOT_DURING_REMEDY',
      facts({ records: records(remedy) }),
      { from: '2026-11-18', until: '2026-12-05' },
      `${P}第七十三条第三款`,
    ));
});

describe('FINE_DECIDED', () => {
  it('行政处罚法第六十七条第三款：罚款决定送达后起算缴纳期限', () =>
    expectPasses('FINE_DECIDED', facts({ records: records(rec('decide', decision())) })));
  it('行政处罚法第六十七条第三款：未处罚款的不计缴纳期限', () =>
    expectRefused(
      'FINE_DECIDED',
      facts({ records: records(rec('decide', decision({ outcome: 'no_penalty_minor' }))) }),
      {},
      `${P}第六十七条第三款`,
    ));
});

describe('NO_FINE_DECIDED', () => {
  it('行政处罚法第六十七条第三款：不予处罚的决定直接送达', () =>
    expectPasses('NO_FINE_DECIDED', facts({ records: records(rec('decide', decision({ outcome: 'no_penalty_minor' }))) })));
  it('行政处罚法第六十七条第三款：罚款决定送达须起算缴纳期限', () =>
    expectRefused('NO_FINE_DECIDED', facts({ records: records(rec('decide', decision())) }), {}, `${P}第六十七条第三款`));
});

describe('DISCRETION_REASON', () => {
  const f = facts({
    item: {
      code: 'X1',
      name: '无照经营',
      legalBases: [],
      discretion: [
        { level: '一般', fineMin: 1000, fineMax: 10000 },
        { level: '较重', fineMin: 10000, fineMax: 50000 },
      ],
    },
  });
  it('行政处罚法第三十四条：罚款在所适用阶次幅度内，或者幅度外写明理由', () => {
    expectPasses('DISCRETION_REASON', f, decision({ discretionLevel: '一般' }));
    expectPasses(
      'DISCRETION_REASON',
      f,
      decision({ discretionLevel: '一般', fineAmount: 500, reasonOutsideRange: '初次违法且及时改正，减轻处罚' }),
    );
  });
  it('行政处罚法第三十四条：幅度外未说明理由、未写明阶次', () => {
    expectRefused('DISCRETION_REASON', f, decision({ discretionLevel: '一般', fineAmount: 500 }), `${P}第三十四条`);
    expectRefused('DISCRETION_REASON', f, decision(), `${P}第三十四条`);
  });
});

describe('CLOSING_CONDITIONS', () => {
  const decided = rec('decide', decision({ fineAmount: 1000 }));
  const paid = rec('record_payment', { amount: 1000, covers: 'fine', channel: 'bank', paymentReference: '1' });
  it('行政处罚法第六十六条、行政强制法第四十条：执行完毕，或者有终结执行等情形并说明', () => {
    expectPasses('CLOSING_CONDITIONS', facts({ records: records(decided, paid) }), { reason: 'executed' });
    expectPasses('CLOSING_CONDITIONS', facts({ records: records(decided) }), {
      reason: 'party_deceased',
      explanation: '当事人死亡，无遗产',
    });
    expectPasses('CLOSING_CONDITIONS', facts({ records: records(rec('transfer'), rec('record_transfer_receipt')) }), {
      reason: 'transferred',
    });
  });
  it('行政处罚法第六十六条第一款：罚款未缴清不得以执行完毕结案', () => {
    const r = expectRefused(
      'CLOSING_CONDITIONS',
      facts({ records: records(decided, rec('record_payment', { amount: 600, covers: 'fine' })) }),
      { reason: 'executed' },
      `${P}第六十六条第一款`,
    );
    expect(r.message).toContain('罚款1,000 元已缴600 元');
  });
  it('行政处罚法第二十七条第二款：移送无回执不得结案（R-S06）', () =>
    expectRefused('CLOSING_CONDITIONS', facts({ records: records(rec('transfer')) }), { reason: 'transferred' }, `${P}第二十七条第二款`));
  it('行政处罚法第六十六条第一款：负责人批准结案时按所批准的申请检查', () => {
    const asked = rec('request_closing', { reason: 'executed' });
    expectPasses('CLOSING_CONDITIONS', facts({ records: records(decided, paid, asked) }), { note: '同意' });
    expectRefused('CLOSING_CONDITIONS', facts({ records: records(decided, asked) }), { note: '同意' }, `${P}第六十六条第一款`);
  });
  it('行政强制法第四十条：终结执行须说明情况', () =>
    expectRefused('CLOSING_CONDITIONS', facts({ records: records(decided) }), { reason: 'object_lost' }, `${C}第四十条`));
});

describe('TRANSFER_RECORDED', () => {
  const f = facts({ records: records(rec('transfer', { target: 'police', transferredOn: '2026-11-05' })) });
  it('行政处罚法第二十七条：移送后登记回执', () => expectPasses('TRANSFER_RECORDED', f, { receiptNumber: 'H1', receivedOn: '2026-11-06' }));
  it('行政处罚法第二十七条：回执日期早于移送日期', () =>
    expectRefused('TRANSFER_RECORDED', f, { receiptNumber: 'H1', receivedOn: '2026-11-04' }, `${P}第二十七条`));
});

describe('TRANSFER_RECEIPT_FIRST', () => {
  it('行政处罚法第二十七条：有回执后登记处理结果', () =>
    expectPasses('TRANSFER_RECEIPT_FIRST', facts({ records: records(rec('record_transfer_receipt')) })));
  it('行政处罚法第二十七条：无回执不得登记处理结果（R-S06）', () => expectRefused('TRANSFER_RECEIPT_FIRST', facts(), {}, `${P}第二十七条`));
});

describe('TRANSFER_NOT_ACCEPTED', () => {
  it('行政处罚法第二十七条：司法机关不予立案或者退回的恢复调查', () =>
    expectPasses('TRANSFER_NOT_ACCEPTED', facts({ records: records(rec('record_criminal_transfer_outcome', { outcome: 'returned' })) })));
  it('行政处罚法第二十七条：已立案的不得恢复调查', () =>
    expectRefused(
      'TRANSFER_NOT_ACCEPTED',
      facts({ records: records(rec('record_criminal_transfer_outcome', { outcome: 'filed' })) }),
      {},
      `${P}第二十七条`,
    ));
});

describe('PARTY_IDENTIFIERS', () => {
  it('R-C06：有效的公民身份号码、统一社会信用代码', () => {
    expectPasses('PARTY_IDENTIFIERS', facts(), { party: { kind: 'natural_person', name: '王某', idNumber: '11010519491231002X' } });
    expectPasses('PARTY_IDENTIFIERS', facts(), { party: { kind: 'organisation', name: '某公司', uscc: '91350100M000100Y43' } });
  });
  it('R-C06：校验码错误的身份号码', () =>
    expectRefused(
      'PARTY_IDENTIFIERS',
      facts(),
      { party: { kind: 'natural_person', name: '王某', idNumber: '110105194912310021' } },
      'R-C06',
    ));
});

// ---- 行政强制法 ---------------------------------------------------------------------------------

const measure = (over: Record<string, unknown> = {}) => ({
  measure: 'seize',
  decidedOn: '2026-11-02',
  approvedBy: '王局长',
  approvedOn: '2026-11-02',
  certificatesShown: true,
  partyPresent: true,
  reasonsTold: true,
  statementHeard: true,
  recordMade: true,
  recordSigned: true,
  decisionNumber: '三市监强〔2026〕1号',
  decisionDelivered: true,
  termDays: 30,
  items: [{ name: '涉案产品', quantity: 10, unit: '箱' }],
  ...over,
});
const coercion = (over: Partial<CaseFacts> = {}) => facts({ procedure: 'coercive_measure', actCategory: 'coercion', ...over });

describe('COERCION_APPROVED', () => {
  it('行政强制法第十八条第一项、第十九条：事先批准，或者紧急情况二十四小时内报告', () => {
    expectPasses('COERCION_APPROVED', coercion(), measure());
    expectPasses(
      'COERCION_APPROVED',
      coercion(),
      measure({ approvedBy: undefined, approvedOn: undefined, emergency: true, reportedAt: '2026-11-02T18:00:00+08:00' }),
    );
  });
  it('行政强制法第十八条第一项：未经负责人批准', () =>
    expectRefused('COERCION_APPROVED', coercion(), measure({ approvedBy: undefined }), `${C}第十八条第一项`));
});

describe('COERCION_TWO_OFFICERS', () => {
  it('行政强制法第十八条第二项：两名以上行政执法人员', () => expectPasses('COERCION_TWO_OFFICERS', coercion()));
  it('行政强制法第十八条第二项：辅助人员不计', () =>
    expectRefused(
      'COERCION_TWO_OFFICERS',
      coercion({ officers: [officer('张三'), officer('王五', { isAuxiliary: true })] }),
      {},
      `${C}第十八条第二项`,
    ));
});

describe('COERCION_ON_SITE_PROCEDURE', () => {
  it('行政强制法第十八条：当事人不到场的邀请见证人', () =>
    expectPasses('COERCION_ON_SITE_PROCEDURE', coercion(), measure({ partyPresent: false, witness: '社区工作人员刘某' })));
  it('行政强制法第十八条：未听取陈述申辩、无见证人', () => {
    const r = expectRefused(
      'COERCION_ON_SITE_PROCEDURE',
      coercion(),
      measure({ partyPresent: false, statementHeard: false }),
      `${C}第十八条`,
    );
    expect(r.message).toContain('第六项');
  });
});

describe('COERCION_DECISION_DOCUMENT', () => {
  it('行政强制法第二十四条：当场交付决定书和清单', () => expectPasses('COERCION_DECISION_DOCUMENT', coercion(), measure()));
  it('行政强制法第二十四条、第二十五条：未交付清单、期限超过三十日', () => {
    expectRefused('COERCION_DECISION_DOCUMENT', coercion(), measure({ decisionDelivered: false }), `${C}第二十四条`);
    expectRefused('COERCION_DECISION_DOCUMENT', coercion(), measure({ termDays: 31 }), `${C}第二十五条`);
  });
});

describe('COERCION_EXTENSION', () => {
  const f = coercion({ limits: [limit('coercion_term', '2026-12-02')] });
  const ext = { days: 30, reason: '情况复杂', notifiedOn: '2026-11-30', notifiedInWriting: true };
  it('行政强制法第二十五条：期限届满前经批准延长一次、不超过三十日、书面告知', () =>
    expectPasses('COERCION_EXTENSION', f, ext, on('2026-12-02')));
  it('行政强制法第二十五条：届满后、第二次、超过三十日的延长', () => {
    expectRefused('COERCION_EXTENSION', f, ext, `${C}第二十五条`, on('2026-12-03'));
    expectRefused('COERCION_EXTENSION', coercion({ limits: f.limits, records: records(rec('extend_measure')) }), ext, `${C}第二十五条`);
    expectRefused('COERCION_EXTENSION', f, { ...ext, days: 31 }, `${C}第二十五条`);
    expectRefused('COERCION_EXTENSION', f, { ...ext, notifiedInWriting: false }, `${C}第二十五条`);
  });
});

describe('TESTING_PERIOD_NOTIFIED', () => {
  const t = { kind: 'testing', startedOn: '2026-11-05', expectedEndOn: '2026-11-20', notifiedInWriting: true };
  it('行政强制法第二十五条第三款：检测期间明确并书面告知', () => expectPasses('TESTING_PERIOD_NOTIFIED', coercion(), t));
  it('行政强制法第二十五条第三款：未书面告知', () =>
    expectRefused('TESTING_PERIOD_NOTIFIED', coercion(), { ...t, notifiedInWriting: false }, `${C}第二十五条第三款`));
});

describe('COERCION_HANDLED_IN_TERM', () => {
  const f = coercion({ limits: [limit('coercion_term', '2026-12-02')] });
  it('行政强制法第二十七条：期限内作出处理决定；届满后以期限届满解除', () => {
    expectPasses('COERCION_HANDLED_IN_TERM', f, { disposition: 'confiscate' }, on('2026-12-02'));
    expectPasses('COERCION_HANDLED_IN_TERM', f, { disposition: 'release', releaseReason: 'term_expired' }, on('2026-12-10'));
  });
  it('行政强制法第二十七条：期限届满后不得没收、销毁', () =>
    expectRefused('COERCION_HANDLED_IN_TERM', f, { disposition: 'destroy' }, `${C}第二十七条`, on('2026-12-03')));
});

describe('RELEASE_REASON', () => {
  it('行政强制法第二十八条：写明解除情形并退还财物', () =>
    expectPasses('RELEASE_REASON', coercion(), { disposition: 'release', releaseReason: 'no_violation', propertyReturned: true }));
  it('行政强制法第二十八条：解除未退还财物', () =>
    expectRefused('RELEASE_REASON', coercion(), { disposition: 'release', releaseReason: 'no_violation' }, `${C}第二十八条`));
});

describe('DEMAND_BEFORE_COURT', () => {
  it('行政强制法第五十四条、第六十九条：催告书送达十个工作日后申请', () =>
    expectPasses('DEMAND_BEFORE_COURT', facts(), { demandServedOn: '2026-11-02', appliedOn: '2026-11-17' }));
  it('行政强制法第五十四条：催告期未满不得申请', () =>
    expectRefused('DEMAND_BEFORE_COURT', facts(), { demandServedOn: '2026-11-02', appliedOn: '2026-11-16' }, `${C}第五十四条`));
});

// ---- 行政许可法 ---------------------------------------------------------------------------------

const application = (receivedOn = '2026-09-30') =>
  facts({
    procedure: 'licensing',
    actCategory: 'licensing',
    records: records(['open', rec('open', { receivedOn, itemName: '食品经营许可' })]),
  });

describe('SUPPLEMENT_ONCE_IN_TIME', () => {
  it('行政许可法第三十二条第一款第四项：五日（工作日）内一次告知', () =>
    expectPasses('SUPPLEMENT_ONCE_IN_TIME', application(), { notifiedOn: '2026-10-13', items: '营业执照复印件' }));
  it('行政许可法第三十二条第一款第四项：逾期告知即为受理；不得二次补正', () => {
    expectRefused('SUPPLEMENT_ONCE_IN_TIME', application(), { notifiedOn: '2026-10-14' }, `${L}第三十二条`);
    const twice = application();
    expectRefused(
      'SUPPLEMENT_ONCE_IN_TIME',
      { ...twice, records: { ...twice.records, request_supplement: [rec('request_supplement')] } },
      { notifiedOn: '2026-10-09' },
      `${L}第三十二条`,
    );
  });
});

describe('WRITTEN_ACCEPTANCE_RECEIPT', () => {
  it('行政许可法第三十二条第二款：出具书面凭证', () =>
    expectPasses('WRITTEN_ACCEPTANCE_RECEIPT', application(), { writtenCertificate: true }));
  it('行政许可法第三十二条第二款：未出具书面凭证', () =>
    expectRefused('WRITTEN_ACCEPTANCE_RECEIPT', application(), { writtenCertificate: false }, `${L}第三十二条第二款`));
});

describe('ACCEPTED_ON_RECEIPT', () => {
  it('行政许可法第三十二条第一款第四项：五日内受理，或者以收到材料之日为受理日', () => {
    expectPasses('ACCEPTED_ON_RECEIPT', application(), { acceptedOn: '2026-10-13' });
    expectPasses('ACCEPTED_ON_RECEIPT', application(), { acceptedOn: '2026-09-30' });
  });
  it('行政许可法第三十二条第一款第四项：逾期未告知补正即为受理，不得以后来的日期受理', () =>
    expectRefused('ACCEPTED_ON_RECEIPT', application(), { acceptedOn: '2026-10-14' }, `${L}第三十二条第一款第四项`));
});

describe('ACCEPTANCE_REJECTION_GROUNDS', () => {
  it('行政许可法第三十二条第一款第二项：告知向有关行政机关申请', () =>
    expectPasses('ACCEPTANCE_REJECTION_GROUNDS', application(), { ground: 'outside_competence', otherBody: '省药品监督管理局' }));
  it('行政许可法第三十二条第一款第二项：未告知向哪个机关申请', () =>
    expectRefused('ACCEPTANCE_REJECTION_GROUNDS', application(), { ground: 'outside_competence' }, `${L}第三十二条`));
});

describe('LICENSING_EXTENSION', () => {
  const f = { ...application(), limits: [limit('licensing_decision', '2026-11-27', { unit: 'working_days', days: 20 })] };
  const ext = { days: 10, reason: '需现场核查', applicantNotifiedOn: '2026-11-20' };
  it('行政许可法第四十二条：负责人批准延长十日并告知理由', () => expectPasses('LICENSING_EXTENSION', f, ext));
  it('行政许可法第四十二条：超过十日、第二次延长、期限届满后', () => {
    expectRefused('LICENSING_EXTENSION', f, { ...ext, days: 11 }, `${L}第四十二条`);
    expectRefused('LICENSING_EXTENSION', { ...f, records: { ...f.records, extend_review: [rec('extend_review')] } }, ext, `${L}第四十二条`);
    expectRefused('LICENSING_EXTENSION', f, ext, `${L}第四十二条`, on('2026-11-30'));
  });
});

describe('EXCLUDED_PERIOD_NOTIFIED', () => {
  it('行政许可法第四十五条：书面告知所需时间', () =>
    expectPasses('EXCLUDED_PERIOD_NOTIFIED', application(), { applicantNotifiedInWriting: true }));
  it('行政许可法第四十五条：未书面告知', () =>
    expectRefused('EXCLUDED_PERIOD_NOTIFIED', application(), { applicantNotifiedInWriting: false }, `${L}第四十五条`));
});

describe('DENIAL_REASONS', () => {
  it('行政许可法第三十八条第二款：说明理由并告知救济权利', () =>
    expectPasses('DENIAL_REASONS', application(), { reasons: '不符合条件', remedyTold: true }));
  it('行政许可法第三十八条第二款：未告知救济权利', () =>
    expectRefused('DENIAL_REASONS', application(), { reasons: '不符合条件', remedyTold: false }, `${L}第三十八条第二款`));
});

describe('ISSUE_IN_TIME', () => {
  const granted = { ...application(), records: records(rec('grant', { decidedOn: '2026-09-30' }, '2026-09-30')) };
  it('行政许可法第四十四条：十日（工作日）内颁发', () =>
    expectPasses('ISSUE_IN_TIME', granted, { issuedOn: '2026-10-20', method: 'certificate', certificateNumber: 'JY1' }));
  it('行政许可法第四十四条：逾期颁发须说明原因', () =>
    expectRefused('ISSUE_IN_TIME', granted, { issuedOn: '2026-10-21', method: 'certificate', certificateNumber: 'JY1' }, `${L}第四十四条`));
});

// ---- the review gate's input, due dates, and the registry against the definitions ---------------

describe('proposedDecisionOf', () => {
  it('行政处罚法第五十八条：决定的种类、金额、当事人类型和听证、疑难复杂情况交给法制审核目录', () => {
    const f = facts({ parties: [{ partyId: 'p', kind: 'natural_person', name: '王某' }], records: records(rec('record_hearing')) });
    expect(proposedDecisionOf(f, decision({ penaltyKinds: ['fine', 'confiscate_gains', 'criticism'], complex: true }))).toEqual({
      actCategory: 'penalty',
      partyType: 'natural_person',
      penaltyKinds: ['fine', 'confiscation'],
      fineAmount: 5000,
      procedure: 'general',
      hearingHeld: true,
      complex: true,
      majorPublicInterest: false,
      majorSocialRisk: false,
      majorRights: false,
    });
    expect(proposedDecisionOf(facts(), decision({ outcome: 'no_penalty_minor' }))).toMatchObject({ penaltyKinds: [], fineAmount: null });
  });
});

describe('computeDueDate', () => {
  it('行政处罚法第八十五条：五日、七日为工作日；九十日、十五日为自然日，延长和中止期间另计', () => {
    expect(computeDueDate('2026-09-30', 5, 'working_days', calendar)).toBe('2026-10-13');
    expect(computeDueDate('2026-09-29', 7, 'working_days', calendar)).toBe('2026-10-14');
    expect(computeDueDate('2026-11-02', 90, 'natural_days', calendar)).toBe('2027-01-31');
    expect(computeDueDate('2026-11-02', 90, 'natural_days', calendar, 5, 30)).toBe('2027-03-07');
    expect(computeDueDate('2026-11-02', 15, 'natural_days', calendar)).toBe('2026-11-17');
  });
  it('行政处罚法第三十六条：年份相加，二月二十九日落到平年的二月二十八日', () => {
    expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
    expect(addYears('2024-03-01', 5)).toBe('2029-03-01');
  });
});

describe('guards and the built-in definitions', () => {
  const used = new Set<string>();
  for (const p of builtInProcedures) {
    for (const n of p.openGuards ?? []) used.add(n);
    for (const a of p.actions) for (const n of a.guards ?? []) used.add(n);
  }
  it('every guard a definition names exists in `guards`', () => expect([...used].filter((n) => !guards[n])).toEqual([]));
  it('every guard is used by at least one action of the built-in procedures', () =>
    expect(Object.keys(guards).filter((n) => !used.has(n))).toEqual([]));
  it('every guard has its article', () => {
    expect(Object.keys(guardArticles).sort()).toEqual(Object.keys(guards).sort());
  });
  it('every action names its state; `from` and `to` are states of its procedure; approvals come in request/approve/return', () => {
    for (const p of builtInProcedures) {
      expect(p.states[p.initial]).toBeDefined();
      for (const a of p.actions) {
        for (const s of a.from) expect(p.states[s], `${p.code}.${a.name} from ${s}`).toBeDefined();
        if (a.to) expect(p.states[a.to], `${p.code}.${a.name} to ${a.to}`).toBeDefined();
        expect(a.input.additionalProperties, `${p.code}.${a.name}`).toBe(false);
      }
      // one action per name and state
      const seen = new Set<string>();
      for (const a of p.actions)
        for (const s of a.from) {
          expect(seen.has(`${a.name}@${s}`), `${p.code}.${a.name}@${s}`).toBe(false);
          seen.add(`${a.name}@${s}`);
        }
    }
  });
});

describe('input schemas', () => {
  /** every field of every form carries a Chinese title and description: the web generates its forms from them */
  function untitled(schema: unknown, path: string, out: string[]) {
    const node = schema as {
      type?: string;
      properties?: Record<string, unknown>;
      items?: unknown;
      anyOf?: unknown[];
      title?: string;
      description?: string;
    };
    if (!node.title || !node.description) out.push(path);
    if (node.type === 'string' && !('format' in node) && !('pattern' in node) && !('maxLength' in node) && !node.anyOf)
      out.push(`${path} (no maxLength)`);
    if ((node.type === 'number' || node.type === 'integer') && !('maximum' in node)) out.push(`${path} (no maximum)`);
    for (const [k, v] of Object.entries(node.properties ?? {})) untitled(v, `${path}.${k}`, out);
    if (node.items && !Array.isArray(node.items)) untitled(node.items, `${path}[]`, out);
    return out;
  }
  it('every field has a Chinese title and description; text has a maximum length; money has a maximum', () => {
    const missing: string[] = [];
    for (const p of builtInProcedures) {
      untitled(p.open, `${p.code}.open`, missing);
      for (const a of p.actions) untitled(a.input, `${p.code}.${a.name}`, missing);
    }
    expect(missing).toEqual([]);
  });
});

afterAll(() => {
  // a guard without a refusal test fails the suite (issue 8 acceptance)
  const missing = Object.keys(guards).filter((c) => !refusedCodes.has(c));
  if (missing.length) throw new Error(`guards without a refusal test: ${missing.join(', ')}`);
});
