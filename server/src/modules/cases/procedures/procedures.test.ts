/**
 * The built-in definitions walked end to end on a small stand-in for the engine (issue 8 §2): each
 * input is validated against its schema as the engine does (ajv), the guards run on the facts so far,
 * approvals, time limits and parties are kept as the engine keeps them. A definition whose forms and
 * guards do not fit together (a field a guard needs but the form lacks, a state with no way on)
 * fails here before it reaches the database.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { bindCalendar, buildCalendarData, officialCalendar } from '../../../platform/calendar';
import { settingDefs, settingKeys } from '../../../platform/settings/registry';
import type { ProcedureDefinition } from '../definition';
import type { CaseFacts, GuardContext, RecordedAct, Refusal, SettingsSnapshot, TimeLimitFacts } from '../facts';
import { computeDueDate, guards } from '../rules';
import { builtInProcedures, coerciveMeasure, general, inspection, licensing, simple } from '.';

const calendar = bindCalendar(buildCalendarData(officialCalendar(), []));
const settings = Object.fromEntries(settingKeys.map((k) => [k, settingDefs[k].default])) as unknown as SettingsSnapshot;
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
addFormats(ajv);

class Sim {
  state: string;
  seq = 0;
  facts: CaseFacts;
  constructor(
    readonly def: ProcedureDefinition,
    open: Record<string, unknown>,
    readonly today: string,
    partyKind: 'natural_person' | 'organisation' = 'organisation',
  ) {
    this.state = def.initial;
    this.facts = {
      caseId: 'c',
      procedure: def.code,
      state: def.initial,
      actCategory: def.actCategory,
      domain: '市场监管',
      agency: { id: 'a', name: '三湘市市场监督管理局', kind: 'department', abolished: false },
      item: null,
      openedOn: today,
      filedOn: null,
      parties: [],
      officers: [
        { officerId: 'o1', name: '张三', eligible: true, reason: null, isAuxiliary: false, domains: ['市场监管'] },
        { officerId: 'o2', name: '李四', eligible: true, reason: null, isAuxiliary: false, domains: ['市场监管'] },
      ],
      records: {},
      limits: [],
      approvals: {},
    };
    this.check(def.open, open, 'open');
    const refusal = this.guard(def.openGuards, open, today);
    if (refusal) throw new Error(`open refused: ${refusal.message}`);
    this.push('open', 'open', open, today);
    this.startLimits(def.openStarts, open, today);
    void partyKind;
  }
  private check(schema: object, input: Record<string, unknown>, what: string) {
    const validate = ajv.compile(schema);
    if (!validate(input)) throw new Error(`${this.def.code}.${what}: ${ajv.errorsText(validate.errors)}`);
  }
  private ctx(today: string): GuardContext {
    return { today, settings, calendar };
  }
  private guard(names: readonly string[] | undefined, input: Record<string, unknown>, today: string): Refusal | null {
    for (const n of names ?? []) {
      const r = guards[n]?.(this.facts, input, this.ctx(today));
      if (r) return r;
    }
    return null;
  }
  private push(record: string, action: string, input: Record<string, unknown>, on: string) {
    const act: RecordedAct = { seq: ++this.seq, action, on, at: `${on}T00:00:${String(this.seq).padStart(2, '0')}Z`, by: 'u', input };
    const records = this.facts.records as Record<string, RecordedAct[]>;
    records[record] = [...(records[record] ?? []), act];
  }
  private startLimits(starts: ProcedureDefinition['openStarts'], input: Record<string, unknown>, today: string) {
    for (const t of starts ?? []) {
      const unit = settingDefs[t.setting].unit === 'working_days' ? 'working_days' : 'natural_days';
      const days = Number(settings[t.setting]);
      const from = t.from && t.from !== 'action_date' ? String(input[t.from.field] ?? today) : today;
      for (const l of this.facts.limits) if (l.kind === t.kind) l.status = 'met';
      const limit: TimeLimitFacts = {
        kind: t.kind,
        label: t.label,
        article: t.article,
        startsOn: from,
        dueOn: computeDueDate(from, days, unit, calendar),
        unit,
        days,
        status: 'running',
        endedOn: null,
        extendedDays: 0,
        pausedDays: 0,
      };
      this.facts.limits.push(limit);
    }
  }
  limit(kind: string) {
    return [...this.facts.limits].reverse().find((l) => l.kind === kind);
  }
  /** takes an action; answers the refusal, or null when taken */
  take(name: string, input: Record<string, unknown>, today = this.today): Refusal | null {
    const action = this.def.actions.find((a) => a.name === name && a.from.includes(this.state));
    if (!action) throw new Error(`${this.def.code}: no ${name} from ${this.state}`);
    this.check(action.input, input, name);
    const refusal = this.guard(action.guards, input, today);
    if (refusal) return refusal;
    if (action.effects?.includes('add_party')) {
      const p = input.party as { kind: 'natural_person' | 'organisation'; name: string };
      this.facts.parties.push({ partyId: `p${this.facts.parties.length + 1}`, kind: p.kind, name: p.name });
    }
    if (action.approval) {
      const status = action.approval.step === 'request' ? 'submitted' : action.approval.step === 'approve' ? 'confirmed' : 'returned';
      (this.facts.approvals as Record<string, unknown>)[action.approval.kind] = { status, on: today };
    }
    if (action.allocatesNumber && !this.facts.filedOn) this.facts.filedOn = today;
    for (const kind of action.stops ?? []) {
      const l = this.limit(kind);
      if (l && l.status !== 'met') Object.assign(l, { status: 'met', endedOn: today });
    }
    for (const e of action.extends ?? []) {
      const l = this.limit(e.kind);
      if (!l) continue;
      const most = Number(settings[e.setting]);
      l.extendedDays += Math.min(e.daysField ? Number(input[e.daysField] ?? most) : most, most);
      l.dueOn = computeDueDate(l.startsOn, l.days, l.unit, calendar, l.pausedDays, l.extendedDays);
    }
    for (const kind of action.pauses ?? []) {
      const l = this.limit(kind);
      if (l) l.status = 'paused';
    }
    for (const kind of action.resumes ?? []) {
      const l = this.limit(kind);
      if (l) l.status = 'running';
    }
    this.startLimits(action.starts, input, today);
    this.push(action.records ?? action.name, action.name, input, today);
    if (action.to) this.state = action.to;
    this.facts.state = this.state;
    return null;
  }
  ok(name: string, input: Record<string, unknown>, today = this.today) {
    const r = this.take(name, input, today);
    expect(r, `${name}: ${r?.message}`).toBeNull();
    return this;
  }
}

const company = { party: { kind: 'organisation', name: '三湘某某商贸有限公司', uscc: '91350100M000100Y43' } };
const lead = {
  source: 'complaint',
  summary: '群众举报某商贸公司销售过期食品',
  violationOn: '2026-10-20',
  discoveredOn: '2026-11-02',
  harm: 'none',
};
const service = (servedOn: string) => ({ method: 'direct', servedOn, recipient: '王某（法定代表人）', proof: '送达回证已签收' });

describe('一般程序', () => {
  it('行政处罚法第五章：立案、调查、告知、放弃陈述申辩、罚款决定、送达、缴入国库、结案', () => {
    const s = new Sim(general, lead, '2026-11-02');
    s.ok('request_filing', { reason: '涉嫌销售过期食品，符合立案标准' });
    expect(s.state).toBe('filing_pending');
    s.ok('approve_filing', {});
    expect(s.limit('decision')?.dueOn).toBe('2027-01-31');
    s.ok('add_party', company);
    s.ok('record_inspection', {
      on: '2026-11-03',
      place: '某商贸公司仓库',
      officersPresent: ['张三', '李四'],
      certificatesShown: true,
      recordMade: true,
      findings: '查见过期食品 20 箱',
    });
    s.ok('conclude_investigation', {
      facts: '销售过期食品',
      evidence: '现场笔录、询问笔录',
      proposedOutcome: 'penalty',
      complex: false,
      major: false,
    });
    // a fine at the hearing threshold cannot go out on the plain notice (第六十三条)
    const n = {
      notifiedOn: '2026-11-10',
      penaltyKinds: ['fine'],
      facts: '销售过期食品',
      reasons: '违反规定',
      legalBasis: '《食品安全法》第一百二十四条',
    };
    expect(s.take('notify_rights', { ...n, fineAmount: 100000 }, '2026-11-10')?.code).toBe('HEARING_RIGHT_OFFERED');
    s.ok('notify_rights', { ...n, fineAmount: 5000 }, '2026-11-10');
    const d = {
      outcome: 'penalty',
      penaltyKinds: ['fine'],
      fineAmount: 5000,
      facts: '销售过期食品',
      legalBasis: '《食品安全法》第一百二十四条',
      complex: false,
      major: false,
    };
    expect(s.take('decide', d, '2026-11-12')?.code).toBe('STATEMENT_HEARD');
    s.ok('record_waiver', { waivedOn: '2026-11-12', written: true, waivesHearing: true }, '2026-11-12');
    expect(s.take('decide', { ...d, fineAmount: 6000 }, '2026-11-12')?.code).toBe('NO_HEAVIER_PENALTY');
    s.ok('decide', d, '2026-11-12');
    expect(s.take('serve_without_fine', service('2026-11-13'), '2026-11-13')?.code).toBe('NO_FINE_DECIDED');
    s.ok('serve', service('2026-11-13'), '2026-11-13');
    expect(s.limit('payment')?.dueOn).toBe('2026-11-28');
    expect(s.take('request_closing', { reason: 'executed' }, '2026-11-20')?.code).toBe('CLOSING_CONDITIONS');
    expect(s.take('record_payment', { paidOn: '2026-11-20', amount: 5000, channel: 'bank', covers: 'fine' }, '2026-11-20')?.code).toBe(
      'TREASURY_PAYMENT',
    );
    s.ok(
      'record_payment',
      { paidOn: '2026-11-20', amount: 5000, channel: 'bank', covers: 'fine', paymentReference: '43000026000012345' },
      '2026-11-20',
    );
    s.ok('request_closing', { reason: 'executed' }, '2026-11-20');
    s.ok('approve_closing', {}, '2026-11-21');
    expect(s.state).toBe('closed');
  });

  it('行政处罚法第六十三条至第六十五条：听证告知、申请、通知、笔录、依笔录决定', () => {
    const s = new Sim(general, lead, '2026-11-02');
    s.ok('request_filing', { reason: '立案' }).ok('approve_filing', {}).ok('add_party', company);
    s.ok('conclude_investigation', { facts: '事实', evidence: '证据', proposedOutcome: 'penalty', complex: false, major: false });
    const n = {
      notifiedOn: '2026-11-10',
      penaltyKinds: ['fine'],
      fineAmount: 200000,
      facts: '事实',
      reasons: '理由',
      legalBasis: '依据',
      hearingOffered: true,
    };
    s.ok('notify_rights_and_hearing', n, '2026-11-10');
    expect(s.take('request_hearing', { requestedOn: '2026-11-18', manner: 'written' }, '2026-11-18')?.code).toBe('HEARING_REQUEST_WINDOW');
    s.ok('request_hearing', { requestedOn: '2026-11-17', manner: 'written' }, '2026-11-17');
    const h = { hearingOn: '2026-11-25', place: '听证室', notifiedOn: '2026-11-17', hostName: '孙七', public: true };
    expect(s.take('schedule_hearing', h, '2026-11-17')?.code).toBe('HEARING_NOTICE_PERIOD');
    expect(s.take('schedule_hearing', { ...h, hearingOn: '2026-11-26', hostName: '张三' }, '2026-11-17')?.code).toBe(
      'HEARING_HOST_NOT_INVESTIGATOR',
    );
    s.ok('schedule_hearing', { ...h, hearingOn: '2026-11-26' }, '2026-11-17');
    s.ok(
      'record_hearing',
      { heldOn: '2026-11-27', attendance: 'attended', recordMade: true, recordSigned: true, summary: '听证' },
      '2026-11-27',
    );
    const d = {
      outcome: 'penalty',
      penaltyKinds: ['fine'],
      fineAmount: 150000,
      facts: '事实',
      legalBasis: '依据',
      complex: false,
      major: false,
    };
    expect(s.take('decide', d, '2026-11-30')?.code).toBe('HEARING_RECORD_USED');
    s.ok('decide', { ...d, hearingRecordConsidered: true }, '2026-11-30');
    expect(s.state).toBe('decided');
  });

  it('行政处罚法第六十条：延期经批准延长办案期限，中止期间另计；期限届满不得处罚', () => {
    const s = new Sim(general, lead, '2026-11-02');
    s.ok('request_filing', { reason: '立案' }).ok('approve_filing', {});
    s.ok('request_extension', { days: 30, reason: '案情复杂', legalBasis: '《市场监督管理行政处罚程序规定》第六十四条' }, '2027-01-20');
    s.ok('approve_extension', { days: 30 }, '2027-01-21');
    expect(s.limit('decision')?.dueOn).toBe('2027-03-02');
    s.ok('suspend', { reason: '等待鉴定', suspendedOn: '2027-01-25' }, '2027-01-25');
    expect(s.state).toBe('suspended');
    s.ok('resume', { reason: '鉴定完毕', resumedOn: '2027-02-01' }, '2027-02-01');
    expect(s.take('request_extension', { days: 10, reason: '再延', legalBasis: '某规定' }, '2027-03-03')?.code).toBe(
      'EXTENSION_BEFORE_DUE',
    );
  });

  it('行政处罚法第二十七条（R-S06）：移送公安，回执，结果，结案', () => {
    const s = new Sim(general, lead, '2026-11-02');
    s.ok('request_filing', { reason: '立案' }).ok('approve_filing', {});
    s.ok(
      'transfer',
      { target: 'police', receiver: '三湘市公安局', transferredOn: '2026-11-05', reason: '涉嫌生产销售伪劣产品罪', materials: '案卷一册' },
      '2026-11-05',
    );
    expect(s.take('request_closing', { reason: 'transferred' }, '2026-11-06')?.code).toBe('CLOSING_CONDITIONS');
    expect(s.take('record_criminal_transfer_outcome', { outcome: 'filed', on: '2026-11-20' }, '2026-11-20')?.code).toBe(
      'TRANSFER_RECEIPT_FIRST',
    );
    s.ok('record_transfer_receipt', { receiptNumber: '公受〔2026〕88号', receivedOn: '2026-11-06' }, '2026-11-06');
    s.ok('record_criminal_transfer_outcome', { outcome: 'filed', on: '2026-11-20' }, '2026-11-20');
    s.ok('request_closing', { reason: 'transferred' }, '2026-11-20').ok('approve_closing', {}, '2026-11-21');
    expect(s.state).toBe('closed');
  });
});

describe('简易程序', () => {
  it('行政处罚法第五十一条、第五十二条、第六十八条、第七十条：当场处罚、当场收缴、备案、结案', () => {
    const s = new Sim(
      simple,
      { place: '某路口', occurredOn: '2026-11-02', summary: '占道经营', partyKind: 'natural_person' },
      '2026-11-02',
    );
    s.ok('add_party', { party: { kind: 'natural_person', name: '王某', idNumber: '11010519491231002X' } });
    const d = {
      decidedOn: '2026-11-02',
      place: '某路口',
      factsCertain: true,
      penaltyKinds: ['fine'],
      fineAmount: 50,
      facts: '占道经营',
      legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
      certificateShown: true,
      rightsTold: true,
      formNumber: 'No.0000123',
      deliveredOnSpot: true,
    };
    expect(s.take('decide_on_spot', { ...d, fineAmount: 300 })?.code).toBe('SIMPLE_PROCEDURE_CAPS');
    s.ok('decide_on_spot', d);
    expect(s.limit('payment')?.dueOn).toBe('2026-11-17');
    s.ok('record_payment', {
      paidOn: '2026-11-02',
      amount: 50,
      channel: 'on_the_spot',
      onTheSpotGround: 'under_100',
      receiptNumber: '湘财罚No.001',
      covers: 'fine',
    });
    expect(s.take('close', { reason: 'executed' })?.code).toBe('SIMPLE_REPORTED');
    s.ok('file_report', { reportedOn: '2026-11-03' }, '2026-11-03').ok('close', { reason: 'executed' }, '2026-11-03');
    expect(s.state).toBe('closed');
  });
});

describe('行政检查', () => {
  it('行政处罚法第五十四条、第五十五条：检查发现违法行为，登记案源（案源按一般程序校验）', () => {
    const s = new Sim(inspection, { reason: 'random', target: '某商贸公司', scheduledOn: '2026-11-03' }, '2026-11-03');
    const rec = {
      on: '2026-11-03',
      place: '门店',
      officersPresent: ['张三', '李四'],
      certificatesShown: true,
      recordMade: true,
      findings: '发现过期食品',
      result: 'violation_found',
    };
    expect(s.take('record_inspection', { ...rec, certificatesShown: false })?.code).toBe('CERTIFICATE_SHOWN_AND_RECORDED');
    s.ok('record_inspection', rec);
    const opens = inspection.actions.find((a) => a.name === 'open_penalty_case');
    expect(opens?.opens).toBe('general');
    s.ok('open_penalty_case', { lead: { ...lead, source: 'inspection', discoveredOn: '2026-11-03' } });
    // the engine opens the new case with the lead: it must satisfy the general procedure's form
    expect(ajv.validate(general.open, { ...lead, source: 'inspection' })).toBe(true);
    expect(s.state).toBe('referred');
  });
});

describe('查封、扣押', () => {
  it('行政强制法第十八条、第二十四条至第二十八条：实施、延长、检测不计期限、解除', () => {
    const s = new Sim(
      coerciveMeasure,
      { reason: '涉嫌过期食品', legalBasis: '《食品安全法》第一百一十条', target: '过期食品 20 箱' },
      '2026-11-02',
    );
    s.ok('add_party', company);
    const m = {
      measure: 'seize',
      decidedOn: '2026-11-02',
      approvedBy: '王局长',
      approvedOn: '2026-11-02',
      officersPresent: ['张三', '李四'],
      certificatesShown: true,
      partyPresent: true,
      reasonsTold: true,
      statementHeard: true,
      recordMade: true,
      recordSigned: true,
      decisionNumber: '三市监强〔2026〕1号',
      decisionDelivered: true,
      termDays: 30,
      items: [{ name: '过期食品', quantity: 20, unit: '箱' }],
    };
    expect(s.take('decide_measure', { ...m, approvedBy: undefined, approvedOn: undefined })?.code).toBe('COERCION_APPROVED');
    s.ok('decide_measure', m);
    expect(s.limit('coercion_term')?.dueOn).toBe('2026-12-02');
    s.ok('extend_measure', { days: 30, reason: '情况复杂', notifiedOn: '2026-11-30', notifiedInWriting: true }, '2026-11-30');
    expect(s.limit('coercion_term')?.dueOn).toBe('2027-01-01');
    expect(
      s.take('extend_measure', { days: 10, reason: '再延', notifiedOn: '2026-12-20', notifiedInWriting: true }, '2026-12-20')?.code,
    ).toBe('COERCION_EXTENSION');
    s.ok('start_testing', { kind: 'testing', startedOn: '2026-12-01', expectedEndOn: '2026-12-10', notifiedInWriting: true }, '2026-12-01');
    s.ok('end_testing', { endedOn: '2026-12-10', result: '不合格' }, '2026-12-10');
    s.ok(
      'handle_measure',
      { disposition: 'release', decidedOn: '2026-12-11', releaseReason: 'decided', propertyReturned: true, basis: '已作出处罚决定' },
      '2026-12-11',
    );
    expect(s.state).toBe('closed');
  });
});

describe('行政许可', () => {
  it('行政许可法第三十二条、第四十二条、第四十四条：补正、受理、延长、准予、颁证', () => {
    const s = new Sim(
      licensing,
      { itemName: '食品经营许可', applicant: '某公司', receivedOn: '2026-11-02', channel: 'online', materials: '申请书等' },
      '2026-11-02',
    );
    s.ok('add_party', company);
    s.ok('request_supplement', { notifiedOn: '2026-11-04', items: '营业执照复印件' }, '2026-11-04');
    s.ok('receive_supplement', { receivedOn: '2026-11-06', materials: '营业执照复印件' }, '2026-11-06');
    expect(s.take('request_supplement', { notifiedOn: '2026-11-06', items: '再补' }, '2026-11-06')?.code).toBe('SUPPLEMENT_ONCE_IN_TIME');
    s.ok('accept', { acceptedOn: '2026-11-06', writtenCertificate: true }, '2026-11-06');
    expect(s.limit('licensing_decision')?.dueOn).toBe('2026-12-04');
    s.ok('extend_review', { days: 10, reason: '需现场核查', applicantNotifiedOn: '2026-12-01' }, '2026-12-01');
    expect(s.limit('licensing_decision')?.dueOn).toBe('2026-12-18');
    s.ok(
      'grant',
      { decidedOn: '2026-12-10', decisionNumber: '湘食许〔2026〕1号', scope: '预包装食品销售', legalBasis: '《食品安全法》第三十五条' },
      '2026-12-10',
    );
    s.ok(
      'issue',
      { issuedOn: '2026-12-11', method: 'certificate', certificateNumber: 'JY14301000000001', serviceMethod: 'direct' },
      '2026-12-11',
    );
    expect(s.state).toBe('closed');
  });
});

describe('every state', () => {
  it('every non-final state has a way on, and every state is reached by some action', () => {
    for (const p of builtInProcedures) {
      const reached = new Set([p.initial, ...p.actions.map((a) => a.to).filter((t): t is string => !!t)]);
      for (const [state, s] of Object.entries(p.states)) {
        expect(reached.has(state), `${p.code}.${state} reached`).toBe(true);
        if (!s.final)
          expect(
            p.actions.some((a) => a.from.includes(state) && a.to && a.to !== state),
            `${p.code}.${state} leads on`,
          ).toBe(true);
      }
    }
  });
});
