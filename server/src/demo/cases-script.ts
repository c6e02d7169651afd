/**
 * The demo's cases as scripts (issue 8 §14): each case is the list of acts its officers and agency
 * head take, on which day (days before the demo is loaded). `cases.ts` plays them through the
 * engine. Items, articles and amounts come from the demo catalog (shared/LEGAL-BASES.md §2);
 * fines stay inside the discretion level named. Review (R-L02) and hearing thresholds are the
 * demo's settings: 10,000 yuan for a person, 100,000 for an organisation.
 */
import type { DemoAgencyKey } from './data';

export type Who = 'officer' | 'head';
export type Input = Record<string, unknown>;

/** one act: who takes it, how many days after the case was opened, and its input given that day's date */
export interface DemoStep {
  action: string;
  who: Who;
  after: number;
  input: (on: string, c: ScriptContext) => Input;
}

/** what a step's input may need besides its date: the two officers of the case */
export interface ScriptContext {
  officerIds: [string, string];
  officerNames: [string, string];
  headName: string;
}

export interface DemoParty {
  kind: 'natural_person' | 'organisation';
  name: string;
  address: string;
  legalRepresentative?: string;
}

export interface DemoCase {
  /** a stable key: tests and the report find the required cases by it */
  key: string;
  agency: DemoDomainAgency;
  procedure: 'general' | 'simple' | 'coercive_measure' | 'licensing' | 'inspection';
  title: string;
  domain: string;
  itemCode?: string;
  party: DemoParty;
  /** days before the load on which the case was opened */
  openedAgo: number;
  open: (on: string) => Input;
  steps: DemoStep[];
}

export type DemoDomainAgency = Exclude<DemoAgencyKey, 'justice'>;

const P = '《中华人民共和国行政处罚法》';

// ---- the items' bases, as the demo catalog quotes them --------------------------------------------

interface Item {
  code: string;
  domain: string;
  violation: string;
  legalBasis: string;
  level: string;
}
const items: Record<string, Item> = {
  'MKT-01': {
    code: 'MKT-01',
    domain: '食品安全',
    violation: '未取得食品生产经营许可从事食品生产经营活动',
    legalBasis: '《中华人民共和国食品安全法》第一百二十二条第一款',
    level: '一般',
  },
  'MKT-02': {
    code: 'MKT-02',
    domain: '食品安全',
    violation: '安排未取得健康证明的人员从事接触直接入口食品的工作',
    legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第（六）项',
    level: '一般',
  },
  'MKT-03': {
    code: 'MKT-03',
    domain: '产品质量',
    violation: '销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品',
    legalBasis: '《中华人民共和国产品质量法》第四十九条',
    level: '一般',
  },
  'MKT-05': {
    code: 'MKT-05',
    domain: '广告监管',
    violation: '广告使用“国家级”“最高级”“最佳”等用语',
    legalBasis: '《中华人民共和国广告法》第五十七条第（一）项',
    level: '一般',
  },
  'URB-03': {
    code: 'URB-03',
    domain: '市容环境卫生',
    violation: '未经批准张挂张贴宣传品',
    legalBasis: '《城市市容和环境卫生管理条例》第三十四条第（二）项',
    level: '一般',
  },
  'URB-04': {
    code: 'URB-04',
    domain: '市容环境卫生',
    violation: '在禁止的时段和区域内露天烧烤食品',
    legalBasis: '《中华人民共和国生态环境法典》第一千一百三十二条第三款',
    level: '一般',
  },
  'URB-05': {
    code: 'URB-05',
    domain: '市容环境卫生',
    violation: '个人擅自倾倒、抛撒生活垃圾',
    legalBasis: '《中华人民共和国生态环境法典》第一千一百六十九条第三款',
    level: '一般',
  },
  'URB-02': {
    code: 'URB-02',
    domain: '城乡规划',
    violation: '未经批准进行临时建设',
    legalBasis: '《中华人民共和国城乡规划法》第六十六条第（一）项',
    level: '一般',
  },
  'ENV-01': {
    code: 'ENV-01',
    domain: '大气污染防治',
    violation: '超标排放大气污染物',
    legalBasis: '《中华人民共和国生态环境法典》第一千一百零七条',
    level: '一般',
  },
  'ENV-02': {
    code: 'ENV-02',
    domain: '排污许可',
    violation: '通过暗管逃避监管的方式排放污染物',
    legalBasis: '《中华人民共和国生态环境法典》第一千一百零八条',
    level: '一般',
  },
  'ENV-05': {
    code: 'ENV-05',
    domain: '固体废物污染防治',
    violation: '未设置危险废物识别标志、未建立危险废物管理台账',
    legalBasis: '《中华人民共和国生态环境法典》第一千一百七十五条第一款第（一）项、第（三）项，第二款',
    level: '一般',
  },
  'SAF-01': {
    code: 'SAF-01',
    domain: '安全生产',
    violation: '未按照规定对从业人员进行安全生产教育和培训',
    legalBasis: '《中华人民共和国安全生产法》第九十七条第（三）项',
    level: '一般',
  },
  'SAF-02': {
    code: 'SAF-02',
    domain: '安全生产',
    violation: '餐饮场所使用燃气未安装可燃气体报警装置',
    legalBasis: '《中华人民共和国安全生产法》第九十九条第（八）项',
    level: '一般',
  },
  'SAF-04': {
    code: 'SAF-04',
    domain: '安全生产',
    violation: '占用、堵塞疏散通道、安全出口',
    legalBasis: '《中华人民共和国消防法》第六十条第一款第（三）项',
    level: '一般',
  },
  'SAF-05': {
    code: 'SAF-05',
    domain: '安全生产',
    violation: '公众聚集场所未经消防救援机构许可擅自投入使用、营业',
    legalBasis: '《中华人民共和国消防法》第五十八条第一款第（四）项',
    level: '较重',
  },
  'CUL-01': {
    code: 'CUL-01',
    domain: '旅游市场',
    violation: '未经许可经营旅行社业务',
    legalBasis: '《中华人民共和国旅游法》第九十五条第一款',
    level: '一般',
  },
  'CUL-03': {
    code: 'CUL-03',
    domain: '旅游市场',
    violation: '未取得导游证从事导游活动',
    legalBasis: '《中华人民共和国旅游法》第一百零二条第一款',
    level: '一般',
  },
  'CUL-04': {
    code: 'CUL-04',
    domain: '文化市场',
    violation: '歌舞娱乐场所接纳未成年人',
    legalBasis: '《娱乐场所管理条例》第四十八条第（三）项',
    level: '一般',
  },
  'CUL-05': {
    code: 'CUL-05',
    domain: '文化市场',
    violation: '互联网上网服务营业场所接纳未成年人',
    legalBasis: '《互联网上网服务营业场所管理条例》第三十一条第（二）项',
    level: '一般',
  },
};

export const demoItem = (code: string): Item => {
  const it = items[code];
  if (!it) throw new Error(`demo cases: unknown item ${code}`);
  return it;
};

// ---- the general procedure, step by step --------------------------------------------------------

/** How far a general-procedure case goes (issue 8 §14: every state of the procedure). */
export type GeneralStop =
  | 'lead'
  | 'filing_pending'
  | 'not_filed'
  | 'investigating'
  | 'preservation_pending'
  | 'extension_pending'
  | 'extended'
  | 'extension_pending_after_notice'
  | 'suspended'
  | 'investigation_ended'
  | 'investigation_ended_closed'
  | 'transferred'
  | 'investigation_concluded'
  | 'notified'
  | 'hearing'
  | 'review_required'
  | 'decided'
  | 'executing'
  | 'instalment_pending'
  | 'closing_pending'
  | 'closing_returned'
  | 'closed'
  | 'closed_no_penalty';

export interface GeneralPlan {
  fine: number;
  /** the notice offers a hearing (行政处罚法 第六十三条: above the demo's thresholds) */
  hearing?: boolean;
  /** the party states and defends instead of waiving (第四十五条) */
  statement?: boolean;
}

const lead = (summary: string) => (on: string) => ({
  source: 'inspection',
  summary,
  violationOn: on,
  discoveredOn: on,
  harm: 'none',
});

/**
 * The acts of a general-procedure penalty case (行政处罚法 第五章第三节、第四节，第六章) up to `stop`,
 * with the inputs server/test/cases-flow.test.ts uses. Days count from the opening.
 */
export function generalSteps(it: Item, plan: GeneralPlan, stop: GeneralStop): DemoStep[] {
  const s: DemoStep[] = [];
  const push = (who: Who, action: string, after: number, input: DemoStep['input']) => s.push({ who, action, after, input });
  const done = (state: GeneralStop) => stop === state;
  const facts = `经查，当事人存在“${it.violation}”的违法行为，事实清楚，证据确凿`;
  if (done('lead')) return s;
  if (stop === 'not_filed') {
    push('head', 'not_file', 1, () => ({ reason: '经核查，举报反映的问题不属实，不符合立案条件' }));
    return s;
  }
  push('officer', 'request_filing', 0, () => ({
    reason: `涉嫌${it.violation}，违反${it.legalBasis}，符合立案条件`,
    itemCode: it.code,
    legalBasis: it.legalBasis,
  }));
  if (done('filing_pending')) return s;
  push('head', 'approve_filing', 1, () => ({ note: '同意立案' }));
  push('officer', 'record_inquiry', 3, (on, c) => ({
    on,
    person: '当事人负责人',
    relation: '当事人',
    officersPresent: c.officerIds,
    certificatesShown: true,
    recordMade: true,
    summary: `当事人承认${it.violation}的事实`,
  }));
  if (done('investigating')) return s;
  if (stop === 'preservation_pending') {
    push('officer', 'request_preservation', 4, () => ({ reason: '涉案物品可能被转移，证据可能灭失', items: '涉案产品一批（详见清单）' }));
    return s;
  }
  if (stop === 'extension_pending' || stop === 'extended') {
    push('officer', 'request_extension', 80, () => ({
      days: 30,
      reason: '案情复杂，需对涉案产品进行检验，九十日内不能作出决定',
      legalBasis: `${P}第六十条：“法律、法规、规章另有规定的，从其规定。”（演示数据：依据本机关适用的规章条款）`,
    }));
    if (stop === 'extension_pending') return s;
    push('head', 'approve_extension', 81, () => ({ days: 30, note: '同意延长三十日' }));
    return s;
  }
  if (stop === 'suspended') {
    push('officer', 'suspend', 5, (on) => ({ reason: '当事人因病住院，无法接受调查', suspendedOn: on }));
    return s;
  }
  if (stop === 'investigation_ended' || stop === 'investigation_ended_closed') {
    push('head', 'end_investigation', 5, () => ({ reason: 'organisation_terminated', explanation: '当事人已注销登记，无权利义务承受人' }));
    if (stop === 'investigation_ended') return s;
    push('officer', 'request_closing', 6, () => ({ reason: 'investigation_terminated', explanation: '当事人已注销，终止调查' }));
    push('head', 'approve_closing', 6, () => ({ note: '同意结案' }));
    return s;
  }
  if (stop === 'transferred') {
    push('head', 'transfer', 5, (on) => ({
      target: 'police',
      receiver: '示范市公安局示范分局',
      transferredOn: on,
      reason: '当事人通过暗管排放含重金属的废水，涉嫌污染环境罪，依法移送公安机关',
      materials: '案卷材料、现场检查笔录、监测报告、询问笔录、涉案物品清单',
    }));
    push('officer', 'record_transfer_receipt', 6, (on) => ({ receiptNumber: `示公环移〔${on.slice(0, 4)}〕17号`, receivedOn: on }));
    return s;
  }
  const noPenalty = stop === 'closed_no_penalty';
  push('officer', 'conclude_investigation', 5, () => ({
    facts,
    evidence: '询问笔录、现场检查笔录、照片、营业执照复印件',
    proposedOutcome: noPenalty ? 'no_penalty_minor' : 'penalty',
    complex: false,
    major: false,
  }));
  if (done('investigation_concluded')) return s;
  if (noPenalty) {
    push('head', 'decide', 6, () => ({
      outcome: 'no_penalty_minor',
      facts: `${facts}；违法行为轻微并及时改正，没有造成危害后果`,
      legalBasis: `${P}第三十三条第一款`,
      complex: false,
      major: false,
    }));
    push('officer', 'serve_without_fine', 6, (on) => ({ method: 'direct', servedOn: on, recipient: '当事人负责人', proof: '送达回证' }));
    push('officer', 'request_closing', 7, () => ({ reason: 'no_penalty' }));
    push('head', 'approve_closing', 7, () => ({ note: '同意结案' }));
    return s;
  }
  const penalty = { penaltyKinds: ['fine'], fineAmount: plan.fine };
  const notice = { ...penalty, facts, reasons: `违反${it.legalBasis}的规定`, legalBasis: it.legalBasis };
  if (plan.hearing) push('officer', 'notify_rights_and_hearing', 6, (on) => ({ notifiedOn: on, ...notice, hearingOffered: true }));
  else push('officer', 'notify_rights', 6, (on) => ({ notifiedOn: on, ...notice }));
  if (done('notified')) return s;
  if (stop === 'extension_pending_after_notice') {
    push('officer', 'request_extension', 7, () => ({
      days: 30,
      reason: '当事人提出新的事实和证据，需要进一步核实',
      legalBasis: `${P}第六十条：“法律、法规、规章另有规定的，从其规定。”（演示数据：依据本机关适用的规章条款）`,
    }));
    return s;
  }
  if (stop === 'hearing') {
    push('officer', 'request_hearing', 7, (on) => ({ requestedOn: on, manner: 'written' }));
    return s;
  }
  let decideAfter = 7;
  if (plan.statement) {
    push('officer', 'record_statement', 7, (on) => ({
      statedOn: on,
      manner: 'written',
      summary: '当事人称系初次违法，已经改正，请求从轻处罚',
      review: '经复核，当事人提出的事实属实，但不足以改变处罚幅度',
      adopted: false,
    }));
    decideAfter = 14; // after the statement period has run (行政处罚法 第六十二条)
  } else {
    push('officer', 'record_waiver', 7, (on) => ({ waivedOn: on, written: true, ...(plan.hearing ? { waivesHearing: true } : {}) }));
  }
  if (stop === 'review_required') return s;
  push('head', 'decide', decideAfter, () => ({
    outcome: 'penalty',
    ...penalty,
    facts,
    legalBasis: it.legalBasis,
    discretionLevel: it.level,
    complex: false,
    major: false,
    ...(plan.statement ? { statementReview: '当事人陈述申辩的理由不足以改变处罚幅度，不予采纳' } : {}),
  }));
  if (done('decided')) return s;
  push('officer', 'serve', decideAfter + 1, (on) => ({
    method: 'direct',
    servedOn: on,
    recipient: '当事人或者其负责人',
    proof: '送达回证',
  }));
  if (done('executing')) return s;
  if (stop === 'instalment_pending') {
    push('officer', 'request_instalment', decideAfter + 3, (on) => ({
      kind: 'instalments',
      appliedOn: on,
      hardship: '当事人经营困难，提供了近三个月的银行流水和亏损说明',
      schedule: '分三期缴纳，每月缴纳一期',
    }));
    return s;
  }
  push('officer', 'record_payment', decideAfter + 4, (on) => ({
    paidOn: on,
    amount: plan.fine,
    channel: 'bank',
    paymentReference: `FS${on.replaceAll('-', '')}${String(plan.fine).padStart(6, '0').slice(-6)}`,
    covers: 'fine',
  }));
  push('officer', 'request_closing', decideAfter + 5, () => ({ reason: 'executed', summary: '罚款已缴入国库，执行完毕' }));
  if (done('closing_pending')) return s;
  if (stop === 'closing_returned') {
    push('head', 'return_closing', decideAfter + 6, () => ({ reason: '结案报告缺少缴款凭证复印件，请补充后重新提请' }));
    return s;
  }
  push('head', 'approve_closing', decideAfter + 6, () => ({ note: '同意结案' }));
  return s;
}

/** the longest span of a general case's script, for choosing how long ago it was opened */
export const lastDay = (steps: readonly DemoStep[]) => steps.reduce((m, x) => Math.max(m, x.after), 0);

export { lead as leadOf };
