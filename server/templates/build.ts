/**
 * Writes the built-in 执法文书 templates (R-C02) as .docx files beside this script:
 *   node server/bin/run-ts.mjs server/templates/build.ts
 * The .docx files are committed; a jurisdiction edits a copy in Word and adds it as its own version
 * (POST /document-templates/{code}/versions). Placeholders are docxtemplater tags, each written in
 * ONE run so Word and the engine see the same tag; table rows repeat with {#parties}…{/parties}.
 * The layout follows the common 文书 form: agency name, document name, number, body, rights, seal.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { type InstrumentDef, instruments } from '../src/modules/catalog/templates-instruments';

const FONT = { ascii: 'Noto Serif CJK SC', eastAsia: 'Noto Serif CJK SC', hAnsi: 'Noto Serif CJK SC', cs: 'Noto Serif CJK SC' };

const para = (
  text: string,
  opts: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean } = {},
) =>
  new Paragraph({
    alignment: opts.align,
    indent: opts.indent ? { firstLine: 560 } : undefined,
    spacing: { line: 400 },
    children: [new TextRun({ text, bold: opts.bold, size: opts.size, font: FONT })],
  });

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border };
const cell = (text: string, width?: number) =>
  new TableCell({ borders, width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined, children: [para(text)] });

function table(header: string[], rows: string[][], widths?: number[]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, widths?.[i])) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, widths?.[i])) })),
    ],
  });
}

/** Two-column form (label, value) as approval forms and records print them. */
const formTable = (pairs: [string, string][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: pairs.map(([l, v]) => new TableRow({ children: [cell(l, 25), cell(v, 75)] })),
  });

// one row per party / officer: the loop opens in the first cell and closes in the last (docxtemplater row loop)
const partiesTable = () =>
  table(
    ['当事人', '类别', '证件', '地址', '法定代表人'],
    [['{#parties}{name}', '{kindLabel}', '{idLabel}：{idNumber}', '{address}', '{legalRepresentative}{/parties}']],
    [22, 14, 28, 24, 12],
  );
const officersTable = () => table(['执法人员', '执法证件号码'], [['{#officers}{name}', '{certificateNumber}{/officers}']], [40, 60]);

const heading = () => [
  para('{agencyName}', { bold: true, size: 36, align: AlignmentType.CENTER }),
  para('{documentName}', { bold: true, size: 44, align: AlignmentType.CENTER }),
  para('{caseNumber}', { align: AlignmentType.RIGHT }),
];
const seal = () => [
  para(''),
  para('{agencyName}（印章）', { align: AlignmentType.RIGHT }),
  para('{documentDate}', { align: AlignmentType.RIGHT }),
];
const signLine = (who: string) => para(`${who}签名：                    日期：          `);

// 行政复议法第二十条（六十日）、第二十四条（本级人民政府）；行政诉讼法第四十六条（六个月）、第十八条（行为地法院）
const rights = (ofWhat: string, doc = `${ofWhat}书`) => [
  para(
    `如不服本${ofWhat}，可以自收到本${doc}之日起六十日内向{reconsiderationBody}申请行政复议（《中华人民共和国行政复议法》第二十条），或者自收到本${doc}之日起六个月内依法向{litigationCourt}提起行政诉讼（《中华人民共和国行政诉讼法》第十八条、第四十六条）。`,
    { indent: true },
  ),
];

const bodies: Record<string, () => (Paragraph | Table)[]> = {
  filing_approval: () => [
    formTable([
      ['案由', '{caseTitle}'],
      ['执法事项', '{itemName}'],
      ['案件来源', '{caseSource}'],
      ['登记日期', '{openedOn}'],
      ['简要案情', '{briefFacts}'],
      ['承办人意见', '{officerOpinion}'],
      ['负责人审批意见', '{headOpinion}'],
    ]),
    para('当事人', { bold: true }),
    partiesTable(),
    para('承办人员', { bold: true }),
    officersTable(),
  ],
  inspection_record: () => [
    formTable([
      ['检查时间', '{inspectionTime}'],
      ['检查地点', '{inspectionPlace}'],
      ['现场负责人或者见证人', '{presentPerson}'],
    ]),
    para('被检查人', { bold: true }),
    partiesTable(),
    para('检查人员（已出示执法证件，《中华人民共和国行政处罚法》第五十五条）', { bold: true }),
    officersTable(),
    para('检查情况：', { bold: true }),
    para('{findings}', { indent: true }),
    para('当事人意见：', { bold: true }),
    para('{partyOpinion}', { indent: true }),
    signLine('当事人或者见证人'),
    signLine('执法人员'),
  ],
  inquiry_record: () => [
    formTable([
      ['询问时间', '{inquiryTime}'],
      ['询问地点', '{inquiryPlace}'],
      ['被询问人', '{interviewee}'],
    ]),
    para('询问人员（已出示执法证件）', { bold: true }),
    officersTable(),
    para('询问内容：', { bold: true }),
    para('{inquiryContent}', { indent: true }),
    para('被询问人核对意见：以上笔录已经核对，与所述一致。', { indent: true }),
    signLine('被询问人'),
    signLine('询问人'),
  ],
  rectification_order: () => [
    para('{partyNames}：', { bold: true }),
    para('经查，你（单位）存在下列违法行为：{violation}', { indent: true }),
    para('依据{legalBasis}，现责令你（单位）于{rectifyBy}前改正。改正要求：{requirement}', { indent: true }),
    ...rights('通知', '通知书'),
    ...seal(),
  ],
  penalty_notice: () => [
    para('{partyNames}：', { bold: true }),
    para('经查，{facts}', { indent: true }),
    para('以上事实有下列证据证明：{evidence}', { indent: true }),
    para('本机关认为：{reasons}依据{legalBasis}，拟对你（单位）作出如下行政处罚：{penalty}。', { indent: true }),
    para(
      '根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。{#hearingOffered}根据该法第六十三条、第六十四条的规定，你（单位）有权要求听证；要求听证的，应当在收到本告知书后五日内提出。{/hearingOffered}逾期未提出陈述、申辩{#hearingOffered}或者听证要求{/hearingOffered}的，视为放弃上述权利。',
      { indent: true },
    ),
    para('联系人：{contactPerson}    联系电话：{contactPhone}    地址：{agencyAddress}'),
    ...seal(),
  ],
  hearing_notice: () => [
    para('{partyNames}：', { bold: true }),
    para(
      '根据你（单位）的听证要求，本机关定于{hearingTime}在{hearingPlace}就{caseTitle}一案举行听证（{hearingPublic}），听证主持人：{hearingHost}。',
      { indent: true },
    ),
    para(
      '你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利（《中华人民共和国行政处罚法》第六十四条）。',
      { indent: true },
    ),
    ...seal(),
  ],
  hearing_record: () => [
    formTable([
      ['案由', '{caseTitle}'],
      ['听证时间', '{hearingTime}'],
      ['听证地点', '{hearingPlace}'],
      ['听证主持人', '{hearingHost}'],
      ['记录人', '{clerk}'],
      ['参加人员', '{attendees}'],
    ]),
    para('当事人', { bold: true }),
    partiesTable(),
    para('案件调查人员', { bold: true }),
    officersTable(),
    para('听证经过：', { bold: true }),
    para('{proceedings}', { indent: true }),
    signLine('当事人'),
    signLine('听证主持人'),
  ],
  collective_discussion: () => [
    formTable([
      ['案由', '{caseTitle}'],
      ['讨论时间', '{meetingTime}'],
      ['讨论地点', '{meetingPlace}'],
      ['主持人', '{chair}'],
      ['参加人员', '{participants}'],
      ['案件事实', '{facts}'],
      ['讨论内容', '{discussion}'],
      ['讨论决定', '{conclusion}'],
    ]),
    para('依据《中华人民共和国行政处罚法》第五十七条第二款，对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。', {
      indent: true,
    }),
    signLine('参加人员'),
  ],
  penalty_decision: () => [
    para('当事人', { bold: true }),
    partiesTable(),
    para('经查，{facts}', { indent: true }),
    para('以上事实有下列证据证明：{evidence}', { indent: true }),
    para('本机关认为：{reasons}', { indent: true }),
    para(
      '依据{legalBasis}，{#discretionLevel}按照本机关行政处罚裁量基准“{discretionLevel}”阶次，{/discretionLevel}决定给予如下行政处罚：{penalty}。',
      { indent: true },
    ),
    para(
      '{#fineAmount}请于收到本决定书之日起十五日内，{paymentChannel}缴纳罚款{fineAmount}（《中华人民共和国行政处罚法》第六十七条第三款）。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款（同法第七十二条）。{/fineAmount}{performanceNote}',
      { indent: true },
    ),
    ...rights('决定'),
    para('申请行政复议或者提起行政诉讼期间，行政处罚不停止执行，法律另有规定的除外（《中华人民共和国行政处罚法》第七十三条）。', {
      indent: true,
    }),
    ...seal(),
  ],
  no_penalty_decision: () => [
    para('当事人', { bold: true }),
    partiesTable(),
    para('经查，{facts}', { indent: true }),
    para('本机关认为：{noPenaltyReason}', { indent: true }),
    para('依据{legalBasis}，决定不予行政处罚。', { indent: true }),
    ...rights('决定'),
    ...seal(),
  ],
  service_receipt: () => [
    formTable([
      ['送达文书名称及文号', '{servedDocument}'],
      ['受送达人', '{recipient}'],
      ['送达地点', '{serviceAddress}'],
      ['送达方式', '{serviceMethod}'],
      ['送达时间', '{servedAt}'],
    ]),
    para('送达人', { bold: true }),
    officersTable(),
    signLine('受送达人'),
    para('依照《中华人民共和国行政处罚法》第六十一条，按《中华人民共和国民事诉讼法》的有关规定送达；受送达人拒绝签收的，送达人注明情况。'),
  ],
  closing_approval: () => [
    formTable([
      ['案由', '{caseTitle}'],
      ['当事人', '{partyNames}'],
      ['立案日期', '{filedOn}'],
      ['处理决定', '{penalty}'],
      ['处理结果及执行情况', '{outcome}'],
      ['承办人意见', '{officerOpinion}'],
      ['负责人审批意见', '{headOpinion}'],
    ]),
    para('承办人员', { bold: true }),
    officersTable(),
  ],
  transfer_letter: () => [
    para('{receiver}：', { bold: true }),
    para('本机关在办理{caseTitle}一案中查明：{facts}', { indent: true }),
    para('{transferReason}', { indent: true }),
    para('现将该案移送你机关处理。随案移送材料：{materials}', { indent: true }),
    para('当事人', { bold: true }),
    partiesTable(),
    ...seal(),
  ],
  seizure_decision: () => [
    para('当事人', { bold: true }),
    partiesTable(),
    para('因{reasons}依据{legalBasis}，本机关决定对下列场所、设施或者财物予以{measure}：{seizedItems}', { indent: true }),
    para(
      '{measure}期限为{term}，自本决定作出之日起计算；情况复杂的，经本机关负责人批准可以延长，但延长期限不得超过三十日（《中华人民共和国行政强制法》第二十五条）。保管场所：{storage}。',
      {
        indent: true,
      },
    ),
    ...rights('决定'),
    ...seal(),
  ],
  release_decision: () => [
    para('{partyNames}：', { bold: true }),
    para('本机关于{decidedOn}作出{measureDecision}，对下列场所、设施或者财物采取了查封、扣押措施：{releasedItems}', { indent: true }),
    para('因{releaseReason}根据《中华人民共和国行政强制法》第二十八条的规定，本机关决定解除上述查封、扣押，并立即退还财物。', {
      indent: true,
    }),
    ...rights('决定'),
    ...seal(),
  ],
};

export function buildInstrument(inst: InstrumentDef) {
  const body = bodies[inst.code];
  if (!body) throw new Error(`no layout for ${inst.code}`);
  return new Document({
    creator: 'Sanxiang',
    title: inst.name,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      { properties: { page: { margin: { top: 1440, bottom: 1440, left: 1587, right: 1474 } } }, children: [...heading(), ...body()] },
    ],
  });
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  for (const inst of instruments) {
    const buf = await Packer.toBuffer(buildInstrument(inst));
    writeFileSync(join(here, `${inst.code}.docx`), buf);
    console.log(`${inst.code}.docx  ${inst.name}  ${buf.length} B`);
  }
}
