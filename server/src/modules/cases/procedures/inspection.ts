/**
 * 检查 (监督检查、“双随机、一公开”抽查): 行政处罚法 第五十四条、第五十五条. The result may order a
 * rectification, checked later, or find a suspected violation, which opens a general-procedure
 * penalty case (`opens: 'general'`).
 */
import { Type } from '@sinclair/typebox';
import type { ActionDef, ProcedureDefinition } from '../definition';
import { inspectionReasonLabels, inspectionResultLabels } from '../labels';
import { assignOfficersInput, choice, date, flag, form, opt, partyInput, text } from './common';
import { leadInput } from './general';

const P = '《中华人民共和国行政处罚法》';

const openInput = form(
  {
    reason: choice(inspectionReasonLabels, '检查依据'),
    planRef: opt(text(200, '检查计划或者抽查任务编号')),
    target: text(500, '检查对象'),
    itemCode: opt(text(100, '抽查事项编码')),
    scheduledOn: date('计划检查日期'),
    content: opt(text(2000, '检查内容')),
  },
  '检查登记',
);

const inspectInput = form(
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
    recordMade: flag('已制作检查笔录', '询问或者检查应当制作笔录（行政处罚法第五十五条第二款）'),
    findings: text(4000, '检查情况'),
    result: choice(inspectionResultLabels, '检查结果'),
  },
  '现场检查',
);

const actions: ActionDef[] = [
  {
    name: 'add_party',
    label: '添加检查对象',
    from: ['planned', 'inspected'],
    by: ['case_officer'],
    input: partyInput,
    guards: ['PARTY_IDENTIFIERS'],
    effects: ['add_party'],
  },
  {
    name: 'assign_officers',
    label: '指派执法人员',
    from: ['planned', 'inspected', 'rectifying'],
    by: ['agency_head'],
    input: assignOfficersInput,
    effects: ['assign_officers'],
  },
  {
    name: 'record_inspection',
    label: '现场检查',
    from: ['planned'],
    to: 'inspected',
    by: ['case_officer'],
    input: inspectInput,
    guards: ['AGENCY_QUALIFIED', 'TWO_OFFICERS', 'CERTIFICATE_SHOWN_AND_RECORDED'],
    allocatesNumber: true,
    documents: ['现场检查笔录'],
    avDuty: '现场检查',
    article: `${P}第五十四条、第五十五条`,
  },
  {
    name: 'order_rectification',
    label: '责令改正',
    from: ['inspected'],
    to: 'rectifying',
    by: ['case_officer'],
    input: form({ orderedOn: date('责令改正日期'), dueOn: date('改正期限'), content: text(2000, '改正内容') }, '责令改正'),
    documents: ['责令改正通知书'],
  },
  {
    name: 'check_rectification',
    label: '复查改正情况',
    from: ['rectifying'],
    to: 'inspected',
    by: ['case_officer'],
    input: form(
      {
        on: date('复查日期'),
        rectified: flag('已按期改正'),
        certificatesShown: flag('已出示执法证件', '行政处罚法第五十五条第一款'),
        recordMade: flag('已制作复查笔录', '行政处罚法第五十五条第二款'),
        findings: text(2000, '复查情况'),
      },
      '复查',
    ),
    guards: ['TWO_OFFICERS', 'CERTIFICATE_SHOWN_AND_RECORDED'],
    documents: ['复查笔录'],
    avDuty: '现场检查',
  },
  {
    name: 'open_penalty_case',
    label: '发现违法行为，登记案源',
    from: ['inspected', 'rectifying'],
    to: 'referred',
    by: ['case_officer'],
    input: form({ lead: leadInput, note: opt(text(1000, '说明')) }, '发现违法行为，登记案源', '新案件以“案源”登记，检查对象作为当事人带入'),
    guards: ['LIMITATION_PERIOD'],
    opens: 'general',
    article: `${P}第五十四条`,
  },
  {
    name: 'close',
    label: '检查完毕',
    from: ['inspected'],
    to: 'closed',
    by: ['case_officer'],
    input: form({ summary: opt(text(2000, '检查结论')) }, '检查完毕'),
  },
];

export const inspection: ProcedureDefinition = {
  code: 'inspection',
  version: 1,
  label: '行政检查',
  actCategory: 'inspection',
  numberCategory: '检',
  initial: 'planned',
  open: openInput,
  openGuards: ['AGENCY_QUALIFIED'],
  states: {
    planned: { label: '待检查' },
    inspected: { label: '已检查' },
    rectifying: { label: '责令改正中' },
    referred: { label: '已转立案调查', final: true },
    closed: { label: '已办结', final: true },
  },
  actions,
  basis: `${P}第五十四条、第五十五条`,
};
