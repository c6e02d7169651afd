import type { Transaction } from 'kysely';
import type { Database } from '../database';
import { type CreateServiceWindowBody, insertWindow } from '../modules/org';
import type { AppContext } from '../platform/context';
import { type DemoAgencyKey, demoLoader } from './data';

const loader = demoLoader;

/**
 * Demo service windows and their boards (R-D18). The demo catalog holds penalty items only, so the
 * windows are where parties of penalty cases hand in statements, hearing requests and payment
 * requests, and where reports are taken. The sample texts cite 行政处罚法 Arts. 44, 45, 63, 64
 * and 66 as quoted in shared/LEGAL-BASES.md §1. Staff are demo officers (generated names); the
 * numbers are demo landlines and the national hotlines 12345 and 12315.
 */
const hall = '示范市示范区政务服务中心';
const hours = '工作日 9:00—12:00，13:30—17:30（法定节假日除外）';
const supervisionLine = '示范市示范区司法局行政执法监督电话 0999-88000101';

const phones: Record<DemoAgencyKey, string> = {
  justice: '0999-88000101',
  market: '0999-88000102',
  urban: '0999-88000103',
  ecology: '0999-88000104',
  emergency: '0999-88000105',
  culture: '0999-88000106',
};

const statementText = (agency: string) =>
  `陈述申辩书\n${agency}：\n本人（单位）于____年__月__日收到你局《行政处罚事先告知书》（文号：________）。对拟作出的行政处罚，现提出陈述、申辩意见如下：\n一、事实与理由：________\n二、证据材料：________（可附页）\n陈述申辩人（签名或盖章）：________\n联系地址：________\n____年__月__日\n填写说明：行政机关应当告知拟作出的行政处罚内容及事实、理由、依据和陈述、申辩、要求听证等权利（行政处罚法第四十四条）；当事人提出的事实、理由或者证据成立的，行政机关应当采纳，不得因陈述、申辩而给予更重的处罚（第四十五条）。`;

const hearingText = (agency: string) =>
  `听证申请书\n${agency}：\n本人（单位）于____年__月__日收到你局《行政处罚事先告知书》（文号：________），现依照《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，申请就拟作出的行政处罚举行听证。\n是否因涉及商业秘密或者个人隐私申请不公开举行：□是 □否\n委托代理人（一至二人，可不填）：________\n申请人（签名或盖章）：________\n联系地址：________\n____年__月__日\n填写说明：当事人要求听证的，应当在行政机关告知后五日内提出；除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行（第六十四条）；当事人不承担行政机关组织听证的费用（第六十三条）。`;

const deferralText = (agency: string) =>
  `暂缓（分期）缴纳罚款申请书\n${agency}：\n本人（单位）收到你局《行政处罚决定书》（文号：________），罚款金额________元。因________（说明经济困难的情况，并附证明材料），依照《中华人民共和国行政处罚法》第六十六条的规定，申请□暂缓缴纳 □分期缴纳，具体安排：________。\n申请人（签名或盖章）：________\n____年__月__日\n填写说明：当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳（第六十六条）。`;

const reportText = (agency: string) =>
  `投诉举报书\n${agency}：\n被投诉举报人（名称、地址）：________\n违法行为发生的时间、地点：________\n违法事实：________\n证据材料：________（照片、票据等，可附页）\n是否愿意留下联系方式接受回复：□是 □否\n投诉举报人（可匿名）：________\n____年__月__日\n填写说明：本机关对投诉举报人的信息予以保密。`;

interface DemoWindow {
  agency: DemoAgencyKey;
  number: string;
  name: string;
  floor: string;
  items: string[];
  duties: [string, string];
  kinds: ('statement' | 'hearing' | 'deferral' | 'report')[];
  complaint: string;
}

const windows: DemoWindow[] = [
  {
    agency: 'justice',
    number: 'J01',
    name: '行政执法监督投诉受理窗口',
    floor: '一楼',
    items: [],
    duties: ['受理对行政执法行为的投诉举报，登记并转办，跟踪办理结果', '解答行政执法监督的程序与时限，接收书面投诉材料并出具回执'],
    kinds: ['report'],
    complaint: `12345 政务服务便民热线；${supervisionLine}`,
  },
  {
    agency: 'market',
    number: 'A05',
    name: '行政处罚案件当事人服务窗口',
    floor: '二楼',
    items: ['MKT-01', 'MKT-02', 'MKT-03', 'MKT-04', 'MKT-05'],
    duties: ['接收当事人的陈述、申辩材料和听证申请，出具接收凭证', '受理暂缓或者分期缴纳罚款的申请，告知办理进度'],
    kinds: ['statement', 'hearing', 'deferral'],
    complaint: `12315 市场监管投诉举报热线；12345 政务服务便民热线；${supervisionLine}`,
  },
  {
    agency: 'market',
    number: 'A06',
    name: '食品安全与广告投诉举报窗口',
    floor: '二楼',
    items: ['MKT-01', 'MKT-02', 'MKT-04', 'MKT-05'],
    duties: ['受理食品安全、广告违法行为的投诉举报，登记并分办', '告知投诉举报的处理进度和结果'],
    kinds: ['report'],
    complaint: `12315 市场监管投诉举报热线；12345 政务服务便民热线；${supervisionLine}`,
  },
  {
    agency: 'urban',
    number: 'B02',
    name: '综合行政执法案件服务窗口',
    floor: '二楼',
    items: ['URB-01', 'URB-02', 'URB-03', 'URB-04', 'URB-05'],
    duties: ['接收当事人的陈述、申辩材料和听证申请，出具接收凭证', '受理市容环境卫生、违法建设的投诉举报'],
    kinds: ['statement', 'hearing', 'report'],
    complaint: `12345 政务服务便民热线；${supervisionLine}`,
  },
  {
    agency: 'ecology',
    number: 'C01',
    name: '生态环境行政处罚案件服务窗口',
    floor: '三楼',
    items: ['ENV-01', 'ENV-02', 'ENV-03', 'ENV-04', 'ENV-05'],
    duties: ['接收当事人的陈述、申辩材料和听证申请，出具接收凭证', '受理暂缓或者分期缴纳罚款的申请，告知办理进度'],
    kinds: ['statement', 'hearing', 'deferral'],
    complaint: `12345 政务服务便民热线；${supervisionLine}`,
  },
  {
    agency: 'emergency',
    number: 'D01',
    name: '安全生产行政执法服务窗口',
    floor: '三楼',
    items: ['SAF-01', 'SAF-02', 'SAF-03', 'SAF-04', 'SAF-05'],
    duties: ['接收当事人的陈述、申辩材料和听证申请，出具接收凭证', '受理安全生产事故隐患的举报，登记并分办'],
    kinds: ['statement', 'hearing', 'report'],
    complaint: `12345 政务服务便民热线；${supervisionLine}`,
  },
  {
    agency: 'culture',
    number: 'E01',
    name: '文化旅游市场执法服务窗口',
    floor: '三楼',
    items: ['CUL-01', 'CUL-02', 'CUL-03', 'CUL-04', 'CUL-05'],
    duties: ['接收当事人的陈述、申辩材料和听证申请，出具接收凭证', '受理旅游市场、文化市场违法行为的投诉举报'],
    kinds: ['statement', 'hearing', 'report'],
    complaint: `12345 政务服务便民热线；${supervisionLine}`,
  },
];

function materials(w: DemoWindow, agencyName: string): NonNullable<CreateServiceWindowBody['materials']> {
  const forAll = w.items;
  const make = {
    statement: { title: '陈述申辩书（示范文本）', text: statementText(agencyName), itemCodes: forAll },
    hearing: { title: '听证申请书（示范文本）', text: hearingText(agencyName), itemCodes: forAll },
    deferral: { title: '暂缓（分期）缴纳罚款申请书（示范文本）', text: deferralText(agencyName), itemCodes: forAll },
    report: { title: '投诉举报书（示范文本）', text: reportText(agencyName), itemCodes: forAll },
  };
  return w.kinds.map((k) => make[k]);
}

/** One or two windows per demo agency, each staffed by two of its certified officers (green status). */
export async function loadWindowsDemo(trx: Transaction<Database>, ctx: AppContext, agencyIds: Map<string, string>): Promise<void> {
  const usedOfficers = new Set<string>();
  for (const w of windows) {
    const agencyId = agencyIds.get(w.agency);
    if (!agencyId) continue;
    const agency = await trx.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
    const staff = (
      await trx
        .selectFrom('officer')
        .select('id')
        .where('agency_id', '=', agencyId)
        .where('active', '=', true)
        .where('is_enforcer', '=', true)
        .where('status', '=', 'green')
        .where('user_id', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .execute()
    )
      .filter((o) => !usedOfficers.has(o.id))
      .slice(0, 2);
    for (const o of staff) usedOfficers.add(o.id);
    const phone = phones[w.agency];
    await insertWindow(trx, ctx, loader, agency, {
      number: w.number,
      name: w.name,
      hall,
      floor: w.floor,
      openingHours: hours,
      phone,
      staff: staff.map((o, i) => ({ officerId: o.id, duties: w.duties[i] ?? w.duties[0] })),
      itemCodes: w.items,
      materials: materials(w, agency.name),
      progressEnquiry: `凭接收凭证上的编号到本窗口查询，或在工作时间拨打 ${phone} 查询办理进度`,
      consultation: `窗口现场咨询；电话咨询 ${phone}（工作时间）`,
      complaint: w.complaint,
      reason: '首次公示窗口岗位信息',
    });
  }
}
