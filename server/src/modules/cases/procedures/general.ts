/**
 * 一般程序 (普通程序) of an administrative penalty: 行政处罚法 第五章第三节、第四节，第六章.
 * 案源登记 → 立案 (or 不予立案) → 调查取证 → 调查终结 → 告知 → 陈述申辩 / 听证 → 决定 → 送达 →
 * 执行 → 结案, with 终止调查, 移送 (R-S06) and 中止 on the way. Guards by name (rules.ts `guards`).
 */
import { Type } from '@sinclair/typebox';
import type { ActionDef, ProcedureDefinition, TimeLimitStart } from '../definition';
import {
  casePenaltyKindLabels,
  criminalTransferOutcomeLabels,
  harmLabels,
  leadSourceLabels,
  onTheSpotGroundLabels,
  outcomeLabels,
  paymentChannelLabels,
  terminationReasonLabels,
  transferTargetLabels,
} from '../labels';
import {
  approvalInput,
  assignOfficersInput,
  choice,
  choices,
  closingInput,
  count,
  date,
  flag,
  form,
  opt,
  partyInput,
  remedyInput,
  returnInput,
  serviceInput,
  text,
  yuan,
} from './common';

const P = '《中华人民共和国行政处罚法》';

// ---- time limits --------------------------------------------------------------------------------

const decisionLimit: TimeLimitStart = {
  kind: 'decision',
  label: '作出行政处罚决定',
  setting: 'penalty.decision_days',
  article: `${P}第六十条`,
};
const statementLimit: TimeLimitStart = {
  kind: 'statement',
  label: '陈述、申辩',
  setting: 'penalty.statement_working_days',
  article: `${P}第四十四条、第四十五条`,
};
const hearingRequestLimit: TimeLimitStart = {
  kind: 'hearing_request',
  label: '要求听证',
  setting: 'penalty.hearing_request_working_days',
  article: `${P}第六十四条第一项、第八十五条`,
};
const serviceLimit: TimeLimitStart = {
  kind: 'service',
  label: '送达行政处罚决定书',
  setting: 'penalty.service_working_days',
  article: `${P}第六十一条、第八十五条`,
};
const paymentLimit: TimeLimitStart = {
  kind: 'payment',
  label: '缴纳罚款',
  setting: 'penalty.payment_days',
  article: `${P}第六十七条第三款`,
  from: { field: 'servedOn' },
};
const preservationLimit: TimeLimitStart = {
  kind: 'evidence_preservation',
  label: '对先行登记保存的证据作出处理决定',
  setting: 'penalty.evidence_preservation_working_days',
  article: `${P}第五十六条、第八十五条`,
  from: { field: 'preservedOn' },
};

// ---- inputs -------------------------------------------------------------------------------------

export const leadInput = form(
  {
    source: choice(leadSourceLabels, '案源'),
    summary: text(4000, '案源简要情况'),
    suspect: opt(text(200, '涉嫌违法的当事人', '已知时填写姓名或者名称')),
    violationOn: date('违法行为发生日期'),
    continuing: opt(flag('违法行为有连续或者继续状态', '有连续或者继续状态的，时效从行为终了之日起计算（行政处罚法第三十六条第二款）')),
    violationEndedOn: opt(date('违法行为终了日期', '连续或者继续状态的违法行为终了之日；仍在继续的不填')),
    discoveredOn: date('发现日期'),
    harm: choice(
      harmLabels,
      '危害后果',
      '决定追责时效：一般二年，涉及生命健康安全、金融安全且有危害后果的五年，造成环境污染、生态破坏等危害后果的五年',
    ),
    electronicMonitoring: opt(
      form(
        {
          reviewed: flag('电子技术监控设备经过法制和技术审核'),
          sitePublished: flag('设置地点已向社会公布'),
          recordReviewed: flag('记录内容经审核符合要求', '电子技术监控设备记录违法事实应当真实、清晰、完整、准确'),
          deviceRef: opt(text(200, '设备编号或者名称')),
        },
        '电子技术监控设备',
        '违法事实由电子技术监控设备收集、固定的（行政处罚法第四十一条）',
      ),
    ),
    informant: opt(text(200, '举报人', '不公开')),
  },
  '案源登记',
);

const filingRequestInput = form(
  {
    reason: text(2000, '立案理由', '涉嫌违法的事实及符合立案标准的理由'),
    itemCode: opt(text(100, '执法事项编码', '本机关权责清单中的执法事项')),
    legalBasis: opt(text(1000, '立案依据')),
  },
  '立案审批',
);

const notFileInput = form({ reason: text(2000, '不予立案理由') }, '不予立案');

const inquiryInput = form(
  {
    on: date('询问日期'),
    person: text(200, '被询问人'),
    relation: opt(text(100, '与案件关系', '当事人、证人等')),
    officersPresent: Type.Array(text(64, '执法人员'), {
      minItems: 1,
      maxItems: 10,
      title: '在场执法人员',
      description: '执法人员编号或者姓名',
    }),
    certificatesShown: flag('已出示执法证件', '执法人员应当主动出示执法证件（行政处罚法第五十五条第一款）'),
    recordMade: flag('已制作询问笔录', '询问或者检查应当制作笔录（行政处罚法第五十五条第二款）'),
    summary: text(4000, '询问内容摘要'),
  },
  '询问笔录',
);

const inspectionRecordInput = form(
  {
    on: date('检查日期'),
    place: text(500, '检查地点'),
    officersPresent: Type.Array(text(64, '执法人员'), {
      minItems: 1,
      maxItems: 10,
      title: '在场执法人员',
      description: '执法人员编号或者姓名',
    }),
    certificatesShown: flag('已出示执法证件', '执法人员应当主动出示执法证件（行政处罚法第五十五条第一款）'),
    recordMade: flag('已制作现场笔录', '询问或者检查应当制作笔录（行政处罚法第五十五条第二款）'),
    findings: text(4000, '检查情况'),
  },
  '现场检查（勘验）笔录',
);

const preservationRequestInput = form(
  {
    reason: text(2000, '先行登记保存的理由', '证据可能灭失或者以后难以取得的情况'),
    items: text(4000, '拟先行登记保存的物品'),
  },
  '申请先行登记保存',
);

const preservationInput = form(
  {
    preservedOn: date('先行登记保存日期'),
    items: text(4000, '先行登记保存的证据清单'),
    place: opt(text(500, '保存地点')),
  },
  '先行登记保存证据',
);

const preservationHandlingInput = form(
  {
    handledOn: date('作出处理决定日期'),
    decision: text(2000, '处理决定', '如：解除先行登记保存、移交查封扣押、予以没收等'),
  },
  '对先行登记保存的证据作出处理决定',
);

const extensionRequestInput = form(
  {
    days: count('延长天数', 365, '申请延长的自然日天数'),
    reason: text(2000, '延期理由'),
    legalBasis: text(1000, '延期依据', '允许延长办案期限的法律、法规、规章条款（行政处罚法第六十条“另有规定的，从其规定”）'),
  },
  '申请延长办案期限',
);

const extensionApprovalInput = form(
  {
    days: count('批准延长天数', 365, '批准延长的自然日天数'),
    note: opt(text(1000, '审批意见')),
  },
  '批准延长办案期限',
);

const suspendInput = form({ reason: text(2000, '中止理由'), suspendedOn: date('中止日期') }, '中止调查');
const resumeInput = form({ reason: text(2000, '恢复理由'), resumedOn: date('恢复日期') }, '恢复调查');
const endInvestigationInput = form(
  { reason: choice(terminationReasonLabels, '终止调查的原因'), explanation: text(2000, '情况说明') },
  '终止调查',
);

const transferInput = form(
  {
    target: choice(transferTargetLabels, '移送对象'),
    receiver: text(200, '接收机关'),
    transferredOn: date('移送日期'),
    reason: text(2000, '移送理由', '涉嫌犯罪的事实或者不属于本机关管辖的理由'),
    materials: text(2000, '移送材料', '案卷材料、证据及涉案物品清单'),
  },
  '移送',
);
const receiptInput = form({ receiptNumber: text(100, '接收回执编号'), receivedOn: date('接收日期') }, '登记移送回执');
const transferOutcomeInput = form(
  {
    outcome: choice(criminalTransferOutcomeLabels, '接收机关处理结果'),
    on: date('处理日期'),
    reference: opt(text(100, '文书编号')),
    summary: opt(text(2000, '说明')),
  },
  '登记移送处理结果',
);

const concludeInput = form(
  {
    facts: text(8000, '调查认定的事实'),
    evidence: text(8000, '证据摘要'),
    proposedOutcome: choice(outcomeLabels, '处理建议', '行政处罚法第五十七条第一款规定的四种情形之一'),
    complex: flag('情节复杂'),
    major: flag('重大违法行为'),
  },
  '调查终结',
);

const penaltyFields = {
  penaltyKinds: choices(casePenaltyKindLabels, '处罚种类'),
  fineAmount: opt(yuan('罚款金额')),
  confiscatedGains: opt(yuan('没收违法所得金额')),
  confiscatedPropertyValue: opt(yuan('没收非法财物价值')),
  confiscatedProperty: opt(text(2000, '没收的非法财物')),
  otherPenalty: opt(text(1000, '其他处罚内容', '暂扣、吊销的许可证件，停产停业、限制从业的期限等')),
};

const notifyFields = {
  notifiedOn: date('告知日期', '告知书送达当事人的日期；陈述申辩、听证申请期限自此计算'),
  ...penaltyFields,
  facts: text(8000, '拟认定的违法事实'),
  reasons: text(4000, '理由'),
  legalBasis: text(2000, '依据'),
};

const notifyInput = form(
  {
    ...notifyFields,
    hearingOffered: opt(Type.Literal(false, { title: '不告知听证权利', description: '拟作出的处罚不属于行政处罚法第六十三条规定的情形' })),
  },
  '告知陈述、申辩权利',
);
const notifyWithHearingInput = form(
  {
    ...notifyFields,
    hearingOffered: Type.Literal(true, { title: '告知要求听证的权利', description: '行政处罚法第六十三条' }),
  },
  '告知陈述、申辩和要求听证的权利',
);

const statementInput = form(
  {
    statedOn: date('陈述申辩日期'),
    manner: choice({ oral: '口头', written: '书面' }, '陈述申辩方式'),
    summary: text(4000, '当事人陈述、申辩的事实、理由和证据'),
    review: text(4000, '复核意见', '对当事人提出的事实、理由和证据进行复核（行政处罚法第四十五条第一款）'),
    adopted: flag('当事人的意见成立并予采纳'),
  },
  '陈述、申辩及复核',
);
const waiverInput = form(
  {
    waivedOn: date('放弃日期'),
    written: flag('当事人书面明确放弃', '当事人明确放弃陈述或者申辩权利（行政处罚法第六十二条）'),
    waivesHearing: opt(flag('同时放弃要求听证的权利')),
  },
  '当事人放弃陈述、申辩',
);
const hearingRequestInput = form(
  {
    requestedOn: date('提出听证要求的日期'),
    manner: choice({ oral: '口头', written: '书面' }, '提出方式'),
  },
  '当事人要求听证',
);
const hearingScheduleInput = form(
  {
    hearingOn: date('举行听证日期'),
    place: text(500, '听证地点'),
    notifiedOn: date('通知当事人的日期', '应当在举行听证的七日前通知（行政处罚法第六十四条第二项）'),
    hostName: text(100, '听证主持人'),
    hostOfficerId: opt(text(64, '主持人的执法人员编号', '主持人须为非本案调查人员（行政处罚法第六十四条第四项）')),
    public: flag('公开举行'),
    confidentialReason: opt(text(500, '不公开的理由', '涉及国家秘密、商业秘密或者个人隐私')),
  },
  '安排听证',
);
const hearingRecordInput = form(
  {
    heldOn: date('举行听证的日期'),
    attendance: choice({ attended: '当事人或者其代理人出席', absent: '无正当理由拒不出席或者中途退出，视为放弃听证' }, '出席情况'),
    recordMade: flag('已制作听证笔录', '听证应当制作笔录（行政处罚法第六十四条第八项）'),
    recordSigned: flag('笔录经当事人或者代理人核对签字（盖章），或者拒签已由主持人注明'),
    summary: text(8000, '听证情况摘要'),
  },
  '听证笔录',
);

const collectiveDiscussion = form(
  {
    heldOn: date('集体讨论日期'),
    participants: text(1000, '参加人员'),
    conclusion: text(4000, '讨论决定'),
  },
  '负责人集体讨论',
  '对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定（行政处罚法第五十七条第二款）',
);

export const decisionInput = form(
  {
    outcome: choice(outcomeLabels, '决定'),
    ...penaltyFields,
    penaltyKinds: opt(choices(casePenaltyKindLabels, '处罚种类', 1, '给予行政处罚时必填')),
    facts: text(8000, '认定的事实'),
    legalBasis: text(2000, '法律依据', '违反的规定和处罚依据，包括执法事项的依据'),
    // the catalog's circumstance levels (catalog/schema.ts circumstanceLevels): a choice, not free text
    discretionLevel: opt(
      choice({ 轻微: '轻微', 一般: '一般', 较重: '较重', 严重: '严重' }, '适用的裁量阶次', '本机关行政处罚裁量基准中的阶次'),
    ),
    reasonOutsideRange: opt(text(2000, '超出裁量幅度的理由', '罚款不在所适用阶次幅度内时须书面说明理由')),
    complex: flag('案件情况疑难复杂、涉及多个法律关系'),
    major: flag('重大违法行为'),
    majorPublicInterest: opt(flag('涉及重大公共利益')),
    majorSocialRisk: opt(flag('可能造成重大社会影响或引发社会风险')),
    majorRights: opt(flag('直接关系当事人或者第三人重大权益')),
    collectiveDiscussion: opt(collectiveDiscussion),
    statementReview: opt(text(4000, '对陈述申辩的复核意见', '当事人陈述申辩的，须写明复核和采纳情况')),
    hearingRecordConsidered: opt(flag('已根据听证笔录作出决定', '听证结束后，行政机关应当根据听证笔录作出决定（行政处罚法第六十五条）')),
  },
  '作出决定',
);

export const paymentInput = form(
  {
    paidOn: date('缴纳日期'),
    amount: yuan('缴纳金额'),
    channel: choice(paymentChannelLabels, '缴纳方式'),
    paymentReference: opt(text(100, '缴款凭证号', '非税收入缴款书或者电子缴款凭证号码：罚款直接上缴国库（罚缴分离，R-S11）')),
    onTheSpotGround: opt(choice(onTheSpotGroundLabels, '当场收缴的情形')),
    receiptNumber: opt(text(100, '专用票据号码', '财政部门统一制发的罚没专用票据（行政处罚法第七十条）')),
    covers: choice({ fine: '罚款', surcharge: '加处罚款', gains: '没收违法所得' }, '款项'),
  },
  '登记缴纳',
);

const instalmentRequestInput = form(
  {
    kind: choice({ deferment: '暂缓缴纳', instalments: '分期缴纳' }, '申请事项'),
    appliedOn: date('当事人申请日期'),
    hardship: text(2000, '经济困难情况', '当事人确有经济困难的情况（行政处罚法第六十六条第二款）'),
    schedule: text(2000, '暂缓期限或者分期计划'),
  },
  '当事人申请暂缓或者分期缴纳罚款',
);

const surchargeInput = form(
  {
    from: date('加处罚款起算日'),
    until: date('计算截止日'),
    amount: yuan('加处罚款金额', '每日按罚款数额的百分之三计算，不得超出罚款数额'),
  },
  '加处罚款',
);

const compulsoryInput = form(
  {
    appliedOn: date('申请日期'),
    court: text(200, '人民法院'),
    demandServedOn: date('催告书送达日期', '申请前应当催告当事人履行义务（行政强制法第五十四条）'),
    reference: opt(text(100, '案号')),
  },
  '申请人民法院强制执行',
);

const courtOutcomeInput = form(
  {
    on: date('日期'),
    result: choice({ accepted: '受理并裁定执行', rejected: '裁定不予执行', executed: '执行完毕' }, '法院处理结果'),
    reference: opt(text(100, '裁定书文号')),
  },
  '登记人民法院强制执行结果',
);

// ---- actions ------------------------------------------------------------------------------------

const investigating = ['investigating'] as const;
const deciding = ['investigation_concluded', 'notified', 'hearing'] as const;
const executing = ['executing', 'closing_returned'] as const;
// a lawsuit may be decided after the case is closed; post-decision disclosure needs its outcome (R-D11)
const remedyStates = ['decided', 'executing', 'instalment_pending', 'closing_pending', 'closing_returned', 'closed'] as const;

const actions: ActionDef[] = [
  // 立案 (行政处罚法 第五十四条第二款)
  {
    name: 'request_filing',
    label: '提请立案',
    from: ['lead'],
    to: 'filing_pending',
    by: ['case_officer'],
    input: filingRequestInput,
    guards: ['LIMITATION_PERIOD', 'AGENCY_QUALIFIED'],
    approval: { kind: 'filing', step: 'request' },
    documents: ['立案审批表'],
    article: `${P}第五十四条第二款`,
  },
  {
    name: 'approve_filing',
    label: '批准立案',
    from: ['filing_pending'],
    to: 'investigating',
    by: ['agency_head'],
    input: approvalInput('批准立案'),
    guards: ['LIMITATION_PERIOD', 'AGENCY_QUALIFIED'],
    approval: { kind: 'filing', step: 'approve' },
    allocatesNumber: true,
    starts: [decisionLimit],
    article: `${P}第五十四条第二款、第六十条`,
  },
  {
    name: 'return_filing',
    label: '退回立案申请',
    from: ['filing_pending'],
    to: 'lead',
    by: ['agency_head'],
    input: returnInput('退回立案申请'),
    approval: { kind: 'filing', step: 'return' },
  },
  {
    name: 'not_file',
    label: '不予立案',
    from: ['lead'],
    to: 'not_filed',
    by: ['agency_head'],
    input: notFileInput,
    documents: ['不予立案审批表'],
    article: `${P}第五十四条第二款`,
  },
  {
    // deciding not to file a pending request also closes that request (a return of the 立案 approval)
    name: 'not_file',
    label: '不予立案',
    from: ['filing_pending'],
    to: 'not_filed',
    by: ['agency_head'],
    input: notFileInput,
    approval: { kind: 'filing', step: 'return' },
    documents: ['不予立案审批表'],
    article: `${P}第五十四条第二款`,
  },
  // 调查取证
  {
    name: 'add_party',
    label: '添加当事人',
    from: ['lead', 'filing_pending', 'investigating', 'investigation_concluded'],
    by: ['case_officer'],
    input: partyInput,
    guards: ['PARTY_IDENTIFIERS'],
    effects: ['add_party'],
  },
  {
    name: 'assign_officers',
    label: '指派执法人员',
    from: [
      'lead',
      'filing_pending',
      'investigating',
      'suspended',
      'investigation_concluded',
      'notified',
      'hearing',
      'decided',
      ...executing,
    ],
    by: ['agency_head'],
    input: assignOfficersInput,
    effects: ['assign_officers'],
    article: `${P}第四十二条`,
  },
  {
    name: 'record_inquiry',
    label: '询问',
    from: investigating,
    by: ['case_officer'],
    input: inquiryInput,
    guards: ['TWO_OFFICERS', 'CERTIFICATE_SHOWN_AND_RECORDED'],
    documents: ['询问笔录'],
    avDuty: '调查取证',
    article: `${P}第五十五条`,
  },
  {
    name: 'record_inspection',
    label: '现场检查（勘验）',
    from: investigating,
    by: ['case_officer'],
    input: inspectionRecordInput,
    guards: ['TWO_OFFICERS', 'CERTIFICATE_SHOWN_AND_RECORDED'],
    documents: ['现场笔录'],
    avDuty: '现场检查',
    article: `${P}第五十五条`,
  },
  {
    name: 'request_preservation',
    label: '提请先行登记保存',
    from: investigating,
    to: 'preservation_pending',
    by: ['case_officer'],
    input: preservationRequestInput,
    approval: { kind: 'evidence_preservation', step: 'request' },
    documents: ['先行登记保存审批表'],
    article: `${P}第五十六条`,
  },
  {
    name: 'approve_preservation',
    label: '批准先行登记保存',
    from: ['preservation_pending'],
    to: 'investigating',
    by: ['agency_head'],
    input: approvalInput('批准先行登记保存'),
    approval: { kind: 'evidence_preservation', step: 'approve' },
    article: `${P}第五十六条`,
  },
  {
    name: 'return_preservation',
    label: '不批准先行登记保存',
    from: ['preservation_pending'],
    to: 'investigating',
    by: ['agency_head'],
    input: returnInput('不批准先行登记保存'),
    approval: { kind: 'evidence_preservation', step: 'return' },
  },
  {
    name: 'preserve_evidence',
    label: '先行登记保存证据',
    from: investigating,
    by: ['case_officer'],
    input: preservationInput,
    guards: ['PRESERVATION_APPROVED', 'TWO_OFFICERS'],
    starts: [preservationLimit],
    documents: ['先行登记保存通知书', '先行登记保存物品清单'],
    avDuty: '先行登记保存',
    article: `${P}第五十六条`,
  },
  {
    name: 'handle_preserved_evidence',
    label: '处理先行登记保存的证据',
    from: investigating,
    by: ['case_officer'],
    input: preservationHandlingInput,
    guards: ['PRESERVATION_RUNNING'],
    stops: ['evidence_preservation'],
    documents: ['先行登记保存处理决定书'],
    article: `${P}第五十六条`,
  },
  {
    name: 'request_extension',
    label: '申请延长办案期限',
    from: investigating,
    to: 'extension_pending',
    by: ['case_officer'],
    input: extensionRequestInput,
    guards: ['EXTENSION_BEFORE_DUE'],
    approval: { kind: 'extension', step: 'request' },
    documents: ['延长办案期限审批表'],
    article: `${P}第六十条`,
  },
  {
    name: 'request_extension',
    label: '申请延长办案期限',
    from: ['notified'],
    to: 'extension_pending_after_notice',
    by: ['case_officer'],
    input: extensionRequestInput,
    guards: ['EXTENSION_BEFORE_DUE'],
    approval: { kind: 'extension', step: 'request' },
    documents: ['延长办案期限审批表'],
    article: `${P}第六十条`,
  },
  ...(
    [
      ['extension_pending', 'investigating'],
      ['extension_pending_after_notice', 'notified'],
    ] as const
  ).flatMap(([pending, back]): ActionDef[] => [
    {
      name: 'approve_extension',
      label: '批准延长办案期限',
      from: [pending],
      to: back,
      by: ['agency_head'],
      input: extensionApprovalInput,
      guards: ['EXTENSION_BEFORE_DUE'],
      approval: { kind: 'extension', step: 'approve' },
      extends: [{ kind: 'decision', setting: 'penalty.decision_days', daysField: 'days' }],
      article: `${P}第六十条`,
    },
    {
      name: 'return_extension',
      label: '不批准延长办案期限',
      from: [pending],
      to: back,
      by: ['agency_head'],
      input: returnInput('不批准延长办案期限'),
      approval: { kind: 'extension', step: 'return' },
    },
  ]),
  {
    name: 'suspend',
    label: '中止调查',
    from: investigating,
    to: 'suspended',
    by: ['case_officer'],
    input: suspendInput,
    pauses: ['decision'],
    documents: ['中止调查决定书'],
    article: `${P}第六十条`,
  },
  {
    name: 'resume',
    label: '恢复调查',
    from: ['suspended'],
    to: 'investigating',
    by: ['case_officer'],
    input: resumeInput,
    resumes: ['decision'],
    documents: ['恢复调查通知书'],
    article: `${P}第六十条`,
  },
  {
    name: 'end_investigation',
    label: '终止调查',
    from: ['investigating', 'suspended'],
    to: 'investigation_ended',
    by: ['agency_head'],
    input: endInvestigationInput,
    stops: ['decision'],
    documents: ['终止调查审批表'],
  },
  // 移送 (R-S06; 行政处罚法 第二十七条、第五十七条第一款第四项)
  {
    name: 'transfer',
    label: '移送',
    from: ['lead', 'investigating', 'investigation_concluded', 'decided'],
    to: 'transferred',
    by: ['agency_head'],
    input: transferInput,
    stops: ['decision'],
    documents: ['案件移送书', '涉案物品清单'],
    article: `${P}第二十七条、第五十七条第一款第四项`,
  },
  {
    name: 'record_transfer_receipt',
    label: '登记移送回执',
    from: ['transferred'],
    by: ['case_officer'],
    input: receiptInput,
    guards: ['TRANSFER_RECORDED'],
  },
  {
    name: 'record_criminal_transfer_outcome',
    label: '登记移送处理结果',
    from: ['transferred', 'closing_pending', 'closing_returned'],
    by: ['case_officer'],
    input: transferOutcomeInput,
    guards: ['TRANSFER_RECEIPT_FIRST'],
  },
  {
    name: 'resume_after_transfer',
    label: '移送未被接收，恢复调查',
    from: ['transferred'],
    to: 'investigating',
    by: ['agency_head'],
    input: form({ reason: text(2000, '理由') }, '恢复调查'),
    guards: ['TRANSFER_NOT_ACCEPTED'],
  },
  // 调查终结 (第五十七条)
  {
    name: 'conclude_investigation',
    label: '调查终结',
    from: investigating,
    to: 'investigation_concluded',
    by: ['case_officer'],
    input: concludeInput,
    guards: ['TWO_OFFICERS', 'PRESERVATION_HANDLED'],
    documents: ['案件调查终结报告'],
    article: `${P}第五十七条`,
  },
  {
    name: 'reopen_investigation',
    label: '退回补充调查',
    from: ['investigation_concluded'],
    to: 'investigating',
    by: ['agency_head'],
    input: returnInput('退回补充调查'),
    article: `${P}第五十七条`,
  },
  // 告知 (第四十四条、第六十三条)
  {
    name: 'notify_rights',
    label: '告知陈述、申辩权利',
    from: ['investigation_concluded'],
    to: 'notified',
    by: ['case_officer'],
    input: notifyInput,
    guards: [
      'TWO_OFFICERS',
      'PARTY_REQUIRED',
      'PENALTY_SPECIFIED',
      'FACTS_ESTABLISHED',
      'ELECTRONIC_MONITORING_REVIEWED',
      'HEARING_RIGHT_OFFERED',
    ],
    records: 'notify_rights',
    starts: [statementLimit],
    documents: ['行政处罚事先告知书'],
    article: `${P}第四十四条`,
  },
  {
    name: 'notify_rights_and_hearing',
    label: '告知陈述、申辩和听证权利',
    from: ['investigation_concluded'],
    to: 'notified',
    by: ['case_officer'],
    input: notifyWithHearingInput,
    guards: ['TWO_OFFICERS', 'PARTY_REQUIRED', 'PENALTY_SPECIFIED', 'FACTS_ESTABLISHED', 'ELECTRONIC_MONITORING_REVIEWED'],
    records: 'notify_rights',
    starts: [statementLimit, hearingRequestLimit],
    documents: ['行政处罚听证告知书'],
    article: `${P}第四十四条、第六十三条`,
  },
  // 陈述申辩 (第四十五条) / 听证 (第六十三条至第六十五条)
  {
    name: 'record_statement',
    label: '陈述、申辩及复核',
    from: ['notified', 'hearing'],
    by: ['case_officer'],
    input: statementInput,
    documents: ['陈述申辩笔录', '复核意见'],
    article: `${P}第四十五条`,
  },
  {
    name: 'record_waiver',
    label: '当事人放弃陈述、申辩',
    from: ['notified'],
    by: ['case_officer'],
    input: waiverInput,
    stops: ['statement', 'hearing_request'],
    article: `${P}第六十二条`,
  },
  {
    name: 'request_hearing',
    label: '当事人要求听证',
    from: ['notified'],
    to: 'hearing',
    by: ['case_officer'],
    input: hearingRequestInput,
    guards: ['HEARING_REQUEST_WINDOW'],
    stops: ['hearing_request'],
    article: `${P}第六十四条第一项`,
  },
  {
    name: 'schedule_hearing',
    label: '安排听证',
    from: ['hearing'],
    by: ['case_officer'],
    input: hearingScheduleInput,
    guards: ['HEARING_NOTICE_PERIOD', 'HEARING_HOST_NOT_INVESTIGATOR', 'HEARING_PUBLIC'],
    documents: ['听证通知书'],
    article: `${P}第六十四条`,
  },
  {
    name: 'record_hearing',
    label: '听证笔录',
    from: ['hearing'],
    by: ['case_officer'],
    input: hearingRecordInput,
    guards: ['HEARING_SCHEDULED'],
    documents: ['听证笔录', '听证报告'],
    avDuty: '听证',
    article: `${P}第六十四条`,
  },
  // 决定 (第五十七条、第五十九条、第六十条)
  {
    name: 'decide',
    label: '作出决定',
    from: deciding,
    to: 'decided',
    by: ['agency_head'],
    input: decisionInput,
    guards: [
      'AGENCY_QUALIFIED',
      'LEGAL_BASIS_REQUIRED',
      'PENALTY_SPECIFIED',
      'DECISION_WITHIN_LIMIT',
      'TWO_OFFICERS',
      'PARTY_REQUIRED',
      'FACTS_ESTABLISHED',
      'ELECTRONIC_MONITORING_REVIEWED',
      'RIGHTS_NOTIFIED',
      'STATEMENT_HEARD',
      'STATEMENT_REVIEWED',
      'HEARING_RIGHT_OFFERED',
      'HEARING_RECORD_USED',
      'NO_HEAVIER_PENALTY',
      'COLLECTIVE_DISCUSSION',
      'DISCRETION_REASON',
    ],
    reviewGate: true,
    stops: ['decision', 'statement', 'hearing_request'],
    starts: [serviceLimit],
    documents: ['行政处罚决定书'],
    article: `${P}第五十七条、第五十九条`,
  },
  // 送达 (第六十一条)
  {
    name: 'serve',
    label: '送达行政处罚决定书（罚款）',
    from: ['decided'],
    to: 'executing',
    by: ['case_officer'],
    input: serviceInput('送达行政处罚决定书'),
    guards: ['FINE_DECIDED', 'ELECTRONIC_SERVICE_CONSENT', 'SERVICE_IN_TIME'],
    stops: ['service'],
    starts: [paymentLimit],
    documents: ['送达回证'],
    avDuty: '送达',
    article: `${P}第六十一条、第六十七条`,
  },
  {
    name: 'serve_without_fine',
    label: '送达决定书',
    from: ['decided'],
    to: 'executing',
    by: ['case_officer'],
    input: serviceInput('送达决定书'),
    guards: ['NO_FINE_DECIDED', 'ELECTRONIC_SERVICE_CONSENT', 'SERVICE_IN_TIME'],
    stops: ['service'],
    documents: ['送达回证'],
    avDuty: '送达',
    article: `${P}第六十一条`,
  },
  // 执行 (第六章)
  {
    name: 'record_payment',
    label: '登记缴纳',
    from: executing,
    by: ['case_officer'],
    input: paymentInput,
    guards: ['TREASURY_PAYMENT', 'ON_THE_SPOT_COLLECTION'],
    stops: ['payment'],
    article: `${P}第六十七条`,
  },
  {
    name: 'request_instalment',
    label: '当事人申请暂缓或者分期缴纳',
    from: ['executing'],
    to: 'instalment_pending',
    by: ['case_officer'],
    input: instalmentRequestInput,
    guards: ['INSTALMENT_CONDITIONS'],
    approval: { kind: 'instalment', step: 'request' },
    article: `${P}第六十六条第二款`,
  },
  {
    name: 'approve_instalment',
    label: '批准暂缓或者分期缴纳',
    from: ['instalment_pending'],
    to: 'executing',
    by: ['agency_head'],
    input: form(
      { schedule: text(2000, '批准的暂缓期限或者分期计划'), lastDueOn: date('最后缴纳期限'), note: opt(text(1000, '审批意见')) },
      '批准暂缓或者分期缴纳',
    ),
    approval: { kind: 'instalment', step: 'approve' },
    stops: ['payment'],
    article: `${P}第六十六条第二款`,
  },
  {
    name: 'return_instalment',
    label: '不批准暂缓或者分期缴纳',
    from: ['instalment_pending'],
    to: 'executing',
    by: ['agency_head'],
    input: returnInput('不批准暂缓或者分期缴纳'),
    approval: { kind: 'instalment', step: 'return' },
  },
  {
    name: 'record_surcharge',
    label: '加处罚款',
    from: executing,
    by: ['case_officer'],
    input: surchargeInput,
    guards: ['SURCHARGE_CAP', 'SURCHARGE_NOT_DURING_REMEDY'],
    documents: ['加处罚款决定书'],
    article: `${P}第七十二条第一款第一项`,
  },
  {
    name: 'apply_compulsory_execution',
    label: '申请人民法院强制执行',
    from: executing,
    by: ['agency_head'],
    input: compulsoryInput,
    guards: ['DEMAND_BEFORE_COURT'],
    documents: ['强制执行申请书'],
    article: `${P}第七十二条第一款第四项`,
  },
  {
    name: 'record_court_execution',
    label: '登记人民法院强制执行结果',
    from: executing,
    by: ['case_officer'],
    input: courtOutcomeInput,
  },
  {
    name: 'record_remedy',
    label: '登记行政复议、行政诉讼',
    from: remedyStates,
    by: ['case_officer'],
    input: remedyInput,
    article: `${P}第七十三条`,
  },
  // 结案
  {
    name: 'request_closing',
    label: '提请结案',
    from: ['executing', 'closing_returned', 'investigation_ended', 'transferred'],
    to: 'closing_pending',
    by: ['case_officer'],
    input: closingInput,
    guards: ['RECORD_COMPLETE', 'CLOSING_CONDITIONS'],
    approval: { kind: 'closing', step: 'request' },
    documents: ['结案审批表'],
    article: `${P}第四十七条`,
  },
  {
    name: 'approve_closing',
    label: '批准结案',
    from: ['closing_pending'],
    to: 'closed',
    by: ['agency_head'],
    input: approvalInput('批准结案'),
    guards: ['RECORD_COMPLETE', 'CLOSING_CONDITIONS'],
    approval: { kind: 'closing', step: 'approve' },
  },
  {
    name: 'return_closing',
    label: '退回结案申请',
    from: ['closing_pending'],
    to: 'closing_returned',
    by: ['agency_head'],
    input: returnInput('退回结案申请'),
    approval: { kind: 'closing', step: 'return' },
  },
];

export const general: ProcedureDefinition = {
  code: 'general',
  version: 1,
  label: '行政处罚一般程序',
  actCategory: 'penalty',
  numberCategory: '罚',
  initial: 'lead',
  open: leadInput,
  openGuards: ['LIMITATION_PERIOD', 'AGENCY_QUALIFIED'],
  states: {
    lead: { label: '案源登记' },
    filing_pending: { label: '立案审批中' },
    not_filed: { label: '不予立案', final: true },
    investigating: { label: '调查取证' },
    preservation_pending: { label: '先行登记保存审批中' },
    extension_pending: { label: '延期审批中' },
    extension_pending_after_notice: { label: '延期审批中（已告知）' },
    suspended: { label: '中止调查' },
    investigation_ended: { label: '终止调查' },
    transferred: { label: '已移送' },
    investigation_concluded: { label: '调查终结' },
    notified: { label: '已告知，陈述申辩期' },
    hearing: { label: '听证' },
    decided: { label: '已作出决定' },
    executing: { label: '执行' },
    instalment_pending: { label: '暂缓、分期缴纳审批中' },
    closing_pending: { label: '结案审批中' },
    closing_returned: { label: '结案申请被退回' },
    closed: { label: '已结案', final: true },
  },
  actions,
  basis: `${P}第五章第三节、第四节，第六章`,
};
