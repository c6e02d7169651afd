/**
 * 行政许可: 行政许可法 第三十二条、第三十八条、第四十二条、第四十四条、第四十五条. 申请 → 受理 /
 * 不予受理 / 一次告知补正 → 审查 (20 working days, one extension of ≤10 approved by the head;
 * 听证、检验、鉴定 … not counted) → 准予 / 不予许可 → 颁发、送达.
 */
import type { ActionDef, ProcedureDefinition } from '../definition';
import {
  applicationChannelLabels,
  issueMethodLabels,
  licensingExcludedLabels,
  rejectionGroundLabels,
  serviceMethodLabels,
} from '../labels';
import { assignOfficersInput, choice, count, date, flag, form, opt, partyInput, text } from './common';

const L = '《中华人民共和国行政许可法》';

const openInput = form(
  {
    itemCode: opt(text(100, '许可事项编码')),
    itemName: text(200, '许可事项'),
    applicant: text(200, '申请人'),
    receivedOn: date('收到申请材料日期', '补正告知、受理的期限自此计算'),
    channel: choice(applicationChannelLabels, '申请方式'),
    materials: text(4000, '申请材料'),
  },
  '收到许可申请',
);

const certificate = {
  writtenCertificate: flag('已出具加盖专用印章和注明日期的书面凭证', '行政许可法第三十二条第二款'),
};

const actions: ActionDef[] = [
  {
    name: 'add_party',
    label: '添加申请人',
    from: ['applied', 'awaiting_supplement', 'under_review'],
    by: ['case_officer'],
    input: partyInput,
    guards: ['PARTY_IDENTIFIERS'],
    effects: ['add_party'],
  },
  {
    name: 'assign_officers',
    label: '指派经办人员',
    from: ['applied', 'awaiting_supplement', 'under_review', 'excluded_period', 'granted'],
    by: ['agency_head'],
    input: assignOfficersInput,
    effects: ['assign_officers'],
  },
  {
    name: 'request_supplement',
    label: '一次告知补正',
    from: ['applied'],
    to: 'awaiting_supplement',
    by: ['case_officer'],
    input: form(
      {
        notifiedOn: date('告知日期'),
        items: text(4000, '需要补正的全部内容', '一次告知申请人需要补正的全部内容（行政许可法第三十二条第一款第四项）'),
      },
      '一次告知补正',
    ),
    guards: ['SUPPLEMENT_ONCE_IN_TIME'],
    documents: ['补正材料通知书'],
    article: `${L}第三十二条第一款第四项`,
  },
  {
    name: 'receive_supplement',
    label: '收到补正材料',
    from: ['awaiting_supplement'],
    to: 'applied',
    by: ['case_officer'],
    input: form({ receivedOn: date('收到补正材料日期'), materials: text(4000, '补正材料') }, '收到补正材料'),
  },
  {
    name: 'accept',
    label: '受理',
    from: ['applied'],
    to: 'under_review',
    by: ['case_officer'],
    input: form({ acceptedOn: date('受理日期'), ...certificate }, '受理'),
    guards: ['AGENCY_QUALIFIED', 'WRITTEN_ACCEPTANCE_RECEIPT', 'ACCEPTED_ON_RECEIPT'],
    allocatesNumber: true,
    starts: [
      {
        kind: 'licensing_decision',
        label: '作出行政许可决定',
        setting: 'licensing.decision_working_days',
        article: `${L}第四十二条`,
        from: { field: 'acceptedOn' },
      },
    ],
    documents: ['受理通知书'],
    article: `${L}第三十二条第一款第五项`,
  },
  {
    name: 'reject_application',
    label: '不予受理',
    from: ['applied', 'awaiting_supplement'],
    to: 'rejected',
    by: ['case_officer'],
    input: form(
      {
        rejectedOn: date('决定日期'),
        ground: choice(rejectionGroundLabels, '不予受理的情形'),
        otherBody: opt(text(200, '告知向其申请的有关行政机关', '不属于本机关职权范围时须告知')),
        ...certificate,
      },
      '不予受理',
    ),
    guards: ['ACCEPTANCE_REJECTION_GROUNDS', 'WRITTEN_ACCEPTANCE_RECEIPT'],
    documents: ['不予受理决定书'],
    article: `${L}第三十二条`,
  },
  {
    name: 'extend_review',
    label: '延长审查期限',
    from: ['under_review'],
    by: ['agency_head'],
    input: form(
      {
        days: count('延长天数（工作日）', 10, '经本行政机关负责人批准，可以延长十日（行政许可法第四十二条）'),
        reason: text(2000, '延长理由'),
        applicantNotifiedOn: date('将延长期限的理由告知申请人的日期'),
      },
      '延长审查期限',
    ),
    guards: ['LICENSING_EXTENSION'],
    extends: [{ kind: 'licensing_decision', setting: 'licensing.extension_working_days', daysField: 'days' }],
    documents: ['延长审查期限告知书'],
    article: `${L}第四十二条`,
  },
  {
    name: 'pause_review',
    label: '听证、检验、鉴定等（不计入期限）',
    from: ['under_review'],
    to: 'excluded_period',
    by: ['case_officer'],
    input: form(
      {
        kind: choice(licensingExcludedLabels, '事项'),
        startedOn: date('开始日期'),
        expectedDays: count('所需时间（日）', 365, '应当将所需时间书面告知申请人（行政许可法第四十五条）'),
        applicantNotifiedInWriting: flag('已书面告知申请人所需时间'),
      },
      '不计入期限的事项',
    ),
    guards: ['EXCLUDED_PERIOD_NOTIFIED'],
    pauses: ['licensing_decision'],
    article: `${L}第四十五条`,
  },
  {
    name: 'resume_review',
    label: '恢复审查',
    from: ['excluded_period'],
    to: 'under_review',
    by: ['case_officer'],
    input: form({ endedOn: date('结束日期'), result: text(2000, '结果') }, '恢复审查'),
    resumes: ['licensing_decision'],
    article: `${L}第四十五条`,
  },
  {
    name: 'grant',
    label: '准予行政许可',
    from: ['under_review'],
    to: 'granted',
    by: ['agency_head'],
    input: form(
      {
        decidedOn: date('决定日期'),
        decisionNumber: text(100, '准予行政许可决定书文号'),
        scope: text(2000, '许可内容', '许可的范围、期限、条件等'),
        legalBasis: text(2000, '依据'),
      },
      '准予行政许可',
    ),
    guards: ['AGENCY_QUALIFIED', 'LEGAL_BASIS_REQUIRED'],
    stops: ['licensing_decision'],
    starts: [
      {
        kind: 'issue',
        label: '颁发、送达行政许可证件',
        setting: 'licensing.issue_working_days',
        article: `${L}第四十四条`,
        from: { field: 'decidedOn' },
      },
    ],
    documents: ['准予行政许可决定书'],
    article: `${L}第三十八条第一款`,
  },
  {
    name: 'deny',
    label: '不予行政许可',
    from: ['under_review'],
    to: 'denied',
    by: ['agency_head'],
    input: form(
      {
        decidedOn: date('决定日期'),
        decisionNumber: text(100, '不予行政许可决定书文号'),
        reasons: text(4000, '理由'),
        legalBasis: text(2000, '依据'),
        remedyTold: flag('已告知申请人申请行政复议或者提起行政诉讼的权利', '行政许可法第三十八条第二款'),
      },
      '不予行政许可',
    ),
    guards: ['AGENCY_QUALIFIED', 'LEGAL_BASIS_REQUIRED', 'DENIAL_REASONS'],
    stops: ['licensing_decision'],
    documents: ['不予行政许可决定书'],
    article: `${L}第三十八条第二款`,
  },
  {
    name: 'issue',
    label: '颁发、送达行政许可证件',
    from: ['granted'],
    to: 'closed',
    by: ['case_officer'],
    input: form(
      {
        issuedOn: date('颁发、送达日期'),
        method: choice(issueMethodLabels, '方式'),
        certificateNumber: opt(text(100, '许可证件编号')),
        serviceMethod: choice(serviceMethodLabels, '送达方式'),
        lateReason: opt(text(1000, '逾期颁发的原因', '超过作出决定之日起十日的，须说明原因')),
      },
      '颁发、送达',
    ),
    guards: ['ISSUE_IN_TIME'],
    stops: ['issue'],
    documents: ['行政许可证件', '送达回证'],
    article: `${L}第四十四条`,
  },
  {
    name: 'serve_denial',
    label: '送达不予行政许可决定书',
    from: ['denied'],
    to: 'closed',
    by: ['case_officer'],
    input: form(
      { servedOn: date('送达日期'), serviceMethod: choice(serviceMethodLabels, '送达方式'), proof: text(1000, '送达凭证') },
      '送达不予行政许可决定书',
    ),
    documents: ['送达回证'],
  },
];

export const licensing: ProcedureDefinition = {
  code: 'licensing',
  version: 1,
  label: '行政许可',
  actCategory: 'licensing',
  numberCategory: '许',
  initial: 'applied',
  open: openInput,
  states: {
    applied: { label: '已申请' },
    awaiting_supplement: { label: '待补正' },
    rejected: { label: '不予受理', final: true },
    under_review: { label: '审查中' },
    excluded_period: { label: '听证、检验、鉴定等（不计入期限）' },
    granted: { label: '准予许可，待颁证' },
    denied: { label: '不予许可，待送达' },
    closed: { label: '已办结', final: true },
  },
  actions,
  basis: `${L}第三十二条、第三十八条、第四十二条、第四十四条、第四十五条`,
};
