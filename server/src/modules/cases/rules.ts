/**
 * The law's guards (issue 8 §4): each a pure function `(facts, input, g) => Refusal | null` over the
 * case's facts (facts.ts), the action's input and the day's settings and calendar. A refusal names
 * the rule and the article, quoted from ../shared/laws/ (行政处罚法 2021, 行政强制法, 行政许可法,
 * 生态环境法典). Definitions name guards by their code (`guards`); the engine runs them in order and
 * answers the first refusal with 409.
 *
 * Also here: `proposedDecisionOf` (the review gate's input, issue 8 §10) and `computeDueDate`.
 */
import type { ActCategory, ProposedDecision } from '../catalog';
import { idNumberProblem, usccProblem } from '../org';
import type { CalendarLike, CaseFacts, Guard, GuardContext, OfficerFacts, PartyKind, RecordedAct, Refusal } from './facts';
import { type CasePenaltyKind, casePenaltyKindLabels, catalogPenaltyKindOf, closingReasonLabels } from './labels';

const P = '《中华人民共和国行政处罚法》';
const C = '《中华人民共和国行政强制法》';
const L = '《中华人民共和国行政许可法》';
const E = '《中华人民共和国生态环境法典》';
/** 生态环境法典 takes effect on this day (its header: effective_date 2026-08-15) */
const environmentCodeEffective = '2026-08-15';

type Input = Record<string, unknown>;

// ---- helpers ------------------------------------------------------------------------------------

function refuse(code: string, article: string, rule: string, why?: string, details?: Record<string, unknown>): Refusal {
  return { code, article, message: `${article}：${rule}${why ? `（${why}）` : ''}`, ...(details ? { details } : {}) };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const yes = (v: unknown): boolean => v === true;
const obj = (v: unknown): Input | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Input) : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const yuan = (n: number) => `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;

function recordsOf(facts: CaseFacts, name: string): readonly RecordedAct[] {
  return facts.records[name] ?? [];
}
function latest(facts: CaseFacts, name: string): RecordedAct | undefined {
  const r = recordsOf(facts, name);
  return r[r.length - 1];
}
/** records of `name` taken after `after` (all of them when `after` is absent) */
function since(facts: CaseFacts, name: string, after: RecordedAct | undefined): readonly RecordedAct[] {
  const r = recordsOf(facts, name);
  return after ? r.filter((x) => x.seq > after.seq) : r;
}
const limitOf = (facts: CaseFacts, kind: string) => [...facts.limits].reverse().find((l) => l.kind === kind);

/** the lead (案源) of the case: the input itself when it is one (opening), else the recorded `open` */
function leadOf(facts: CaseFacts, input: Input): Input {
  if (str(input.violationOn)) return input;
  const nested = obj(input.lead); // an inspection's finding opening a penalty case carries the lead
  if (nested) return nested;
  return (facts.records.open?.[0]?.input ?? {}) as Input;
}

/** the decision in force: the general procedure's or the simple procedure's */
function decisionOf(facts: CaseFacts): Input | undefined {
  return (latest(facts, 'decide') ?? latest(facts, 'decide_on_spot'))?.input as Input | undefined;
}
const noticeOf = (facts: CaseFacts) => latest(facts, 'notify_rights');

/** whether an input (notice or decision) imposes a penalty: a decision only with outcome `penalty` */
const imposesPenalty = (input: Input) => input.outcome === undefined || input.outcome === 'penalty';
const kindsOf = (input: Input) => list(input.penaltyKinds) as CasePenaltyKind[];
const fineOf = (input: Input): number | null => (kindsOf(input).includes('fine') ? (num(input.fineAmount) ?? 0) : null);
const confiscationOf = (input: Input) => (num(input.confiscatedGains) ?? 0) + (num(input.confiscatedPropertyValue) ?? 0);

/**
 * The party kind whose thresholds apply: a natural person's when any party is one (the lower,
 * stricter numbers), else an organisation's; before a party is added, the kind the lead recorded.
 */
export function partyKindOf(facts: CaseFacts): PartyKind | null {
  if (facts.parties.some((p) => p.kind === 'natural_person')) return 'natural_person';
  if (facts.parties.length > 0) return 'organisation';
  const k = facts.records.open?.[0]?.input?.partyKind;
  return k === 'natural_person' || k === 'organisation' ? k : null;
}

/** `date` plus `n` years; 29 February becomes 28 February in a common year */
export function addYears(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + n;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** Officers who may enforce on the case today: eligible (R-P01), never auxiliary, certificate covering the domain. */
export function enforcersOf(facts: CaseFacts): { ok: OfficerFacts[]; why: string[] } {
  const ok: OfficerFacts[] = [];
  const why: string[] = [];
  for (const o of facts.officers) {
    if (o.isAuxiliary) why.push(`${o.name}是执法辅助人员，不能作为执法人员`);
    else if (!o.eligible) why.push(o.reason ?? `${o.name}不具备执法资格`);
    else if (facts.domain && !o.domains.includes(facts.domain)) why.push(`${o.name}的执法证件执法领域不含“${facts.domain}”`);
    else ok.push(o);
  }
  return { ok, why };
}

function twoOfficers(code: string, article: string, rule: string): Guard {
  return (facts, input) => {
    // an act on the spot names the officers present: two at least, whatever the case's roster says
    const present = Array.isArray(input.officersPresent) ? new Set(input.officersPresent).size : null;
    if (present !== null && present < 2) return refuse(code, article, rule, `在场执法人员只有 ${present} 人`, { present });
    const { ok, why } = enforcersOf(facts);
    if (ok.length >= 2) return null;
    const detail = `本案具备执法资格的执法人员只有 ${ok.length} 人${why.length ? `：${why.join('；')}` : ''}`;
    return refuse(code, article, rule, detail, { eligible: ok.map((o) => o.name), notEligible: why });
  };
}

// ---- 行政处罚法 ---------------------------------------------------------------------------------

/**
 * 行政处罚法 第三十六条: an act not discovered within two years (five when it concerns citizens'
 * life, health or financial safety with harmful consequences) is no longer punished, counted from
 * the act or, for continuing acts, from their end; 生态环境法典 第一千零五十四条 (in force from
 * 2026-08-15): five years for environmental pollution or ecological damage. The general number is
 * the setting `penalty.limitation_years`.
 */
export const limitationPeriod: Guard = (facts, input, g) => {
  const lead = leadOf(facts, input);
  const violationOn = str(lead.violationOn);
  const discoveredOn = str(lead.discoveredOn);
  if (!violationOn || !discoveredOn) return null;
  const endedOn = str(lead.violationEndedOn);
  if (yes(lead.continuing) && !endedOn) return null; // still going on: the period has not started
  const from = yes(lead.continuing) && endedOn ? endedOn : (endedOn ?? violationOn);
  let years = Number(g.settings['penalty.limitation_years']) || 2;
  let article = `${P}第三十六条`;
  let rule = '违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年';
  if (lead.harm === 'life_health_financial') years = 5;
  else if (lead.harm === 'environmental' && g.today >= environmentCodeEffective) {
    years = 5;
    article = `${E}第一千零五十四条`;
    rule =
      '造成环境污染、生态破坏等危害后果的违法行为在五年内被发现的，应当依法给予行政处罚；其他违法行为在二年内被发现的，应当依法给予行政处罚';
  }
  const lastDay = addYears(from, years);
  if (discoveredOn <= lastDay) return null;
  return refuse(
    'LIMITATION_PERIOD',
    article,
    rule,
    `本案适用 ${years} 年，自${from === violationOn ? '违法行为发生之日' : '行为终了之日'} ${from} 起算，至 ${lastDay} 届满，${discoveredOn} 才发现`,
    { from, lastDay, discoveredOn, years },
  );
};

/** 行政处罚法 第三十八条第一款: a penalty by a body without the standing of an administrative body is void (an abolished agency). */
export const agencyQualified: Guard = (facts) =>
  facts.agency.abolished
    ? refuse(
        'AGENCY_QUALIFIED',
        `${P}第三十八条第一款`,
        '行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效',
        `${facts.agency.name}已撤销，不能再以其名义实施执法行为`,
      )
    : null;

/** 行政处罚法 第三十八条第一款 (行政许可法 第三十八条 for licences): a decision without a legal basis is void. */
export const legalBasisRequired: Guard = (facts, input) => {
  if (str(input.legalBasis)) return null;
  const item = facts.item?.legalBases.length ? `；可引用执法事项“${facts.item.name}”的依据：${facts.item.legalBases.join('；')}` : '';
  return refuse(
    'LEGAL_BASIS_REQUIRED',
    `${P}第三十八条第一款`,
    '行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效',
    `决定未写明法律依据${item}`,
  );
};

/** 行政处罚法 第四十条: the facts must be established; unclear facts or insufficient evidence: no penalty. */
export const factsEstablished: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const rule = '违法事实不清、证据不足的，不得给予行政处罚';
  const conclusion = latest(facts, 'conclude_investigation');
  if (!conclusion) return refuse('FACTS_ESTABLISHED', `${P}第四十条`, rule, '本案尚无调查终结报告');
  const proposed = conclusion.input.proposedOutcome;
  if (proposed === 'no_penalty_unproven' || proposed === 'transfer') {
    return refuse(
      'FACTS_ESTABLISHED',
      `${P}第四十条`,
      rule,
      `调查终结报告认定${proposed === 'transfer' ? '涉嫌犯罪，应当移送' : '违法事实不能成立'}`,
    );
  }
  return null;
};

/**
 * 行政处罚法 第四十一条: facts fixed by electronic monitoring devices count only when the device passed
 * the legal and technical review, its site is published, and the record was reviewed.
 */
export const electronicMonitoringReviewed: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const em = obj(leadOf(facts, input).electronicMonitoring);
  if (!em) return null;
  const missing = [
    yes(em.reviewed) ? null : '设备未经法制和技术审核',
    yes(em.sitePublished) ? null : '设置地点未向社会公布',
    yes(em.recordReviewed) ? null : '记录内容未经审核或者不符合要求',
  ].filter((x): x is string => x !== null);
  if (missing.length === 0) return null;
  return refuse(
    'ELECTRONIC_MONITORING_REVIEWED',
    `${P}第四十一条`,
    '行政机关应当审核记录内容是否符合要求；未经审核或者经审核不符合要求的，不得作为行政处罚的证据',
    missing.join('；'),
  );
};

/**
 * 行政处罚法 第四十二条 (R-P01): at least two officers with enforcement qualification on the day,
 * whose certificates cover the case's domain when it is set; auxiliary staff never count.
 */
export const twoOfficersPenalty: Guard = twoOfficers('TWO_OFFICERS', `${P}第四十二条`, '执法人员不得少于两人');

/** 行政处罚法 第四十四条: before a penalty decision the party is told its content, facts, reasons, basis and rights. */
export const rightsNotified: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const notice = noticeOf(facts);
  const conclusion = latest(facts, 'conclude_investigation');
  if (notice && (!conclusion || notice.seq > conclusion.seq)) return null;
  return refuse(
    'RIGHTS_NOTIFIED',
    `${P}第四十四条`,
    '行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，并告知当事人依法享有的陈述、申辩、要求听证等权利',
    notice ? '补充调查后尚未重新告知' : '本案尚未告知',
  );
};

/**
 * 行政处罚法 第四十五条第一款: the agency reviews (复核) what the party stated; a decision after a
 * statement records how it was reviewed and adopted.
 */
export const statementReviewed: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const stated = since(facts, 'record_statement', noticeOf(facts));
  if (stated.length === 0 || str(input.statementReview)) return null;
  return refuse(
    'STATEMENT_REVIEWED',
    `${P}第四十五条第一款`,
    '行政机关必须充分听取当事人的意见，对当事人提出的事实、理由和证据，应当进行复核',
    `当事人已陈述、申辩 ${stated.length} 次，决定未写明复核意见`,
  );
};

function heavier(decision: Input, notice: Input): string[] {
  const out: string[] = [];
  const notified = new Set(kindsOf(notice));
  const extra = kindsOf(decision).filter((k) => !notified.has(k));
  if (extra.length) out.push(`增加了告知时没有的${extra.map((k) => casePenaltyKindLabels[k]).join('、')}`);
  const pairs: [string, number | undefined, number | undefined][] = [
    ['罚款', num(decision.fineAmount), num(notice.fineAmount)],
    ['没收违法所得', num(decision.confiscatedGains), num(notice.confiscatedGains)],
    ['没收非法财物价值', num(decision.confiscatedPropertyValue), num(notice.confiscatedPropertyValue)],
  ];
  for (const [label, d, n] of pairs) {
    if (d !== undefined && d > (n ?? 0)) out.push(`${label}${yuan(d)}高于告知的${yuan(n ?? 0)}`);
  }
  return out;
}

/**
 * 行政处罚法 第四十五条第二款 (with 第四十四条): no heavier penalty because the party stated or
 * defended itself; the platform holds the decision to what was notified — a heavier penalty needs a
 * new notice.
 */
export const noHeavierPenalty: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const notice = noticeOf(facts);
  if (!notice) return null; // RIGHTS_NOTIFIED answers
  const why = heavier(input, notice.input as Input);
  if (why.length === 0) return null;
  return refuse(
    'NO_HEAVIER_PENALTY',
    `${P}第四十五条第二款`,
    '行政机关不得因当事人陈述、申辩而给予更重的处罚',
    `拟作出的决定重于告知的内容：${why.join('；')}；如确需加重，应当重新告知`,
  );
};

/** 行政处罚法 第四十七条 (R-C01): the whole process is recorded — a case is closed only when every decision made was served and every preservation handled. */
export const recordComplete: Guard = (facts) => {
  const missing: string[] = [];
  const decided = recordsOf(facts, 'decide').length;
  const served = recordsOf(facts, 'serve').length + recordsOf(facts, 'serve_without_fine').length;
  if (decided > served) missing.push('决定书尚未送达');
  if (recordsOf(facts, 'preserve_evidence').length > recordsOf(facts, 'handle_preserved_evidence').length) {
    missing.push('先行登记保存的证据尚未作出处理决定');
  }
  if (recordsOf(facts, 'approve_filing').length > 0 && decided === 0 && !latest(facts, 'end_investigation') && !latest(facts, 'transfer')) {
    missing.push('已立案的案件尚无决定、终止调查或者移送的记录');
  }
  if (missing.length === 0) return null;
  return refuse(
    'RECORD_COMPLETE',
    `${P}第四十七条`,
    '行政机关应当依法以文字、音像等形式，对行政处罚的启动、调查取证、审核、决定、送达、执行等进行全过程记录，归档保存',
    missing.join('；'),
  );
};

/** 行政处罚法 第五十一条: on the spot only a warning, or a fine up to 200 yuan (citizen) / 3,000 yuan (organisation), with certain facts and a legal basis. */
export const simpleProcedureCaps: Guard = (facts, input, g) => {
  const article = `${P}第五十一条`;
  const rule =
    '违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定';
  if (!yes(input.factsCertain)) return refuse('SIMPLE_PROCEDURE_CAPS', article, rule, '违法事实不确凿的，应当适用普通程序');
  const other = kindsOf(input).filter((k) => k !== 'warning' && k !== 'fine');
  if (other.length) {
    return refuse('SIMPLE_PROCEDURE_CAPS', article, rule, `简易程序不能给予${other.map((k) => casePenaltyKindLabels[k] ?? k).join('、')}`);
  }
  const fine = fineOf(input);
  if (fine === null) return null;
  const kind = partyKindOf(facts);
  if (!kind) return refuse('SIMPLE_PROCEDURE_CAPS', article, rule, '尚未登记当事人，无法确定罚款上限');
  const cap = kind === 'natural_person' ? g.settings['penalty.simple_fine_cap_person'] : g.settings['penalty.simple_fine_cap_org'];
  if (fine <= cap) return null;
  return refuse(
    'SIMPLE_PROCEDURE_CAPS',
    article,
    rule,
    `对${kind === 'natural_person' ? '公民' : '法人或者其他组织'}罚款${yuan(fine)}超过简易程序上限${yuan(cap)}，应当适用普通程序`,
    { fine, cap },
  );
};

/**
 * 行政处罚法 第五十二条 (with 第四十四条): on the spot the officers show their certificates, tell the
 * party the content, facts, reasons, basis and rights, and hand over the numbered decision form; a
 * refusal to sign is noted on it.
 */
export const onTheSpotDecision: Guard = (_facts, input) => {
  const missing = [
    yes(input.certificateShown) ? null : '未出示执法证件',
    yes(input.rightsTold) ? null : '未告知处罚内容及事实、理由、依据和陈述申辩权利（第四十四条）',
    yes(input.deliveredOnSpot) || yes(input.refusalNoted) ? null : '决定书未当场交付，当事人拒绝签收的也未注明',
  ].filter((x): x is string => x !== null);
  if (missing.length === 0) return null;
  return refuse(
    'ON_THE_SPOT_DECISION',
    `${P}第五十二条第一款`,
    '执法人员当场作出行政处罚决定的，应当向当事人出示执法证件，填写预定格式、编有号码的行政处罚决定书，并当场交付当事人；当事人拒绝签收的，应当在行政处罚决定书上注明',
    missing.join('；'),
  );
};

/** 行政处罚法 第五十二条第三款: a decision made on the spot is reported to the agency (备案) before the case is closed. */
export const simpleReported: Guard = (facts) =>
  latest(facts, 'file_report')
    ? null
    : refuse('SIMPLE_REPORTED', `${P}第五十二条第三款`, '执法人员当场作出的行政处罚决定，应当报所属行政机关备案', '尚未登记备案');

/** 行政处罚法 第五十五条: officers show their certificates when investigating or inspecting, and make a record. */
export const certificateShownAndRecorded: Guard = (_facts, input) => {
  const missing = [yes(input.certificatesShown) ? null : '未出示执法证件', yes(input.recordMade) ? null : '未制作笔录'].filter(
    (x): x is string => x !== null,
  );
  if (missing.length === 0) return null;
  return refuse(
    'CERTIFICATE_SHOWN_AND_RECORDED',
    `${P}第五十五条`,
    '执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件；询问或者检查应当制作笔录',
    missing.join('；'),
  );
};

/** 行政处罚法 第五十六条: evidence is preserved (先行登记保存) only with the head's approval, one approval per preservation. */
export const preservationApproved: Guard = (facts) => {
  const approved = recordsOf(facts, 'approve_preservation').length;
  const used = recordsOf(facts, 'preserve_evidence').length;
  if (facts.approvals.evidence_preservation?.status === 'confirmed' && approved > used) return null;
  return refuse(
    'PRESERVATION_APPROVED',
    `${P}第五十六条`,
    '在证据可能灭失或者以后难以取得的情况下，经行政机关负责人批准，可以先行登记保存',
    approved > 0 && approved <= used ? '批准已用于此前的先行登记保存，须重新报批' : '尚未经行政机关负责人批准',
  );
};

/** 行政处罚法 第五十六条: a handling decision needs preserved evidence awaiting one. */
export const preservationRunning: Guard = (facts) => {
  const l = limitOf(facts, 'evidence_preservation');
  if (l && l.status !== 'met') return null;
  return refuse(
    'PRESERVATION_RUNNING',
    `${P}第五十六条`,
    '经行政机关负责人批准，可以先行登记保存，并应当在七日内及时作出处理决定',
    '本案没有待处理的先行登记保存证据',
  );
};

/** 行政处罚法 第五十六条、第八十五条: the investigation ends only after preserved evidence was handled (within seven working days). */
export const preservationHandled: Guard = (facts) => {
  const open = facts.limits.filter((l) => l.kind === 'evidence_preservation' && l.status !== 'met');
  if (open.length === 0) return null;
  return refuse(
    'PRESERVATION_HANDLED',
    `${P}第五十六条`,
    '经行政机关负责人批准，可以先行登记保存，并应当在七日内及时作出处理决定',
    `先行登记保存的证据尚未作出处理决定（应于 ${open.map((l) => l.dueOn).join('、')} 前）`,
  );
};

/** 行政处罚法 第五十七条第二款: complex cases and major violations are decided by the heads collectively. */
export const collectiveDiscussion: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const conclusion = latest(facts, 'conclude_investigation')?.input ?? {};
  const needs = yes(input.complex) || yes(input.major) || yes(conclusion.complex) || yes(conclusion.major);
  const cd = obj(input.collectiveDiscussion);
  if (!needs || (cd && str(cd.conclusion))) return null;
  return refuse(
    'COLLECTIVE_DISCUSSION',
    `${P}第五十七条第二款`,
    '对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定',
    '本案属情节复杂或者重大违法行为，尚无集体讨论记录',
  );
};

/**
 * 行政处罚法 第五十九条第一款第三项 (第四十四条 for the notice): a penalty names its kinds and the
 * amounts they need — a fine its amount, a confiscation of gains its amount, of property what is taken.
 */
export const penaltySpecified: Guard = (_facts, input) => {
  if (!imposesPenalty(input)) return null;
  const kinds = kindsOf(input);
  const missing: string[] = [];
  if (kinds.length === 0) missing.push('未选择处罚种类');
  if (kinds.includes('fine') && !(num(input.fineAmount) ?? 0)) missing.push('罚款未写明金额');
  if (!kinds.includes('fine') && num(input.fineAmount)) missing.push('写明了罚款金额但未选择罚款');
  if (kinds.includes('confiscate_gains') && !(num(input.confiscatedGains) ?? 0)) missing.push('没收违法所得未写明金额');
  if (kinds.includes('confiscate_property') && !str(input.confiscatedProperty)) missing.push('没收非法财物未写明财物');
  const needsText = kinds.filter((k) =>
    ['suspend_license', 'restrict_activity', 'suspend_production', 'restrict_practice', 'other'].includes(k),
  );
  if (needsText.length && !str(input.otherPenalty))
    missing.push(`${needsText.map((k) => casePenaltyKindLabels[k]).join('、')}未写明内容或者期限`);
  if (missing.length === 0) return null;
  return refuse(
    'PENALTY_SPECIFIED',
    `${P}第五十九条第一款`,
    '行政处罚决定书应当载明下列事项：（三）行政处罚的种类和依据',
    missing.join('；'),
  );
};

/** 行政处罚法 第六十四条第三项: hearings are public unless state secrets, trade secrets or privacy are concerned. */
export const hearingPublic: Guard = (_facts, input) =>
  yes(input.public) || str(input.confidentialReason)
    ? null
    : refuse(
        'HEARING_PUBLIC',
        `${P}第六十四条第三项`,
        '除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行',
        '不公开举行的，须写明涉及国家秘密、商业秘密或者个人隐私的理由',
      );

/** 行政处罚法 第五十九条第一款第一项 (行政强制法 第二十四条第二款第一项): a decision names its party. */
export const partyRequired: Guard = (facts) => {
  if (facts.parties.length > 0) return null;
  return facts.actCategory === 'coercion'
    ? refuse(
        'PARTY_REQUIRED',
        `${C}第二十四条第二款`,
        '查封、扣押决定书应当载明下列事项：（一）当事人的姓名或者名称、地址',
        '本案尚未登记当事人',
      )
    : refuse(
        'PARTY_REQUIRED',
        `${P}第五十九条第一款`,
        '行政处罚决定书应当载明下列事项：（一）当事人的姓名或者名称、地址',
        '本案尚未登记当事人',
      );
};

/**
 * 行政处罚法 第六十条: the decision within ninety days of filing (setting `penalty.decision_days`),
 * extended only as other law provides (approved extensions) and without paused periods; a penalty
 * decided after the limit is refused.
 */
export const decisionWithinLimit: Guard = (facts, input, g) => {
  // a decision not to punish (or to transfer) burdens no one and must stay possible after the limit
  if (!imposesPenalty(input)) return null;
  const l = limitOf(facts, 'decision');
  if (!l || l.status === 'met' || g.today <= l.dueOn) return null;
  return refuse(
    'DECISION_WITHIN_LIMIT',
    `${P}第六十条`,
    '行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定',
    `办案期限已于 ${l.dueOn} 届满（立案 ${l.startsOn}，延长 ${l.extendedDays} 日，中止 ${l.pausedDays} 日）`,
    { dueOn: l.dueOn, startsOn: l.startsOn, extendedDays: l.extendedDays, pausedDays: l.pausedDays },
  );
};

/** 行政处罚法 第六十条: an extension is asked for and approved before the decision limit runs out. */
export const extensionBeforeDue: Guard = (facts, _input, g) => {
  const l = limitOf(facts, 'decision');
  if (!l)
    return refuse(
      'EXTENSION_BEFORE_DUE',
      `${P}第六十条`,
      '行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定',
      '本案尚未立案，无办案期限可延长',
    );
  if (l.status === 'met' || g.today <= l.dueOn) return null;
  return refuse(
    'EXTENSION_BEFORE_DUE',
    `${P}第六十条`,
    '行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，从其规定',
    `办案期限已于 ${l.dueOn} 届满`,
  );
};

/** 行政处罚法 第六十一条第二款: electronic service (fax, e-mail …) only with the party's consent and signed confirmation. */
export const electronicServiceConsent: Guard = (_facts, input) => {
  if (input.method !== 'electronic') return null;
  if (yes(input.consentToElectronic) && str(input.electronicAddress)) return null;
  return refuse(
    'ELECTRONIC_SERVICE_CONSENT',
    `${P}第六十一条第二款`,
    '当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式，将行政处罚决定书等送达当事人',
    yes(input.consentToElectronic) ? '未填写当事人确认的电子送达地址' : '当事人未同意电子送达或者未签订确认书',
  );
};

/**
 * 行政处罚法 第六十一条第一款、第八十五条: a party not present is served within seven working days
 * (setting `penalty.service_working_days`); never before the decision; a late service states why.
 */
export const serviceInTime: Guard = (facts, input, g) => {
  const decided = latest(facts, 'decide');
  const servedOn = str(input.servedOn);
  if (!decided || !servedOn) return null;
  const article = `${P}第六十一条第一款`;
  const rule =
    '行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，将行政处罚决定书送达当事人';
  if (servedOn < decided.on) return refuse('SERVICE_IN_TIME', article, rule, `送达日期 ${servedOn} 早于决定日期 ${decided.on}`);
  const due = g.calendar.addWorkingDays(decided.on, g.settings['penalty.service_working_days']);
  if (servedOn <= due || str(input.lateReason)) return null;
  return refuse('SERVICE_IN_TIME', article, rule, `送达期限至 ${due}，${servedOn} 送达已逾期，须说明逾期原因`, { dueOn: due });
};

/**
 * 行政处罚法 第六十二条、第六十四条第一项、第八十五条: no decision before the party was heard — the
 * statement period has run or the party expressly waived it, and any hearing-request window has closed.
 */
export const statementHeard: Guard = (facts, input, g) => {
  if (!imposesPenalty(input)) return null;
  const notice = noticeOf(facts);
  if (!notice) return null; // RIGHTS_NOTIFIED answers
  const waived = since(facts, 'record_waiver', notice).some((w) => yes(w.input.written));
  const article = `${P}第六十二条`;
  const rule = '拒绝听取当事人的陈述、申辩，不得作出行政处罚决定；当事人明确放弃陈述或者申辩权利的除外';
  if (!waived) {
    const l = limitOf(facts, 'statement');
    const notifiedOn = str(notice.input.notifiedOn) ?? notice.on;
    const due = l?.dueOn ?? g.calendar.addWorkingDays(notifiedOn, g.settings['penalty.statement_working_days']);
    if (g.today <= due)
      return refuse('STATEMENT_HEARD', article, rule, `陈述、申辩期限至 ${due}（工作日，第八十五条）尚未届满`, { dueOn: due });
  }
  if (yes(notice.input.hearingOffered)) {
    const requested = since(facts, 'request_hearing', notice).length > 0;
    const hearingWaived = since(facts, 'record_waiver', notice).some((w) => yes(w.input.waivesHearing));
    const l = limitOf(facts, 'hearing_request');
    if (!requested && !hearingWaived && l && l.status !== 'met' && g.today <= l.dueOn) {
      return refuse(
        'STATEMENT_HEARD',
        `${P}第六十四条第一项`,
        '当事人要求听证的，应当在行政机关告知后五日内提出',
        `听证申请期限至 ${l.dueOn} 尚未届满`,
        {
          dueOn: l.dueOn,
        },
      );
    }
  }
  return null;
};

/** The reasons a proposal reaches the hearing thresholds of 第六十三条 (settings `penalty.hearing_*`). */
export function hearingReasons(proposal: Input, kind: PartyKind | null, g: GuardContext): string[] {
  const person = kind === 'natural_person';
  const why: string[] = [];
  const fine = fineOf(proposal);
  const fineAt = person ? g.settings['penalty.hearing_fine_person'] : g.settings['penalty.hearing_fine_org'];
  if (fine !== null && fine >= fineAt) why.push(`罚款${yuan(fine)}达到较大数额${yuan(fineAt)}`);
  const conf = confiscationOf(proposal);
  const confAt = person ? g.settings['penalty.hearing_confiscation_person'] : g.settings['penalty.hearing_confiscation_org'];
  if (conf > 0 && conf >= confAt) why.push(`没收违法所得、非法财物${yuan(conf)}达到较大数额${yuan(confAt)}`);
  const heavy: CasePenaltyKind[] = ['lower_qualification', 'revoke_license', 'suspend_production', 'order_closure', 'restrict_practice'];
  const hit = kindsOf(proposal).filter((k) => heavy.includes(k));
  if (hit.length) why.push(`拟${hit.map((k) => casePenaltyKindLabels[k]).join('、')}`);
  return why;
}

/**
 * 行政处罚法 第六十三条: a large fine, a large confiscation, lowering a qualification, revoking a
 * licence, ordering to stop production, close or restricting practice: the party must be told of its
 * right to a hearing. Checked on the notice (the plain notice may not be used) and on the decision.
 */
export const hearingRightOffered: Guard = (facts, input, g) => {
  if (!imposesPenalty(input)) return null;
  const isNotice = str(input.notifiedOn) !== undefined;
  const offered = isNotice ? yes(input.hearingOffered) : yes(noticeOf(facts)?.input.hearingOffered);
  if (offered) return null;
  const why = hearingReasons(input, partyKindOf(facts), g);
  if (why.length === 0) return null;
  return refuse(
    'HEARING_RIGHT_OFFERED',
    `${P}第六十三条`,
    '行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利',
    `${why.join('；')}，${isNotice ? '应当告知听证权利' : '告知时未告知听证权利，应当重新告知'}`,
  );
};

/** 行政处罚法 第六十四条第一项、第八十五条: a hearing is requested within five working days of the notice. */
export const hearingRequestWindow: Guard = (facts, input, g) => {
  const notice = noticeOf(facts);
  const requestedOn = str(input.requestedOn);
  if (!notice || !requestedOn) return null;
  const notifiedOn = str(notice.input.notifiedOn) ?? notice.on;
  const l = limitOf(facts, 'hearing_request');
  const due = l?.dueOn ?? g.calendar.addWorkingDays(notifiedOn, g.settings['penalty.hearing_request_working_days']);
  if (requestedOn >= notifiedOn && requestedOn <= due) return null;
  return refuse(
    'HEARING_REQUEST_WINDOW',
    `${P}第六十四条第一项`,
    '当事人要求听证的，应当在行政机关告知后五日内提出',
    requestedOn < notifiedOn
      ? `提出日期 ${requestedOn} 早于告知日期 ${notifiedOn}`
      : `告知日期 ${notifiedOn}，期限至 ${due}（工作日，第八十五条），${requestedOn} 提出已逾期`,
    { notifiedOn, dueOn: due },
  );
};

/** 行政处罚法 第六十四条第二项、第八十五条: the party is notified seven working days before the hearing. */
export const hearingNoticePeriod: Guard = (_facts, input, g) => {
  const notifiedOn = str(input.notifiedOn);
  const hearingOn = str(input.hearingOn);
  if (!notifiedOn || !hearingOn) return null;
  const need = g.settings['penalty.hearing_notice_working_days'];
  const earliest = g.calendar.addWorkingDays(notifiedOn, need);
  if (hearingOn >= earliest) return null;
  return refuse(
    'HEARING_NOTICE_PERIOD',
    `${P}第六十四条第二项`,
    '行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点',
    `${notifiedOn} 通知的，最早 ${earliest} 举行听证（工作日，第八十五条）`,
    { earliest },
  );
};

/** 行政处罚法 第六十四条第四项: the host is not one of the case's investigators. */
export const hearingHostNotInvestigator: Guard = (facts, input) => {
  const id = str(input.hostOfficerId);
  const name = str(input.hostName);
  const hit = facts.officers.find((o) => (id && o.officerId === id) || (name && o.name === name));
  if (!hit) return null;
  return refuse(
    'HEARING_HOST_NOT_INVESTIGATOR',
    `${P}第六十四条第四项`,
    '听证由行政机关指定的非本案调查人员主持',
    `${hit.name}是本案的调查人员`,
  );
};

/** 行政处罚法 第六十四条第二项: a hearing is recorded only after it was scheduled and the party notified. */
export const hearingScheduled: Guard = (facts, input) => {
  const s = latest(facts, 'schedule_hearing');
  const heldOn = str(input.heldOn);
  if (s && (!heldOn || heldOn >= String(s.input.hearingOn))) return null;
  return refuse(
    'HEARING_SCHEDULED',
    `${P}第六十四条第二项`,
    '行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点',
    s ? `听证日期早于通知的 ${String(s.input.hearingOn)}` : '尚未安排听证并通知当事人',
  );
};

/** 行政处罚法 第六十五条: after a hearing the decision is made on the hearing record. */
export const hearingRecordUsed: Guard = (facts, input) => {
  const requested = since(facts, 'request_hearing', noticeOf(facts));
  if (requested.length === 0) return null;
  const held = since(facts, 'record_hearing', requested[requested.length - 1]);
  const article = `${P}第六十五条`;
  const rule = '听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定，作出决定';
  if (held.length === 0) return refuse('HEARING_RECORD_USED', article, rule, '当事人已要求听证，尚无听证笔录');
  if (!yes(input.hearingRecordConsidered)) return refuse('HEARING_RECORD_USED', article, rule, '决定未注明根据听证笔录作出');
  return null;
};

/**
 * 行政处罚法 第六十六条第二款: deferment or instalments are for fines, on the party's application
 * showing economic hardship, approved by the agency.
 */
export const instalmentConditions: Guard = (facts, input) => {
  const d = decisionOf(facts);
  const article = `${P}第六十六条第二款`;
  const rule = '当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳';
  if (!d || fineOf(d) === null) return refuse('INSTALMENT_CONDITIONS', article, rule, '本案决定未处罚款');
  if (!str(input.appliedOn) || !str(input.hardship))
    return refuse('INSTALMENT_CONDITIONS', article, rule, '须有当事人的申请和经济困难情况');
  return null;
};

/**
 * 行政处罚法 第六十七条 (R-S11): the agency never collects fines itself (罚缴分离); a payment to the
 * bank or e-payment system carries the treasury payment reference.
 */
export const treasuryPayment: Guard = (_facts, input) => {
  if (input.channel === 'on_the_spot' || str(input.paymentReference)) return null;
  return refuse(
    'TREASURY_PAYMENT',
    `${P}第六十七条`,
    '作出罚款决定的行政机关应当与收缴罚款的机构分离。当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。银行应当收受罚款，并将罚款直接上缴国库',
    '未填写缴入国库的缴款凭证号，本平台不登记由行政机关收取的款项（R-S11）',
  );
};

/**
 * 行政处罚法 第六十八条至第七十条: on-the-spot collection only for a simple-procedure fine of 100 yuan
 * or less or one hard to execute later (第六十八条), or in remote areas on the party's request
 * (第六十九条); always with the official receipt of the finance department (第七十条).
 */
export const onTheSpotCollection: Guard = (facts, input) => {
  if (input.channel !== 'on_the_spot') return null;
  const ground = input.onTheSpotGround;
  const d = decisionOf(facts);
  const fine = d ? fineOf(d) : null;
  const simple = facts.procedure === 'simple';
  if (ground === 'under_100' || ground === 'hard_to_execute') {
    const rule =
      '依照本法第五十一条的规定当场作出行政处罚决定，有下列情形之一，执法人员可以当场收缴罚款：（一）依法给予一百元以下罚款的；（二）不当场收缴事后难以执行的';
    if (!simple) return refuse('ON_THE_SPOT_COLLECTION', `${P}第六十八条`, rule, '本案不是当场作出的处罚决定');
    if (ground === 'under_100' && (fine === null || fine > 100)) {
      return refuse('ON_THE_SPOT_COLLECTION', `${P}第六十八条第一项`, rule, `罚款${yuan(fine ?? 0)}超过一百元`);
    }
  } else if (ground !== 'remote_area') {
    return refuse(
      'ON_THE_SPOT_COLLECTION',
      `${P}第六十七条第二款`,
      '除依照本法第六十八条、第六十九条的规定当场收缴的罚款外，作出行政处罚决定的行政机关及其执法人员不得自行收缴罚款',
      '未选择当场收缴的法定情形',
    );
  }
  if (str(input.receiptNumber)) return null;
  return refuse(
    'ON_THE_SPOT_COLLECTION',
    `${P}第七十条`,
    '行政机关及其执法人员当场收缴罚款的，必须向当事人出具国务院财政部门或者省、自治区、直辖市人民政府财政部门统一制发的专用票据',
    '未填写专用票据号码',
  );
};

/**
 * 行政处罚法 第七十二条第一款第一项: a late fine is surcharged 3 % a day (setting
 * `penalty.late_surcharge_rate`) from after its due date, in total never more than the fine.
 */
export const surchargeCap: Guard = (facts, input, g) => {
  const d = decisionOf(facts);
  const fine = d ? fineOf(d) : null;
  const article = `${P}第七十二条第一款第一项`;
  const rule = '到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额';
  if (fine === null || fine <= 0) return refuse('SURCHARGE_CAP', article, rule, '本案决定未处罚款');
  const from = str(input.from);
  const until = str(input.until);
  const amount = num(input.amount) ?? 0;
  if (!from || !until || until < from) return refuse('SURCHARGE_CAP', article, rule, '加处罚款的起止日期有误');
  const instalmentDue = str(latest(facts, 'approve_instalment')?.input.lastDueOn);
  const due = instalmentDue ?? limitOf(facts, 'payment')?.dueOn;
  if (due && from <= due) return refuse('SURCHARGE_CAP', article, rule, `缴纳期限至 ${due}，加处罚款自其次日起算`, { dueOn: due });
  const days = dayNumber(until) - dayNumber(from) + 1;
  const rate = g.settings['penalty.late_surcharge_rate'];
  const byDays = Math.round(fine * rate * days * 100) / 100;
  const before = recordsOf(facts, 'record_surcharge').reduce((s, r) => s + (num(r.input.amount) ?? 0), 0);
  const cap = Math.min(byDays, fine - before);
  if (amount <= cap + 0.005) return null;
  return refuse(
    'SURCHARGE_CAP',
    article,
    rule,
    `罚款${yuan(fine)}，${days} 日按每日${rate * 100}%计算最多${yuan(byDays)}，此前已加处${yuan(before)}，本次最多${yuan(Math.max(0, cap))}`,
    { fine, days, byDays, before, cap: Math.max(0, cap) },
  );
};

/** The remedy proceedings of the case: filed date and (when decided) decided date, per remedy. */
function remedyPeriods(facts: CaseFacts): { kind: string; from: string; until: string | null }[] {
  const byKey = new Map<string, { kind: string; from: string; until: string | null }>();
  for (const r of recordsOf(facts, 'record_remedy')) {
    const kind = String(r.input.kind);
    const from = String(r.input.filedOn);
    const key = `${kind}|${str(r.input.reference) ?? from}`;
    const until = str(r.input.outcome) ? (str(r.input.decidedOn) ?? r.on) : null;
    byKey.set(key, { kind, from, until });
  }
  return [...byKey.values()];
}

/** 行政处罚法 第七十三条第三款: while a reconsideration or lawsuit is pending, no surcharge accrues. */
export const surchargeNotDuringRemedy: Guard = (facts, input) => {
  const from = str(input.from);
  const until = str(input.until);
  if (!from || !until) return null;
  const overlap = remedyPeriods(facts).find((p) => p.from <= until && (p.until === null || p.until >= from));
  if (!overlap) return null;
  return refuse(
    'SURCHARGE_NOT_DURING_REMEDY',
    `${P}第七十三条第三款`,
    '当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算',
    `${overlap.kind === 'litigation' ? '行政诉讼' : '行政复议'}期间 ${overlap.from} 至 ${overlap.until ?? '今'} 与加处期间重叠`,
  );
};

/** 行政处罚法 第六十七条第三款: the payment period runs from the receipt of a decision that imposes a fine; other decisions are served without it. */
export const fineDecided: Guard = (facts) => {
  const d = decisionOf(facts);
  if (d && imposesPenalty(d) && fineOf(d) !== null) return null;
  return refuse(
    'FINE_DECIDED',
    `${P}第六十七条第三款`,
    '当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款',
    '本案决定未处罚款，请送达决定书而不计缴纳期限',
  );
};
export const noFineDecided: Guard = (facts) => {
  const d = decisionOf(facts);
  if (!d || !imposesPenalty(d) || fineOf(d) === null) return null;
  return refuse(
    'NO_FINE_DECIDED',
    `${P}第六十七条第三款`,
    '当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款',
    '本案决定处以罚款，送达时应当起算缴纳期限',
  );
};

/** 行政处罚法 第三十四条 (R-D07): a fine outside the range of the discretion level applied needs a written reason. */
export const discretionReason: Guard = (facts, input) => {
  if (!imposesPenalty(input)) return null;
  const fine = fineOf(input);
  const levels = facts.item?.discretion ?? [];
  if (fine === null || levels.length === 0) return null;
  const article = `${P}第三十四条`;
  const rule = '行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权';
  const name = str(input.discretionLevel);
  if (!name) return refuse('DISCRETION_REASON', article, rule, `须写明适用的裁量阶次（${levels.map((l) => l.level).join('、')}）`);
  const level = levels.find((l) => l.level === name);
  if (!level) return refuse('DISCRETION_REASON', article, rule, `执法事项“${facts.item?.name}”的裁量基准中没有“${name}”阶次`);
  const below = level.fineMin !== null && fine < level.fineMin;
  const above = level.fineMax !== null && fine > level.fineMax;
  if ((!below && !above) || str(input.reasonOutsideRange)) return null;
  return refuse(
    'DISCRETION_REASON',
    article,
    rule,
    `罚款${yuan(fine)}不在“${name}”阶次 ${level.fineMin ?? '—'}～${level.fineMax ?? '—'} 元的幅度内，须书面说明理由`,
    { level: name, fineMin: level.fineMin, fineMax: level.fineMax },
  );
};

// ---- 结案、移送 (R-S06) -------------------------------------------------------------------------

function outstanding(facts: CaseFacts): string[] {
  const d = decisionOf(facts);
  if (!d || !imposesPenalty(d)) return [];
  const payments = [...recordsOf(facts, 'record_payment')];
  const paid = (covers: string) => payments.filter((p) => p.input.covers === covers).reduce((s, p) => s + (num(p.input.amount) ?? 0), 0);
  const out: string[] = [];
  const fine = fineOf(d);
  if (fine !== null && paid('fine') + 0.005 < fine) out.push(`罚款${yuan(fine)}已缴${yuan(paid('fine'))}`);
  const surcharge = recordsOf(facts, 'record_surcharge').reduce((s, r) => s + (num(r.input.amount) ?? 0), 0);
  if (surcharge > 0 && paid('surcharge') + 0.005 < surcharge) out.push(`加处罚款${yuan(surcharge)}已缴${yuan(paid('surcharge'))}`);
  const gains = num(d.confiscatedGains);
  if (gains && paid('gains') + 0.005 < gains) out.push(`没收违法所得${yuan(gains)}已缴${yuan(paid('gains'))}`);
  return out;
}

/**
 * Closing (结案): full execution (行政处罚法 第六十六条第一款), execution by the court (第七十二条第一款
 * 第四项), a decision not to punish (第五十七条第一款), a transfer with the receiving body's receipt
 * (第二十七条第二款, R-S06), a terminated investigation (第四十七条: recorded), or a reason to end
 * execution of 行政强制法 第四十条, with the circumstances written down.
 */
export const closingConditions: Guard = (facts, rawInput) => {
  // the head's approval carries no reason of its own: it is checked against the request it approves
  const input =
    typeof rawInput.reason === 'string' && rawInput.reason in closingReasonLabels
      ? rawInput
      : (latest(facts, 'request_closing')?.input ?? rawInput);
  const reason = String(input.reason) as keyof typeof closingReasonLabels;
  const no = (article: string, rule: string, why: string) => refuse('CLOSING_CONDITIONS', article, rule, why, { reason });
  const d = decisionOf(facts);
  switch (reason) {
    case 'executed': {
      const article = `${P}第六十六条第一款`;
      const rule = '行政处罚决定依法作出后，当事人应当在行政处罚决定书载明的期限内，予以履行';
      if (!d || !imposesPenalty(d)) return no(article, rule, '本案没有给予行政处罚的决定，不能以执行完毕结案');
      const left = outstanding(facts);
      return left.length ? no(article, rule, `尚未执行完毕：${left.join('；')}`) : null;
    }
    case 'court_enforced':
      return recordsOf(facts, 'record_court_execution').some((r) => r.input.result === 'executed')
        ? null
        : no(`${P}第七十二条第一款第四项`, '依照《中华人民共和国行政强制法》的规定申请人民法院强制执行', '尚无人民法院强制执行完毕的记录');
    case 'no_penalty':
      return d && !imposesPenalty(d) && d.outcome !== 'transfer'
        ? null
        : no(
            `${P}第五十七条第一款`,
            '调查终结，行政机关负责人应当对调查结果进行审查，根据不同情况，分别作出如下决定',
            '本案没有不予行政处罚的决定',
          );
    case 'transferred': {
      const article = `${P}第二十七条第二款`;
      const rule =
        '行政处罚实施机关与司法机关之间应当加强协调配合，建立健全案件移送制度，加强证据材料移交、接收衔接，完善案件处理信息通报机制';
      if (!latest(facts, 'transfer')) return no(article, rule, '本案没有移送记录');
      return latest(facts, 'record_transfer_receipt') ? null : no(article, rule, '移送尚无接收回执，须跟踪至对方接收（R-S06）');
    }
    case 'investigation_terminated':
      return latest(facts, 'end_investigation')
        ? null
        : no(
            `${P}第四十七条`,
            '行政机关应当依法以文字、音像等形式，对行政处罚的启动、调查取证、审核、决定、送达、执行等进行全过程记录，归档保存',
            '本案没有终止调查的记录',
          );
    default:
      return str(input.explanation)
        ? null
        : no(`${C}第四十条`, '有下列情形之一的，终结执行', `以“${closingReasonLabels[reason] ?? reason}”结案须说明情况`);
  }
};

/** R-S06 (行政处罚法 第二十七条): a receipt follows a transfer and is not dated before it. */
export const transferRecorded: Guard = (facts, input) => {
  const t = latest(facts, 'transfer');
  const receivedOn = str(input.receivedOn);
  if (t && (!receivedOn || receivedOn >= String(t.input.transferredOn))) return null;
  return refuse(
    'TRANSFER_RECORDED',
    `${P}第二十七条第二款`,
    '行政处罚实施机关与司法机关之间应当加强协调配合，建立健全案件移送制度，加强证据材料移交、接收衔接，完善案件处理信息通报机制',
    t ? `接收日期早于移送日期 ${String(t.input.transferredOn)}` : '本案没有移送记录',
  );
};

/** R-S06: the outcome of a transfer is recorded after the receiving body's receipt. */
export const transferReceiptFirst: Guard = (facts) =>
  latest(facts, 'record_transfer_receipt')
    ? null
    : refuse(
        'TRANSFER_RECEIPT_FIRST',
        `${P}第二十七条第二款`,
        '行政处罚实施机关与司法机关之间应当加强协调配合，建立健全案件移送制度，加强证据材料移交、接收衔接，完善案件处理信息通报机制',
        '尚未登记接收机关的回执',
      );

/** 行政处罚法 第二十七条第一款: a transferred case comes back only when the receiving body did not take it. */
export const transferNotAccepted: Guard = (facts) => {
  const o = latest(facts, 'record_criminal_transfer_outcome');
  if (o && (o.input.outcome === 'not_filed' || o.input.outcome === 'returned')) return null;
  return refuse(
    'TRANSFER_NOT_ACCEPTED',
    `${P}第二十七条第一款`,
    '对依法不需要追究刑事责任或者免予刑事处罚，但应当给予行政处罚的，司法机关应当及时将案件移送有关行政机关',
    o ? '接收机关已立案' : '尚无接收机关不予立案或者退回的记录',
  );
};

// ---- parties (R-C06) ----------------------------------------------------------------------------

/** R-C06: a natural person's ID number passes GB 11643, an organisation's USCC passes GB 32100. */
export const partyIdentifiers: Guard = (_facts, input) => {
  const p = obj(input.party);
  if (!p) return null;
  const id = str(p.idNumber);
  const uscc = str(p.uscc);
  let why: string | null = null;
  // the check character may be typed as a lower-case x (the input allows it): checked, and stored, upper-case
  if (p.kind === 'natural_person' && uscc) why = '自然人不填统一社会信用代码';
  else if (p.kind === 'organisation' && id) why = '法人或者其他组织不填公民身份号码';
  else if (id) why = idNumberProblem(id.toUpperCase());
  else if (uscc) why = usccProblem(uscc);
  return why ? refuse('PARTY_IDENTIFIERS', 'R-C06（GB 11643、GB 32100）', '当事人的身份号码或者统一社会信用代码须有效', why) : null;
};

// ---- 行政强制法 (查封、扣押) --------------------------------------------------------------------

/** 行政强制法 第十八条第一项、第十九条: approved by the head beforehand, or reported within 24 hours when urgent. */
export const coercionApproved: Guard = (_facts, input) => {
  const approvedOn = str(input.approvedOn);
  const decidedOn = str(input.decidedOn);
  if (str(input.approvedBy) && approvedOn && (!decidedOn || approvedOn <= decidedOn)) return null;
  if (yes(input.emergency) && str(input.reportedAt) && decidedOn) {
    const hours = (Date.parse(String(input.reportedAt)) - Date.parse(`${decidedOn}T00:00:00+08:00`)) / 3_600_000;
    if (hours >= 0 && hours <= 48) return null; // reported by the end of the next day at the latest (24 h from any time that day)
    return refuse(
      'COERCION_APPROVED',
      `${C}第十九条`,
      '情况紧急，需要当场实施行政强制措施的，行政执法人员应当在二十四小时内向行政机关负责人报告，并补办批准手续',
      '报告时间超过二十四小时',
    );
  }
  return refuse(
    'COERCION_APPROVED',
    `${C}第十八条第一项`,
    '行政机关实施行政强制措施应当遵守下列规定：（一）实施前须向行政机关负责人报告并经批准',
    approvedOn && decidedOn && approvedOn > decidedOn ? `批准日期 ${approvedOn} 晚于实施日期 ${decidedOn}` : '未经行政机关负责人批准',
  );
};

/** 行政强制法 第十八条第二项: carried out by two or more enforcement officers (auxiliary staff never count). */
export const coercionTwoOfficers: Guard = twoOfficers('COERCION_TWO_OFFICERS', `${C}第十八条第二项`, '由两名以上行政执法人员实施');

/** 行政强制法 第十八条第三项至第九项: certificates, party present or a witness, reasons and rights told, statement heard, on-site record signed. */
export const coercionOnSiteProcedure: Guard = (_facts, input) => {
  const missing = [
    yes(input.certificatesShown) ? null : '未出示执法身份证件（第三项）',
    yes(input.partyPresent) || str(input.witness) ? null : '当事人不到场且未邀请见证人（第四项、第九项）',
    yes(input.reasonsTold) ? null : '未当场告知理由、依据和权利、救济途径（第五项）',
    yes(input.statementHeard) ? null : '未听取当事人的陈述和申辩（第六项）',
    yes(input.recordMade) ? null : '未制作现场笔录（第七项）',
    yes(input.recordSigned) ? null : '现场笔录未签名或者盖章，拒绝的未注明（第八项）',
  ].filter((x): x is string => x !== null);
  if (missing.length === 0) return null;
  return refuse('COERCION_ON_SITE_PROCEDURE', `${C}第十八条`, '行政机关实施行政强制措施应当遵守下列规定', missing.join('；'));
};

/** 行政强制法 第二十四条、第二十五条第一款: decision and list handed over on the spot; a term of at most thirty days. */
export const coercionDecisionDocument: Guard = (_facts, input, g) => {
  const article = `${C}第二十四条第一款`;
  const rule = '行政机关决定实施查封、扣押的，应当履行本法第十八条规定的程序，制作并当场交付查封、扣押决定书和清单';
  if (!yes(input.decisionDelivered)) return refuse('COERCION_DECISION_DOCUMENT', article, rule, '决定书和清单未当场交付');
  if (!Array.isArray(input.items) || input.items.length === 0)
    return refuse('COERCION_DECISION_DOCUMENT', article, rule, '未列明查封、扣押清单');
  const term = num(input.termDays);
  const max = g.settings['coercion.term_days'];
  if (term !== undefined && term > max) {
    return refuse(
      'COERCION_DECISION_DOCUMENT',
      `${C}第二十五条第一款`,
      '查封、扣押的期限不得超过三十日',
      `决定书载明 ${term} 日，本地上限 ${max} 日`,
    );
  }
  return null;
};

/** 行政强制法 第二十五条第一款、第二款: one extension, approved by the head, before the term ends, at most thirty days, notified in writing with reasons. */
export const coercionExtension: Guard = (facts, input, g) => {
  const article = `${C}第二十五条`;
  const rule =
    '情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日；延长查封、扣押的决定应当及时书面告知当事人，并说明理由';
  const no = (why: string) => refuse('COERCION_EXTENSION', article, rule, why);
  if (recordsOf(facts, 'extend_measure').length > 0) return no('查封、扣押期限已延长过一次');
  const l = limitOf(facts, 'coercion_term');
  if (l && g.today > l.dueOn) return no(`查封、扣押期限已于 ${l.dueOn} 届满，不能再延长，应当解除（第二十八条第一款第四项）`);
  const days = num(input.days) ?? 0;
  const max = g.settings['coercion.extension_days'];
  if (days > max) return no(`延长 ${days} 日超过 ${max} 日`);
  if (!yes(input.notifiedInWriting)) return no('未书面告知当事人并说明理由');
  return null;
};

/** 行政强制法 第二十五条第三款: the testing period is fixed and notified in writing; it does not count towards the term. */
export const testingPeriodNotified: Guard = (_facts, input) => {
  const start = str(input.startedOn);
  const end = str(input.expectedEndOn);
  const missing = [
    start && end && end >= start ? null : '检测、检验、检疫或者技术鉴定的期间不明确',
    yes(input.notifiedInWriting) ? null : '未书面告知当事人',
  ].filter((x): x is string => x !== null);
  if (missing.length === 0) return null;
  return refuse(
    'TESTING_PERIOD_NOTIFIED',
    `${C}第二十五条第三款`,
    '检测、检验、检疫或者技术鉴定的期间应当明确，并书面告知当事人',
    missing.join('；'),
  );
};

/** 行政强制法 第二十七条、第二十八条第一款第四项: handled within the term; once the term has expired, only release remains. */
export const coercionHandledInTerm: Guard = (facts, input, g) => {
  const l = limitOf(facts, 'coercion_term');
  if (!l || g.today <= l.dueOn) return null;
  if (input.disposition === 'release' && input.releaseReason === 'term_expired') return null;
  return refuse(
    'COERCION_HANDLED_IN_TERM',
    `${C}第二十七条`,
    '行政机关采取查封、扣押措施后，应当及时查清事实，在本法第二十五条规定的期限内作出处理决定',
    `期限已于 ${l.dueOn} 届满；依照第二十八条第一款第四项，查封、扣押期限已经届满的，应当及时作出解除查封、扣押决定`,
    { dueOn: l.dueOn },
  );
};

/** 行政强制法 第二十八条: release names one of the statutory reasons and returns the property at once. */
export const releaseReason: Guard = (_facts, input) => {
  if (input.disposition !== 'release') return null;
  const missing = [
    str(input.releaseReason) ? null : '未写明解除的法定情形',
    yes(input.propertyReturned) ? null : '未退还财物或者变卖所得款项',
  ].filter((x): x is string => x !== null);
  if (missing.length === 0) return null;
  return refuse(
    'RELEASE_REASON',
    `${C}第二十八条`,
    '有下列情形之一的，行政机关应当及时作出解除查封、扣押决定；解除查封、扣押应当立即退还财物',
    missing.join('；'),
  );
};

/** 行政强制法 第五十四条、第六十九条: apply to the court only ten working days after the demand (催告书) was served. */
export const demandBeforeCourt: Guard = (_facts, input, g) => {
  const served = str(input.demandServedOn);
  const applied = str(input.appliedOn);
  if (!served || !applied) return null;
  const end = g.calendar.addWorkingDays(served, 10);
  if (applied > end) return null;
  return refuse(
    'DEMAND_BEFORE_COURT',
    `${C}第五十四条`,
    '行政机关申请人民法院强制执行前，应当催告当事人履行义务。催告书送达十日后当事人仍未履行义务的，行政机关可以向所在地有管辖权的人民法院申请强制执行',
    `催告书 ${served} 送达，${end} 后方可申请（十日为工作日，第六十九条）`,
    { earliest: g.calendar.addWorkingDays(served, 11) },
  );
};

// ---- 行政许可法 ---------------------------------------------------------------------------------

/** 行政许可法 第三十二条第一款第四项: all missing materials told at once, within five working days of receipt. */
export const supplementOnceInTime: Guard = (facts, input, g) => {
  const article = `${L}第三十二条第一款第四项`;
  const rule =
    '申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理';
  if (recordsOf(facts, 'request_supplement').length > 0)
    return refuse('SUPPLEMENT_ONCE_IN_TIME', article, rule, '已告知过补正，不得再次要求补正');
  const receivedOn = str(facts.records.open?.[0]?.input.receivedOn);
  const notifiedOn = str(input.notifiedOn);
  if (!receivedOn || !notifiedOn) return null;
  const due = g.calendar.addWorkingDays(receivedOn, g.settings['licensing.acceptance_working_days']);
  if (notifiedOn <= due) return null;
  return refuse('SUPPLEMENT_ONCE_IN_TIME', article, rule, `${receivedOn} 收到申请材料，补正告知期限至 ${due}，已视为受理`, { dueOn: due });
};

/**
 * 行政许可法 第三十二条第一款第四项: when the applicant was not told within five working days what to
 * supplement, the application counts as accepted on the day the materials were received — the review
 * period runs from then, not from a later acceptance.
 */
export const acceptedOnReceipt: Guard = (facts, input, g) => {
  if (recordsOf(facts, 'request_supplement').length > 0) return null;
  const receivedOn = str(facts.records.open?.[0]?.input.receivedOn);
  const acceptedOn = str(input.acceptedOn);
  if (!receivedOn || !acceptedOn || acceptedOn === receivedOn) return null;
  const due = g.calendar.addWorkingDays(receivedOn, g.settings['licensing.acceptance_working_days']);
  if (acceptedOn <= due) return null;
  return refuse(
    'ACCEPTED_ON_RECEIPT',
    `${L}第三十二条第一款第四项`,
    '申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理',
    `${receivedOn} 收到申请材料，至 ${due} 未告知补正，受理日期应为 ${receivedOn}`,
    { receivedOn, dueOn: due },
  );
};

/** 行政许可法 第三十二条第二款: accepting or rejecting an application comes with a sealed, dated written certificate. */
export const writtenAcceptanceReceipt: Guard = (_facts, input) =>
  yes(input.writtenCertificate)
    ? null
    : refuse(
        'WRITTEN_ACCEPTANCE_RECEIPT',
        `${L}第三十二条第二款`,
        '行政机关受理或者不予受理行政许可申请，应当出具加盖本行政机关专用印章和注明日期的书面凭证',
        '未出具书面凭证',
      );

/** 行政许可法 第三十二条第一款第二项: outside the agency's competence, the applicant is told which agency to apply to. */
export const acceptanceRejectionGrounds: Guard = (_facts, input) => {
  if (input.ground !== 'outside_competence' || str(input.otherBody)) return null;
  return refuse(
    'ACCEPTANCE_REJECTION_GROUNDS',
    `${L}第三十二条第一款第二项`,
    '申请事项依法不属于本行政机关职权范围的，应当即时作出不予受理的决定，并告知申请人向有关行政机关申请',
    '未告知申请人向哪个行政机关申请',
  );
};

/** 行政许可法 第四十二条第一款: once, approved by the head, at most ten working days, before the limit ends, reasons told. */
export const licensingExtension: Guard = (facts, input, g) => {
  const article = `${L}第四十二条第一款`;
  const rule = '二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人';
  const no = (why: string) => refuse('LICENSING_EXTENSION', article, rule, why);
  if (recordsOf(facts, 'extend_review').length > 0) return no('审查期限已延长过一次');
  const l = limitOf(facts, 'licensing_decision');
  if (l && g.today > l.dueOn) return no(`审查期限已于 ${l.dueOn} 届满`);
  const days = num(input.days) ?? 0;
  const max = g.settings['licensing.extension_working_days'];
  if (days > max) return no(`延长 ${days} 日超过 ${max} 个工作日`);
  if (!str(input.applicantNotifiedOn) || !str(input.reason)) return no('未将延长期限的理由告知申请人');
  return null;
};

/** 行政许可法 第四十五条: time for hearings, testing, appraisal … is not counted, and is told to the applicant in writing. */
export const excludedPeriodNotified: Guard = (_facts, input) =>
  yes(input.applicantNotifiedInWriting)
    ? null
    : refuse(
        'EXCLUDED_PERIOD_NOTIFIED',
        `${L}第四十五条`,
        '行政机关作出行政许可决定，依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间不计算在本节规定的期限内。行政机关应当将所需时间书面告知申请人',
        '未书面告知申请人所需时间',
      );

/** 行政许可法 第三十八条第二款: a denial states its reasons and the applicant's right to reconsideration or a lawsuit. */
export const denialReasons: Guard = (_facts, input) =>
  str(input.reasons) && yes(input.remedyTold)
    ? null
    : refuse(
        'DENIAL_REASONS',
        `${L}第三十八条第二款`,
        '行政机关依法作出不予行政许可的书面决定的，应当说明理由，并告知申请人享有依法申请行政复议或者提起行政诉讼的权利',
        str(input.reasons) ? '未告知申请行政复议或者提起行政诉讼的权利' : '未说明理由',
      );

/** 行政许可法 第四十四条: the licence is issued within ten working days of the grant; later issuance states why. */
export const issueInTime: Guard = (facts, input, g) => {
  const grant = latest(facts, 'grant');
  const issuedOn = str(input.issuedOn);
  const article = `${L}第四十四条`;
  const rule = '行政机关作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可证件';
  if (input.method === 'certificate' && !str(input.certificateNumber)) return refuse('ISSUE_IN_TIME', article, rule, '未填写许可证件编号');
  if (!grant || !issuedOn) return null;
  const decidedOn = str(grant.input.decidedOn) ?? grant.on;
  if (issuedOn < decidedOn) return refuse('ISSUE_IN_TIME', article, rule, `颁发日期早于决定日期 ${decidedOn}`);
  const due = g.calendar.addWorkingDays(decidedOn, g.settings['licensing.issue_working_days']);
  if (issuedOn <= due || str(input.lateReason)) return null;
  return refuse('ISSUE_IN_TIME', article, rule, `颁证期限至 ${due}，逾期须说明原因`, { dueOn: due });
};

// ---- the registry -------------------------------------------------------------------------------

export const guards: Record<string, Guard> = {
  LIMITATION_PERIOD: limitationPeriod,
  AGENCY_QUALIFIED: agencyQualified,
  LEGAL_BASIS_REQUIRED: legalBasisRequired,
  FACTS_ESTABLISHED: factsEstablished,
  ELECTRONIC_MONITORING_REVIEWED: electronicMonitoringReviewed,
  TWO_OFFICERS: twoOfficersPenalty,
  RIGHTS_NOTIFIED: rightsNotified,
  STATEMENT_REVIEWED: statementReviewed,
  NO_HEAVIER_PENALTY: noHeavierPenalty,
  RECORD_COMPLETE: recordComplete,
  SIMPLE_PROCEDURE_CAPS: simpleProcedureCaps,
  ON_THE_SPOT_DECISION: onTheSpotDecision,
  SIMPLE_REPORTED: simpleReported,
  CERTIFICATE_SHOWN_AND_RECORDED: certificateShownAndRecorded,
  PRESERVATION_APPROVED: preservationApproved,
  PRESERVATION_RUNNING: preservationRunning,
  PRESERVATION_HANDLED: preservationHandled,
  COLLECTIVE_DISCUSSION: collectiveDiscussion,
  PARTY_REQUIRED: partyRequired,
  PENALTY_SPECIFIED: penaltySpecified,
  HEARING_PUBLIC: hearingPublic,
  DECISION_WITHIN_LIMIT: decisionWithinLimit,
  EXTENSION_BEFORE_DUE: extensionBeforeDue,
  ELECTRONIC_SERVICE_CONSENT: electronicServiceConsent,
  SERVICE_IN_TIME: serviceInTime,
  STATEMENT_HEARD: statementHeard,
  HEARING_RIGHT_OFFERED: hearingRightOffered,
  HEARING_REQUEST_WINDOW: hearingRequestWindow,
  HEARING_NOTICE_PERIOD: hearingNoticePeriod,
  HEARING_HOST_NOT_INVESTIGATOR: hearingHostNotInvestigator,
  HEARING_SCHEDULED: hearingScheduled,
  HEARING_RECORD_USED: hearingRecordUsed,
  INSTALMENT_CONDITIONS: instalmentConditions,
  TREASURY_PAYMENT: treasuryPayment,
  ON_THE_SPOT_COLLECTION: onTheSpotCollection,
  SURCHARGE_CAP: surchargeCap,
  SURCHARGE_NOT_DURING_REMEDY: surchargeNotDuringRemedy,
  FINE_DECIDED: fineDecided,
  NO_FINE_DECIDED: noFineDecided,
  DISCRETION_REASON: discretionReason,
  CLOSING_CONDITIONS: closingConditions,
  TRANSFER_RECORDED: transferRecorded,
  TRANSFER_RECEIPT_FIRST: transferReceiptFirst,
  TRANSFER_NOT_ACCEPTED: transferNotAccepted,
  PARTY_IDENTIFIERS: partyIdentifiers,
  COERCION_APPROVED: coercionApproved,
  COERCION_TWO_OFFICERS: coercionTwoOfficers,
  COERCION_ON_SITE_PROCEDURE: coercionOnSiteProcedure,
  COERCION_DECISION_DOCUMENT: coercionDecisionDocument,
  COERCION_EXTENSION: coercionExtension,
  TESTING_PERIOD_NOTIFIED: testingPeriodNotified,
  COERCION_HANDLED_IN_TERM: coercionHandledInTerm,
  RELEASE_REASON: releaseReason,
  DEMAND_BEFORE_COURT: demandBeforeCourt,
  SUPPLEMENT_ONCE_IN_TIME: supplementOnceInTime,
  WRITTEN_ACCEPTANCE_RECEIPT: writtenAcceptanceReceipt,
  ACCEPTED_ON_RECEIPT: acceptedOnReceipt,
  ACCEPTANCE_REJECTION_GROUNDS: acceptanceRejectionGrounds,
  LICENSING_EXTENSION: licensingExtension,
  EXCLUDED_PERIOD_NOTIFIED: excludedPeriodNotified,
  DENIAL_REASONS: denialReasons,
  ISSUE_IN_TIME: issueInTime,
};

/** The article each guard enforces (shown on the procedure list and in the guard tests). */
export const guardArticles: Record<string, string> = {
  LIMITATION_PERIOD: `${P}第三十六条；${E}第一千零五十四条`,
  AGENCY_QUALIFIED: `${P}第三十八条第一款`,
  LEGAL_BASIS_REQUIRED: `${P}第三十八条第一款`,
  FACTS_ESTABLISHED: `${P}第四十条`,
  ELECTRONIC_MONITORING_REVIEWED: `${P}第四十一条`,
  TWO_OFFICERS: `${P}第四十二条`,
  RIGHTS_NOTIFIED: `${P}第四十四条`,
  STATEMENT_REVIEWED: `${P}第四十五条第一款`,
  NO_HEAVIER_PENALTY: `${P}第四十五条第二款`,
  RECORD_COMPLETE: `${P}第四十七条`,
  SIMPLE_PROCEDURE_CAPS: `${P}第五十一条`,
  ON_THE_SPOT_DECISION: `${P}第五十二条第一款`,
  SIMPLE_REPORTED: `${P}第五十二条第三款`,
  CERTIFICATE_SHOWN_AND_RECORDED: `${P}第五十五条`,
  PRESERVATION_APPROVED: `${P}第五十六条`,
  PRESERVATION_RUNNING: `${P}第五十六条`,
  PRESERVATION_HANDLED: `${P}第五十六条`,
  COLLECTIVE_DISCUSSION: `${P}第五十七条第二款`,
  PARTY_REQUIRED: `${P}第五十九条第一款；${C}第二十四条第二款`,
  DECISION_WITHIN_LIMIT: `${P}第六十条`,
  PENALTY_SPECIFIED: `${P}第五十九条第一款`,
  HEARING_PUBLIC: `${P}第六十四条第三项`,
  EXTENSION_BEFORE_DUE: `${P}第六十条`,
  ELECTRONIC_SERVICE_CONSENT: `${P}第六十一条第二款`,
  SERVICE_IN_TIME: `${P}第六十一条第一款`,
  STATEMENT_HEARD: `${P}第六十二条、第六十四条第一项、第八十五条`,
  HEARING_RIGHT_OFFERED: `${P}第六十三条`,
  HEARING_REQUEST_WINDOW: `${P}第六十四条第一项、第八十五条`,
  HEARING_NOTICE_PERIOD: `${P}第六十四条第二项、第八十五条`,
  HEARING_HOST_NOT_INVESTIGATOR: `${P}第六十四条第四项`,
  HEARING_SCHEDULED: `${P}第六十四条第二项`,
  HEARING_RECORD_USED: `${P}第六十五条`,
  INSTALMENT_CONDITIONS: `${P}第六十六条第二款`,
  TREASURY_PAYMENT: `${P}第六十七条`,
  ON_THE_SPOT_COLLECTION: `${P}第六十七条第二款、第六十八条至第七十条`,
  SURCHARGE_CAP: `${P}第七十二条第一款第一项`,
  SURCHARGE_NOT_DURING_REMEDY: `${P}第七十三条第三款`,
  FINE_DECIDED: `${P}第六十七条第三款`,
  NO_FINE_DECIDED: `${P}第六十七条第三款`,
  DISCRETION_REASON: `${P}第三十四条`,
  CLOSING_CONDITIONS: `${P}第二十七条第二款、第四十七条、第五十七条第一款、第六十六条第一款、第七十二条第一款第四项；${C}第四十条`,
  TRANSFER_RECORDED: `${P}第二十七条第二款`,
  TRANSFER_RECEIPT_FIRST: `${P}第二十七条第二款`,
  TRANSFER_NOT_ACCEPTED: `${P}第二十七条第一款`,
  PARTY_IDENTIFIERS: 'R-C06（GB 11643、GB 32100）',
  COERCION_APPROVED: `${C}第十八条第一项、第十九条`,
  COERCION_TWO_OFFICERS: `${C}第十八条第二项`,
  COERCION_ON_SITE_PROCEDURE: `${C}第十八条`,
  COERCION_DECISION_DOCUMENT: `${C}第二十四条第一款、第二十五条第一款`,
  COERCION_EXTENSION: `${C}第二十五条`,
  TESTING_PERIOD_NOTIFIED: `${C}第二十五条第三款`,
  COERCION_HANDLED_IN_TERM: `${C}第二十七条`,
  RELEASE_REASON: `${C}第二十八条`,
  DEMAND_BEFORE_COURT: `${C}第五十四条、第六十九条`,
  SUPPLEMENT_ONCE_IN_TIME: `${L}第三十二条第一款第四项`,
  WRITTEN_ACCEPTANCE_RECEIPT: `${L}第三十二条第二款`,
  ACCEPTED_ON_RECEIPT: `${L}第三十二条第一款第四项`,
  ACCEPTANCE_REJECTION_GROUNDS: `${L}第三十二条第一款第二项`,
  LICENSING_EXTENSION: `${L}第四十二条第一款`,
  EXCLUDED_PERIOD_NOTIFIED: `${L}第四十五条`,
  DENIAL_REASONS: `${L}第三十八条第二款`,
  ISSUE_IN_TIME: `${L}第四十四条`,
};

// ---- the review gate's input (issue 8 §10) and due dates ----------------------------------------

/** The proposed decision the review catalog is evaluated on (catalog `evaluateReview`), from the case and the decision's input. */
export function proposedDecisionOf(facts: CaseFacts, input: Input): ProposedDecision {
  const penalty = facts.actCategory === 'penalty';
  const kinds = imposesPenalty(input)
    ? [
        ...new Set(
          kindsOf(input)
            .map((k) => catalogPenaltyKindOf[k])
            .filter((k): k is NonNullable<typeof k> => k !== null),
        ),
      ]
    : [];
  const fine = imposesPenalty(input) ? fineOf(input) : null;
  const d: ProposedDecision = {
    actCategory: facts.actCategory as ActCategory,
    partyType: partyKindOf(facts) ?? 'organisation',
    penaltyKinds: kinds,
    fineAmount: fine,
    hearingHeld: recordsOf(facts, 'record_hearing').length > 0,
    complex: yes(input.complex) || yes(latest(facts, 'conclude_investigation')?.input.complex),
    majorPublicInterest: yes(input.majorPublicInterest),
    majorSocialRisk: yes(input.majorSocialRisk),
    majorRights: yes(input.majorRights),
  };
  if (penalty) d.procedure = facts.procedure === 'simple' ? 'simple' : 'general';
  return d;
}

/**
 * The last day of a time limit: `days` plus approved extensions plus paused days, counted in working
 * days via the calendar (行政处罚法 第八十五条; 行政许可法 第八十二条; 行政强制法 第六十九条) or in
 * natural days; the start day is not counted (民法典 第二百零一条).
 */
export function computeDueDate(
  start: string,
  days: number,
  unit: 'working_days' | 'natural_days',
  calendar: Pick<CalendarLike, 'addWorkingDays' | 'addNaturalDays'>,
  pausedDays = 0,
  extendedDays = 0,
): string {
  const n = days + extendedDays + pausedDays;
  return unit === 'working_days' ? calendar.addWorkingDays(start, n) : calendar.addNaturalDays(start, n);
}
