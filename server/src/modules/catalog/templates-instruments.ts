/**
 * The standard enforcement instruments (执法文书, R-C02) the platform fills from case data, and the
 * placeholders a template of each may use. Pure data: the template build script
 * (server/templates/build.ts), the check of a jurisdiction's own template version and the filling
 * of a case's document all read it, so a placeholder is named in one place.
 */

/** A field the officer fills for one instrument (e.g. 现场检查笔录: 检查情况); it may default from the case. */
export interface FreeField {
  name: string;
  label: string;
  multiline?: boolean;
}

export interface InstrumentDef {
  code: string;
  name: string;
  /** a decision or notice the party receives: states facts, reasons, basis and the party's rights (R-D17) */
  decision: boolean;
  freeFields: FreeField[];
}

const f = (name: string, label: string, multiline = false): FreeField => ({ name, label, multiline });

export const instruments: InstrumentDef[] = [
  {
    code: 'filing_approval',
    name: '立案审批表',
    decision: false,
    freeFields: [
      f('caseSource', '案件来源'),
      f('briefFacts', '简要案情', true),
      f('officerOpinion', '承办人意见', true),
      f('headOpinion', '负责人审批意见', true),
    ],
  },
  {
    code: 'inspection_record',
    name: '现场检查笔录',
    decision: false,
    freeFields: [
      f('inspectionPlace', '检查地点'),
      f('inspectionTime', '检查时间'),
      f('presentPerson', '现场负责人或者见证人'),
      f('findings', '检查情况', true),
      f('partyOpinion', '当事人意见', true),
    ],
  },
  {
    code: 'inquiry_record',
    name: '询问笔录',
    decision: false,
    freeFields: [
      f('inquiryPlace', '询问地点'),
      f('inquiryTime', '询问时间'),
      f('interviewee', '被询问人（姓名、身份、联系方式）'),
      f('inquiryContent', '询问内容（问答）', true),
    ],
  },
  {
    code: 'rectification_order',
    name: '责令改正通知书',
    decision: true,
    freeFields: [f('violation', '违法行为', true), f('requirement', '改正要求', true), f('rectifyBy', '改正期限')],
  },
  {
    code: 'penalty_notice',
    name: '行政处罚告知书',
    decision: true,
    freeFields: [f('contactPerson', '联系人'), f('contactPhone', '联系电话'), f('agencyAddress', '机关地址')],
  },
  {
    code: 'hearing_notice',
    name: '听证通知书',
    decision: false,
    freeFields: [
      f('hearingTime', '听证时间'),
      f('hearingPlace', '听证地点'),
      f('hearingHost', '听证主持人'),
      f('hearingPublic', '是否公开举行'),
    ],
  },
  {
    code: 'hearing_record',
    name: '听证笔录',
    decision: false,
    freeFields: [
      f('hearingTime', '听证时间'),
      f('hearingPlace', '听证地点'),
      f('hearingHost', '听证主持人'),
      f('clerk', '记录人'),
      f('attendees', '参加人员', true),
      f('proceedings', '听证经过（调查、质证、辩论、最后陈述）', true),
    ],
  },
  {
    code: 'collective_discussion',
    name: '集体讨论记录',
    decision: false,
    freeFields: [
      f('meetingTime', '讨论时间'),
      f('meetingPlace', '讨论地点'),
      f('chair', '主持人'),
      f('participants', '参加人员', true),
      f('discussion', '讨论内容', true),
      f('conclusion', '讨论决定', true),
    ],
  },
  {
    code: 'penalty_decision',
    name: '行政处罚决定书',
    decision: true,
    freeFields: [f('paymentChannel', '罚款缴纳方式'), f('performanceNote', '履行方式和期限的其他说明', true)],
  },
  {
    code: 'no_penalty_decision',
    name: '不予行政处罚决定书',
    decision: true,
    freeFields: [f('noPenaltyReason', '不予行政处罚的理由', true)],
  },
  {
    code: 'service_receipt',
    name: '送达回证',
    decision: false,
    freeFields: [
      f('servedDocument', '送达文书名称及文号'),
      f('recipient', '受送达人'),
      f('serviceAddress', '送达地点'),
      f('serviceMethod', '送达方式'),
      f('servedAt', '送达时间'),
    ],
  },
  {
    code: 'closing_approval',
    name: '结案审批表',
    decision: false,
    freeFields: [
      f('outcome', '处理结果及执行情况', true),
      f('officerOpinion', '承办人意见', true),
      f('headOpinion', '负责人审批意见', true),
    ],
  },
  {
    code: 'transfer_letter',
    name: '移送书',
    decision: false,
    freeFields: [f('receiver', '接收机关'), f('transferReason', '移送理由', true), f('materials', '移送材料', true)],
  },
  {
    code: 'seizure_decision',
    name: '查封扣押决定书',
    decision: true,
    freeFields: [
      f('measure', '措施（查封或者扣押）'),
      f('seizedItems', '查封、扣押的场所、设施或者财物（名称、数量）', true),
      f('term', '期限'),
      f('storage', '保管场所'),
    ],
  },
  {
    code: 'release_decision',
    name: '解除决定书',
    decision: true,
    freeFields: [
      f('measureDecision', '原查封、扣押决定书文号'),
      f('releasedItems', '解除的场所、设施或者财物', true),
      f('releaseReason', '解除理由', true),
    ],
  },
];

export const instrumentByCode = new Map(instruments.map((i) => [i.code, i]));

/** Placeholders every template may use (docs/documents.md lists them with their meaning). */
export const commonPlaceholders: Record<string, string> = {
  agencyName: '执法机关名称',
  documentName: '文书名称',
  caseNumber: '案件编号',
  caseTitle: '案由',
  year: '年份',
  documentDate: '文书日期（2026年9月1日）',
  itemName: '执法事项',
  itemLegalBasis: '执法事项的依据',
  partyNames: '当事人（顿号分隔）',
  openedOn: '登记日期',
  filedOn: '立案日期',
  officerNames: '执法人员（顿号分隔）',
  facts: '认定的事实',
  evidence: '证据',
  reasons: '理由',
  legalBasis: '法律依据',
  penalty: '处罚种类和内容',
  fineAmount: '罚款金额',
  discretionLevel: '适用的裁量阶次',
  decidedOn: '决定日期',
  hearingOffered: '告知听证权利（条件）',
  reconsiderationBody: '行政复议机关',
  litigationCourt: '管辖法院',
};

/** The loops (表格行) and what each row holds. */
export const loopPlaceholders: Record<string, Record<string, string>> = {
  parties: {
    name: '当事人姓名或者名称',
    kindLabel: '自然人或者法人',
    idLabel: '证件名称',
    idNumber: '证件号码（公民身份号码已遮蔽）',
    address: '地址',
    legalRepresentative: '法定代表人',
  },
  officers: { name: '执法人员姓名', certificateNumber: '执法证件号码' },
};

/** Every placeholder a template of `code` may use: the common ones, the loops and the instrument's own fields. */
export function allowedPlaceholders(code: string): { top: Set<string>; loops: Record<string, Set<string>> } {
  const inst = instrumentByCode.get(code);
  const top = new Set([
    ...Object.keys(commonPlaceholders),
    ...Object.keys(loopPlaceholders),
    ...(inst?.freeFields.map((x) => x.name) ?? []),
  ]);
  return { top, loops: Object.fromEntries(Object.entries(loopPlaceholders).map(([k, v]) => [k, new Set(Object.keys(v))])) };
}
