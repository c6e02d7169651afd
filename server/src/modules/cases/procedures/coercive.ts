/**
 * 查封、扣押 (行政强制措施): 行政强制法 第十八条、第十九条、第二十四条至第二十八条. The term
 * (`coercion.term_days`, 30 days) runs from the decision; one extension approved by the head and
 * notified in writing, before the term ends; 检测、检验、检疫、技术鉴定 periods do not count
 * (第二十五条第三款); within the term the agency confiscates, destroys or releases (第二十七条), and
 * releases for a reason of 第二十八条. R-C04: full-process AV recording of 查封扣押.
 */
import { Type } from '@sinclair/typebox';
import type { ActionDef, ProcedureDefinition } from '../definition';
import { coercionDispositionLabels, coercionMeasureLabels, releaseReasonLabels, testingKindLabels } from '../labels';
import { assignOfficersInput, choice, count, date, flag, form, opt, partyInput, remedyInput, text } from './common';

const C = '《中华人民共和国行政强制法》';
const AV = '查封扣押';

const openInput = form(
  {
    reason: text(2000, '拟采取查封、扣押的理由'),
    legalBasis: text(2000, '依据', '设定查封、扣押的法律、法规条款'),
    relatedCase: opt(text(100, '关联案件编号')),
    target: text(1000, '拟查封、扣押的场所、设施或者财物'),
  },
  '查封、扣押登记',
);

const item = form(
  {
    name: text(200, '名称'),
    quantity: Type.Number({ minimum: 0, maximum: 1e9, title: '数量', description: '数量' }),
    unit: text(20, '单位'),
    note: opt(text(500, '规格、状态等')),
  },
  '物品',
);

const decideInput = form(
  {
    measure: choice(coercionMeasureLabels, '措施'),
    decidedOn: date('实施日期', '查封、扣押期限自此计算'),
    approvedBy: opt(text(100, '批准的行政机关负责人', '实施前须向行政机关负责人报告并经批准（行政强制法第十八条第一项）')),
    approvedOn: opt(date('批准日期')),
    emergency: opt(flag('情况紧急，当场实施', '应当在二十四小时内向行政机关负责人报告，并补办批准手续（行政强制法第十九条）')),
    reportedAt: opt(Type.String({ format: 'date-time', title: '向负责人报告的时间', description: '情况紧急当场实施后向负责人报告的时间' })),
    officersPresent: Type.Array(text(64, '执法人员'), {
      minItems: 1,
      maxItems: 10,
      title: '实施的执法人员',
      description: '执法人员编号或者姓名',
    }),
    certificatesShown: flag('已出示执法身份证件', '行政强制法第十八条第三项'),
    partyPresent: flag('当事人到场', '行政强制法第十八条第四项；当事人不到场的，须邀请见证人'),
    witness: opt(text(200, '见证人', '当事人不到场时邀请的见证人（行政强制法第十八条第九项）')),
    reasonsTold: flag('已当场告知理由、依据及当事人的权利、救济途径', '行政强制法第十八条第五项'),
    statementHeard: flag('已听取当事人的陈述和申辩', '行政强制法第十八条第六项'),
    recordMade: flag('已制作现场笔录', '行政强制法第十八条第七项'),
    recordSigned: flag('现场笔录已签名或者盖章，拒绝的已注明', '行政强制法第十八条第八项'),
    decisionNumber: text(100, '查封、扣押决定书文号'),
    decisionDelivered: flag('决定书和清单已当场交付', '行政强制法第二十四条第一款'),
    termDays: count('查封、扣押期限（日）', 30, '决定书载明的期限，不得超过三十日'),
    items: Type.Array(item, {
      minItems: 1,
      maxItems: 500,
      title: '查封、扣押清单',
      description: '清单一式二份，由当事人和行政机关分别保存',
    }),
  },
  '实施查封、扣押',
);

const extendInput = form(
  {
    days: count('延长天数', 30, '延长期限不得超过三十日（行政强制法第二十五条第一款）'),
    reason: text(2000, '延长理由', '情况复杂的情形'),
    notifiedOn: date('书面告知当事人的日期', '延长查封、扣押的决定应当及时书面告知当事人，并说明理由（第二十五条第二款）'),
    notifiedInWriting: flag('已书面告知当事人并说明理由'),
  },
  '延长查封、扣押期限',
);

const testingInput = form(
  {
    kind: choice(testingKindLabels, '事项'),
    startedOn: date('开始日期'),
    expectedEndOn: date('预计结束日期', '检测、检验、检疫或者技术鉴定的期间应当明确（第二十五条第三款）'),
    notifiedInWriting: flag('已书面告知当事人期间', '行政强制法第二十五条第三款'),
    institution: opt(text(200, '检测鉴定机构')),
  },
  '送检测、检验、检疫或者技术鉴定',
);

const handleInput = form(
  {
    disposition: choice(coercionDispositionLabels, '处理决定'),
    decidedOn: date('处理决定日期'),
    releaseReason: opt(choice(releaseReasonLabels, '解除的理由', '行政强制法第二十八条第一款')),
    propertyReturned: opt(flag('已退还财物或者变卖所得款项', '解除查封、扣押应当立即退还财物（第二十八条第二款）')),
    basis: text(2000, '处理依据'),
    decisionNumber: opt(text(100, '处理决定书文号')),
  },
  '作出处理决定',
);

const actions: ActionDef[] = [
  {
    name: 'add_party',
    label: '添加当事人',
    from: ['proposed', 'in_force'],
    by: ['case_officer'],
    input: partyInput,
    guards: ['PARTY_IDENTIFIERS'],
    effects: ['add_party'],
  },
  {
    name: 'assign_officers',
    label: '指派执法人员',
    from: ['proposed', 'in_force', 'testing'],
    by: ['agency_head'],
    input: assignOfficersInput,
    effects: ['assign_officers'],
  },
  {
    name: 'decide_measure',
    label: '实施查封、扣押',
    from: ['proposed'],
    to: 'in_force',
    by: ['case_officer'],
    input: decideInput,
    guards: [
      'AGENCY_QUALIFIED',
      'PARTY_REQUIRED',
      'COERCION_APPROVED',
      'COERCION_TWO_OFFICERS',
      'COERCION_ON_SITE_PROCEDURE',
      'COERCION_DECISION_DOCUMENT',
    ],
    allocatesNumber: true,
    starts: [
      {
        kind: 'coercion_term',
        daysField: 'termDays',
        label: '查封、扣押期限',
        setting: 'coercion.term_days',
        article: `${C}第二十五条`,
        from: { field: 'decidedOn' },
      },
    ],
    documents: ['查封（扣押）决定书', '查封（扣押）清单', '现场笔录'],
    avDuty: AV,
    article: `${C}第十八条、第二十四条`,
  },
  {
    name: 'extend_measure',
    label: '延长查封、扣押期限',
    from: ['in_force'],
    by: ['agency_head'],
    input: extendInput,
    guards: ['COERCION_EXTENSION'],
    extends: [{ kind: 'coercion_term', setting: 'coercion.extension_days', daysField: 'days' }],
    documents: ['延长查封（扣押）期限决定书'],
    avDuty: AV,
    article: `${C}第二十五条第一款、第二款`,
  },
  {
    name: 'start_testing',
    label: '送检测、检验、检疫或者技术鉴定',
    from: ['in_force'],
    to: 'testing',
    by: ['case_officer'],
    input: testingInput,
    guards: ['TESTING_PERIOD_NOTIFIED'],
    pauses: ['coercion_term'],
    documents: ['检测（检验、检疫、鉴定）期间告知书'],
    article: `${C}第二十五条第三款`,
  },
  {
    name: 'end_testing',
    label: '检测、检验、检疫或者技术鉴定完毕',
    from: ['testing'],
    to: 'in_force',
    by: ['case_officer'],
    input: form({ endedOn: date('结束日期'), result: text(2000, '结果') }, '检测鉴定完毕'),
    resumes: ['coercion_term'],
    article: `${C}第二十五条第三款`,
  },
  {
    name: 'handle_measure',
    label: '作出处理决定（没收、销毁或者解除）',
    from: ['in_force'],
    to: 'closed',
    by: ['agency_head'],
    input: handleInput,
    guards: ['COERCION_HANDLED_IN_TERM', 'RELEASE_REASON'],
    stops: ['coercion_term'],
    documents: ['解除查封（扣押）决定书', '处理决定书'],
    avDuty: AV,
    article: `${C}第二十七条、第二十八条`,
  },
  {
    name: 'record_remedy',
    label: '登记行政复议、行政诉讼',
    from: ['in_force', 'testing', 'closed'],
    by: ['case_officer'],
    input: remedyInput,
  },
];

export const coerciveMeasure: ProcedureDefinition = {
  code: 'coercive_measure',
  version: 1,
  label: '查封、扣押',
  actCategory: 'coercion',
  numberCategory: '强',
  initial: 'proposed',
  open: openInput,
  openGuards: ['AGENCY_QUALIFIED'],
  states: {
    proposed: { label: '拟实施' },
    in_force: { label: '查封、扣押中' },
    testing: { label: '检测鉴定中（不计入期限）' },
    closed: { label: '已处理', final: true },
  },
  actions,
  basis: `${C}第十八条、第十九条、第二十四条至第二十八条`,
};
