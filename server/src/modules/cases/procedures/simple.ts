/**
 * 简易程序 (当场处罚): 行政处罚法 第五十一条至第五十三条，第六十七条至第七十条. A warning or a fine
 * within the caps of 第五十一条 (settings `penalty.simple_fine_cap_*`), decided and delivered on the
 * spot, reported to the agency (备案), paid to the treasury or collected on the spot with the official
 * receipt only in the cases of 第六十八条、第六十九条.
 */
import type { ActionDef, ProcedureDefinition } from '../definition';
import { partyKindLabels, simplePenaltyKindLabels } from '../labels';
import { assignOfficersInput, choice, choices, closingInput, date, flag, form, opt, partyInput, remedyInput, text, yuan } from './common';
import { paymentInput } from './general';

const P = '《中华人民共和国行政处罚法》';

const openInput = form(
  {
    place: text(500, '地点'),
    occurredOn: date('违法行为发生日期'),
    summary: text(2000, '违法事实'),
    partyKind: choice(partyKindLabels, '当事人类型'),
  },
  '当场处罚登记',
);

const decideOnSpotInput = form(
  {
    decidedOn: date('决定日期'),
    place: text(500, '地点'),
    factsCertain: flag('违法事实确凿并有法定依据', '行政处罚法第五十一条'),
    penaltyKinds: choices(simplePenaltyKindLabels, '处罚种类', 1, '简易程序只能给予警告或者罚款'),
    fineAmount: opt(yuan('罚款金额', '对公民二百元以下、对法人或者其他组织三千元以下（行政处罚法第五十一条）')),
    facts: text(4000, '违法行为'),
    legalBasis: text(2000, '处罚依据'),
    certificateShown: flag('已出示执法证件', '行政处罚法第五十二条第一款'),
    rightsTold: flag('已告知处罚内容及事实、理由、依据和陈述申辩权利', '行政处罚法第四十四条'),
    statement: opt(text(2000, '当事人陈述、申辩及复核情况')),
    formNumber: text(100, '决定书编号', '预定格式、编有号码的行政处罚决定书'),
    deliveredOnSpot: flag('决定书已当场交付当事人'),
    refusalNoted: opt(flag('当事人拒绝签收，已在决定书上注明')),
  },
  '当场作出行政处罚决定',
);

const actions: ActionDef[] = [
  {
    name: 'add_party',
    label: '添加当事人',
    from: ['on_site'],
    by: ['case_officer'],
    input: partyInput,
    guards: ['PARTY_IDENTIFIERS'],
    effects: ['add_party'],
  },
  {
    name: 'assign_officers',
    label: '指派执法人员',
    from: ['on_site', 'decided'],
    by: ['agency_head'],
    input: assignOfficersInput,
    effects: ['assign_officers'],
    article: `${P}第四十二条`,
  },
  {
    name: 'decide_on_spot',
    label: '当场作出行政处罚决定',
    from: ['on_site'],
    to: 'decided',
    by: ['case_officer'],
    input: decideOnSpotInput,
    guards: [
      'AGENCY_QUALIFIED',
      'TWO_OFFICERS',
      'PARTY_REQUIRED',
      'LEGAL_BASIS_REQUIRED',
      'SIMPLE_PROCEDURE_CAPS',
      'PENALTY_SPECIFIED',
      'ON_THE_SPOT_DECISION',
    ],
    reviewGate: true,
    allocatesNumber: true,
    starts: [
      {
        kind: 'payment',
        label: '缴纳罚款',
        setting: 'penalty.payment_days',
        article: `${P}第五十三条、第六十七条第三款`,
        from: { field: 'decidedOn' },
      },
    ],
    documents: ['当场行政处罚决定书'],
    avDuty: '现场执法',
    article: `${P}第五十一条、第五十二条`,
  },
  {
    name: 'file_report',
    label: '报所属行政机关备案',
    from: ['decided'],
    by: ['case_officer'],
    input: form({ reportedOn: date('备案日期') }, '备案'),
    article: `${P}第五十二条第三款`,
  },
  {
    name: 'record_payment',
    label: '登记缴纳',
    from: ['decided'],
    by: ['case_officer'],
    input: paymentInput,
    guards: ['TREASURY_PAYMENT', 'ON_THE_SPOT_COLLECTION'],
    stops: ['payment'],
    article: `${P}第五十三条、第六十七条至第七十条`,
  },
  {
    name: 'record_remedy',
    label: '登记行政复议、行政诉讼',
    from: ['decided', 'closed'],
    by: ['case_officer'],
    input: remedyInput,
    article: `${P}第七十三条`,
  },
  {
    name: 'close',
    label: '结案',
    from: ['decided'],
    to: 'closed',
    by: ['case_officer'],
    input: closingInput,
    guards: ['SIMPLE_REPORTED', 'CLOSING_CONDITIONS'],
    article: `${P}第五十二条第三款`,
  },
];

export const simple: ProcedureDefinition = {
  code: 'simple',
  version: 1,
  label: '行政处罚简易程序（当场处罚）',
  actCategory: 'penalty',
  numberCategory: '简',
  initial: 'on_site',
  open: openInput,
  openGuards: ['AGENCY_QUALIFIED'],
  states: {
    on_site: { label: '现场' },
    decided: { label: '已当场作出决定' },
    closed: { label: '已结案', final: true },
  },
  actions,
  basis: `${P}第五十一条至第五十三条、第六十七条至第七十条`,
};
