/**
 * The demo's cases (issue 8 §14): at least 60 across the five enforcement agencies, in every state
 * of every procedure, among them one past its 90 days (行政处罚法 第六十条), one with an approved
 * extension, one transferred to the police (R-S06), one waiting on REVIEW_REQUIRED (R-L02, the demo
 * review catalog's RC-02: a fine of 100,000 yuan or more on an organisation), a simple-procedure
 * case, a coercive measure running and licensing applications. Items and amounts: the demo catalog
 * (shared/LEGAL-BASES.md §2), fines inside the discretion level named.
 */
import {
  type DemoCase,
  type DemoDomainAgency,
  type DemoParty,
  type DemoStep,
  demoItem,
  type GeneralPlan,
  type GeneralStop,
  generalSteps,
  lastDay,
  leadOf,
} from './cases-script';

/** the demo's required cases, by key (server/test/demo-cases.test.ts finds them so) */
export const requiredCases = {
  overdue: 'market-overdue',
  extension: 'market-extended',
  transfer: 'ecology-transfer',
  reviewRequired: 'emergency-review-required',
  simple: 'urban-simple-decided',
  coercion: 'market-coercion-running',
  licensing: 'market-licensing-review',
} as const;

const org = (name: string, legalRepresentative: string, address: string): DemoParty => ({
  kind: 'organisation',
  name,
  legalRepresentative,
  address: `示范市示范区${address}`,
});
const person = (name: string, address: string): DemoParty => ({ kind: 'natural_person', name, address: `示范市示范区${address}` });

function general(
  key: string,
  agency: DemoDomainAgency,
  code: string,
  party: DemoParty,
  stop: GeneralStop,
  plan: GeneralPlan,
  openedAgo?: number,
): DemoCase {
  const it = demoItem(code);
  const steps = generalSteps(it, plan, stop);
  return {
    key,
    agency,
    procedure: 'general',
    title: `${party.name}${it.violation}案`,
    domain: it.domain,
    itemCode: it.code,
    party,
    openedAgo: openedAgo ?? lastDay(steps) + 1,
    open: leadOf(`监督检查中发现${party.name}涉嫌${it.violation}`),
    steps,
  };
}

// ---- 简易程序 (行政处罚法 第五十一条至第五十三条) ------------------------------------------------

function simple(
  key: string,
  agency: DemoDomainAgency,
  code: string,
  party: DemoParty,
  stop: 'on_site' | 'decided' | 'closed',
  fine: number | null,
  openedAgo: number,
): DemoCase {
  const it = demoItem(code);
  const place = party.address;
  const steps: DemoStep[] = [];
  if (stop !== 'on_site') {
    steps.push({
      who: 'officer',
      action: 'decide_on_spot',
      after: 0,
      input: (on) => ({
        decidedOn: on,
        place,
        factsCertain: true,
        penaltyKinds: fine ? ['fine'] : ['warning'],
        ...(fine ? { fineAmount: fine } : {}),
        facts: `当事人${it.violation}，违法事实确凿`,
        legalBasis: it.legalBasis,
        certificateShown: true,
        rightsTold: true,
        formNumber: `示${agency === 'urban' ? '综执' : '执'}简〔${on.slice(0, 4)}〕${key.length * 37}号`,
        deliveredOnSpot: true,
      }),
    });
  }
  if (stop === 'closed') {
    steps.push({ who: 'officer', action: 'file_report', after: 1, input: (on) => ({ reportedOn: on }) });
    if (fine)
      steps.push({
        who: 'officer',
        action: 'record_payment',
        after: 2,
        input: (on) => ({
          paidOn: on,
          amount: fine,
          channel: 'electronic',
          paymentReference: `DZ${on.replaceAll('-', '')}${String(fine).padStart(5, '0')}`,
          covers: 'fine',
        }),
      });
    steps.push({ who: 'officer', action: 'close', after: 2, input: () => ({ reason: fine ? 'executed' : 'executed' }) });
  }
  return {
    key,
    agency,
    procedure: 'simple',
    title: `${party.name}${it.violation}（当场处罚）`,
    domain: it.domain,
    itemCode: it.code,
    party,
    openedAgo,
    open: (on) => ({ place, occurredOn: on, summary: `执法人员巡查时发现当事人${it.violation}`, partyKind: party.kind }),
    steps,
  };
}

// ---- 查封、扣押 (行政强制法 第十八条、第二十四条至第二十八条) -----------------------------------

function coercion(
  key: string,
  agency: DemoDomainAgency,
  domain: string,
  party: DemoParty,
  stop: 'proposed' | 'in_force' | 'testing' | 'closed',
  basis: string,
  goods: { name: string; quantity: number; unit: string },
  openedAgo: number,
): DemoCase {
  const steps: DemoStep[] = [];
  if (stop !== 'proposed')
    steps.push({
      who: 'officer',
      action: 'decide_measure',
      after: 0,
      input: (on, c) => ({
        measure: 'seize',
        decidedOn: on,
        approvedBy: c.headName,
        approvedOn: on,
        officersPresent: c.officerIds,
        certificatesShown: true,
        partyPresent: true,
        reasonsTold: true,
        statementHeard: true,
        recordMade: true,
        recordSigned: true,
        decisionNumber: `示${agency === 'market' ? '市监' : '应急'}强扣〔${on.slice(0, 4)}〕${10 + key.length}号`,
        decisionDelivered: true,
        termDays: 30,
        items: [{ ...goods, note: '已贴封条，存放于本机关涉案物品保管室' }],
      }),
    });
  if (stop === 'testing')
    steps.push({
      who: 'officer',
      action: 'start_testing',
      after: 2,
      input: (on) => ({
        kind: 'testing',
        startedOn: on,
        expectedEndOn: plusDays(on, 15),
        notifiedInWriting: true,
        institution: '示范市食品检验检测中心（演示）',
      }),
    });
  if (stop === 'closed')
    steps.push({
      who: 'head',
      action: 'handle_measure',
      after: 12,
      input: (on) => ({
        disposition: 'release',
        decidedOn: on,
        releaseReason: 'no_violation',
        propertyReturned: true,
        basis: '《中华人民共和国行政强制法》第二十八条第一款第（一）项',
        decisionNumber: `示${agency === 'market' ? '市监' : '应急'}强解〔${on.slice(0, 4)}〕${3 + key.length}号`,
      }),
    });
  return {
    key,
    agency,
    procedure: 'coercive_measure',
    title: `扣押${party.name}${goods.name}`,
    domain,
    party,
    openedAgo,
    open: () => ({
      reason: `有证据证明${party.name}的${goods.name}不符合国家标准，可能被转移`,
      legalBasis: basis,
      target: `${goods.name}${goods.quantity}${goods.unit}`,
    }),
    steps,
  };
}

// ---- 行政许可 (行政许可法 第三十二条、第三十八条、第四十二条、第四十四条、第四十五条) ----------------

type LicensingStop = 'applied' | 'awaiting_supplement' | 'rejected' | 'under_review' | 'excluded_period' | 'granted' | 'denied' | 'closed';

const foodLicence = '《中华人民共和国食品安全法》第三十五条第一款';

function licensing(key: string, party: DemoParty, stop: LicensingStop, openedAgo: number): DemoCase {
  const steps: DemoStep[] = [];
  const add = (s: DemoStep) => steps.push(s);
  if (stop === 'awaiting_supplement')
    add({
      who: 'officer',
      action: 'request_supplement',
      after: 1,
      input: (on) => ({ notifiedOn: on, items: '缺少食品安全管理制度文本和从业人员健康证明复印件，请一并补正' }),
    });
  else if (stop === 'rejected')
    // 食品安全法 第三十五条第一款：仅销售预包装食品的，不需要取得许可
    add({
      who: 'officer',
      action: 'reject_application',
      after: 1,
      input: (on) => ({ rejectedOn: on, ground: 'not_required', writtenCertificate: true }),
    });
  else if (stop !== 'applied') {
    add({ who: 'officer', action: 'accept', after: 1, input: (on) => ({ acceptedOn: on, writtenCertificate: true }) });
    if (stop === 'excluded_period')
      add({
        who: 'officer',
        action: 'pause_review',
        after: 3,
        input: (on) => ({ kind: 'inspection', startedOn: on, expectedDays: 10, applicantNotifiedInWriting: true }),
      });
    if (stop === 'granted' || stop === 'closed')
      add({
        who: 'head',
        action: 'grant',
        after: 5,
        input: (on) => ({
          decidedOn: on,
          decisionNumber: `示市监许准〔${on.slice(0, 4)}〕${20 + key.length}号`,
          scope: '餐饮服务（热食类食品制售），有效期五年',
          legalBasis: foodLicence,
        }),
      });
    if (stop === 'closed')
      add({
        who: 'officer',
        action: 'issue',
        after: 6,
        input: (on) => ({
          issuedOn: on,
          method: 'certificate',
          certificateNumber: `JY2990102${String(100000 + key.length * 31)}`,
          serviceMethod: 'direct',
        }),
      });
    if (stop === 'denied')
      add({
        who: 'head',
        action: 'deny',
        after: 5,
        input: (on) => ({
          decidedOn: on,
          decisionNumber: `示市监许不〔${on.slice(0, 4)}〕${5 + key.length}号`,
          reasons: '现场核查发现经营场所与污染源的距离不符合要求，不具备从事餐饮服务的条件',
          legalBasis: foodLicence,
          remedyTold: true,
        }),
      });
  }
  return {
    key,
    agency: 'market',
    procedure: 'licensing',
    title: `${party.name}申请食品经营许可`,
    domain: '食品安全',
    party,
    openedAgo,
    open: (on) => ({
      itemName: '食品经营许可',
      applicant: party.name,
      receivedOn: on,
      channel: 'window',
      materials: '食品经营许可申请书、营业执照复印件、经营场所平面图、食品安全管理制度',
    }),
    steps,
  };
}

// ---- 检查 (行政处罚法 第五十四条、第五十五条) ----------------------------------------------------

type InspectionStop = 'planned' | 'inspected' | 'rectifying' | 'referred' | 'closed';

function inspection(
  key: string,
  agency: DemoDomainAgency,
  domain: string,
  party: DemoParty,
  stop: InspectionStop,
  openedAgo: number,
  violation = '',
): DemoCase {
  const steps: DemoStep[] = [];
  const result = stop === 'rectifying' ? 'order_rectification' : stop === 'referred' ? 'violation_found' : 'compliant';
  if (stop !== 'planned')
    steps.push({
      who: 'officer',
      action: 'record_inspection',
      after: 1,
      input: (on, c) => ({
        on,
        place: party.address,
        officersPresent: c.officerIds,
        certificatesShown: true,
        recordMade: true,
        findings: result === 'compliant' ? '未发现问题' : `发现当事人${violation || '存在安全隐患'}`,
        result,
      }),
    });
  if (stop === 'rectifying')
    steps.push({
      who: 'officer',
      action: 'order_rectification',
      after: 1,
      input: (on) => ({ orderedOn: on, dueOn: plusDays(on, 10), content: `责令当事人限期改正：${violation}` }),
    });
  if (stop === 'referred')
    steps.push({
      who: 'officer',
      action: 'open_penalty_case',
      after: 1,
      input: (on) => ({
        lead: { source: 'inspection', summary: `检查发现当事人${violation}`, violationOn: on, discoveredOn: on, harm: 'none' },
        note: '转入行政处罚一般程序',
      }),
    });
  if (stop === 'closed') steps.push({ who: 'officer', action: 'close', after: 1, input: () => ({ summary: '检查完毕，未发现违法行为' }) });
  return {
    key,
    agency,
    procedure: 'inspection',
    title: `${party.name}${domain}检查`,
    domain,
    party,
    openedAgo,
    open: (on) => ({
      reason: 'random',
      planRef: `双随机〔${on.slice(0, 4)}〕${domain}第${(key.length % 9) + 1}批`,
      target: party.name,
      scheduledOn: on,
      content: `${domain}法律法规执行情况`,
    }),
    steps,
  };
}

function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * The list. Cases with items of the 生态环境法典 (URB-04, URB-05, ENV-*) start within the last two
 * weeks: the 法典 is in force from 2026-08-15 (法典 第一千二百四十二条), two weeks before the test clock.
 */
export const demoCases: DemoCase[] = [
  // ---- 市场监督管理局: the demo officer 张伟 and head 陈静 -----------------------------------------
  general('market-overdue', 'market', 'MKT-02', org('示范区福满楼餐饮店', '王建国', '建设路 32 号'), 'investigating', { fine: 8_000 }, 112),
  general('market-extended', 'market', 'MKT-03', org('示范区惠民日用品商店', '李红梅', '和平街 8 号'), 'extended', { fine: 0 }, 86),
  general('market-closed-1', 'market', 'MKT-02', org('示范区老灶台饭庄', '赵志刚', '人民路 45 号'), 'closed', { fine: 6_000 }, 62),
  general(
    'market-closed-2',
    'market',
    'MKT-02',
    org('示范区悦来小吃店', '周丽萍', '长安街 210 号'),
    'closed',
    { fine: 12_000, statement: true },
    48,
  ),
  general('market-closed-3', 'market', 'MKT-01', org('示范区鑫源食品加工坊', '孙德明', '滨河路 77 号'), 'closed', { fine: 60_000 }, 40),
  general(
    'market-closed-no-penalty',
    'market',
    'MKT-02',
    org('示范区如意早餐店', '钱玉兰', '文化路 12 号'),
    'closed_no_penalty',
    { fine: 0 },
    35,
  ),
  general('market-lead', 'market', 'MKT-02', org('示范区香满园快餐店', '冯建华', '人民路 120 号'), 'lead', { fine: 0 }, 0),
  general('market-filing-pending', 'market', 'MKT-01', person('郑小军', '幸福小区 3 栋'), 'filing_pending', { fine: 0 }, 1),
  general('market-not-filed', 'market', 'MKT-05', org('示范区美佳商贸有限公司', '韩冬梅', '建设路 66 号'), 'not_filed', { fine: 0 }, 8),
  general('market-investigating', 'market', 'MKT-02', org('示范区好滋味面馆', '吴国庆', '和平街 99 号'), 'investigating', { fine: 0 }, 20),
  general(
    'market-preservation',
    'market',
    'MKT-03',
    org('示范区万家福超市', '陈永红', '长安街 56 号'),
    'preservation_pending',
    { fine: 0 },
    12,
  ),
  general('market-suspended', 'market', 'MKT-01', person('何春雨', '东风村 5 组'), 'suspended', { fine: 0 }, 30),
  general(
    'market-concluded',
    'market',
    'MKT-02',
    org('示范区一品香酒楼', '罗海峰', '滨河路 3 号'),
    'investigation_concluded',
    { fine: 0 },
    9,
  ),
  general('market-notified', 'market', 'MKT-02', org('示范区川味坊餐馆', '梁晓燕', '文化路 58 号'), 'notified', { fine: 9_000 }, 7),
  general('market-hearing', 'market', 'MKT-01', person('唐志明', '建设路 140 号'), 'hearing', { fine: 50_000, hearing: true }, 10),
  general('market-decided', 'market', 'MKT-02', org('示范区金味德火锅店', '许文博', '人民路 7 号'), 'decided', { fine: 7_000 }, 8),
  general('market-executing', 'market', 'MKT-02', org('示范区四季鲜饺子馆', '邓丽君', '和平街 21 号'), 'executing', { fine: 10_000 }, 10),
  general(
    'market-instalment',
    'market',
    'MKT-02',
    org('示范区聚贤庄饭店', '曹德旺', '长安街 300 号'),
    'instalment_pending',
    { fine: 20_000 },
    12,
  ),
  general(
    'market-closing-pending',
    'market',
    'MKT-02',
    org('示范区小南国餐厅', '彭丽华', '建设路 9 号'),
    'closing_pending',
    { fine: 5_000 },
    14,
  ),
  general(
    'market-closing-returned',
    'market',
    'MKT-02',
    org('示范区味之源烧烤店', '曾国华', '滨河路 150 号'),
    'closing_returned',
    { fine: 5_500 },
    15,
  ),
  general(
    'market-extension-pending',
    'market',
    'MKT-03',
    org('示范区百货批发部', '肖建军', '人民路 400 号'),
    'extension_pending',
    { fine: 0 },
    82,
  ),
  general(
    'market-extension-after-notice',
    'market',
    'MKT-02',
    org('示范区食全食美餐厅', '田秀英', '文化路 88 号'),
    'extension_pending_after_notice',
    { fine: 15_000 },
    8,
  ),
  general(
    'market-ended',
    'market',
    'MKT-05',
    org('示范区星光广告有限公司', '董志强', '和平街 40 号'),
    'investigation_ended',
    { fine: 0 },
    16,
  ),
  simple('market-simple-closed', 'market', 'MKT-02', org('示范区路边早点摊', '袁小梅', '幸福路口'), 'closed', null, 6),
  coercion(
    'market-coercion-running',
    'market',
    '产品质量',
    org('示范区鸿运电器商行', '潘伟', '长安街 88 号'),
    'in_force',
    '《中华人民共和国产品质量法》第十八条第一款第（四）项',
    { name: '不合格电热水壶', quantity: 120, unit: '台' },
    10,
  ),
  coercion(
    'market-coercion-testing',
    'market',
    '食品安全',
    org('示范区鲜丰冷库', '于海洋', '物流园 6 号'),
    'testing',
    '《中华人民共和国食品安全法》第一百一十条第（四）项',
    { name: '来源不明冻肉', quantity: 800, unit: '千克' },
    8,
  ),
  coercion(
    'market-coercion-closed',
    'market',
    '产品质量',
    org('示范区安居建材店', '蒋丽', '建设路 210 号'),
    'closed',
    '《中华人民共和国产品质量法》第十八条第一款第（四）项',
    { name: '电线电缆', quantity: 60, unit: '卷' },
    25,
  ),
  coercion(
    'market-coercion-proposed',
    'market',
    '食品安全',
    org('示范区隆兴食品批发部', '蔡明', '物流园 12 号'),
    'proposed',
    '《中华人民共和国食品安全法》第一百一十条第（四）项',
    { name: '超过保质期的食品', quantity: 35, unit: '箱' },
    0,
  ),
  licensing('market-licensing-applied', org('示范区禾木轻食店', '余佳琪', '文化路 101 号'), 'applied', 0),
  licensing('market-licensing-supplement', org('示范区晨光面包坊', '杜欣怡', '人民路 66 号'), 'awaiting_supplement', 3),
  licensing('market-licensing-rejected', org('示范区绿源果蔬店', '叶晨', '和平街 2 号'), 'rejected', 6),
  licensing('market-licensing-review', org('示范区乐享咖啡馆', '程子豪', '长安街 15 号'), 'under_review', 5),
  licensing('market-licensing-excluded', org('示范区湘味小厨', '苏梓轩', '滨河路 19 号'), 'excluded_period', 6),
  licensing('market-licensing-granted', org('示范区粤港茶餐厅', '魏思远', '建设路 55 号'), 'granted', 7),
  licensing('market-licensing-denied', org('示范区街角烤肉店', '吕嘉怡', '文化路 7 号'), 'denied', 8),
  licensing('market-licensing-closed', org('示范区和风寿司店', '丁雪梅', '人民路 18 号'), 'closed', 12),
  inspection('market-inspection-planned', 'market', '食品安全', org('示范区第一中学食堂', '任国庆', '学府路 1 号'), 'planned', 0),
  inspection('market-inspection-inspected', 'market', '食品安全', org('示范区阳光幼儿园食堂', '沈春梅', '学府路 9 号'), 'inspected', 2),
  inspection(
    'market-inspection-rectifying',
    'market',
    '食品安全',
    org('示范区好运来超市', '姚海军', '幸福路 30 号'),
    'rectifying',
    3,
    '食品贮存区域未与有毒有害物品分开存放',
  ),
  inspection(
    'market-inspection-referred',
    'market',
    '食品安全',
    org('示范区大碗面馆', '卢志刚', '幸福路 48 号'),
    'referred',
    4,
    '安排未取得健康证明的人员从事接触直接入口食品的工作',
  ),
  inspection('market-inspection-closed', 'market', '食品安全', org('示范区百味烘焙店', '姜丽', '学府路 20 号'), 'closed', 11),

  // ---- 综合行政执法局 ----------------------------------------------------------------------------
  simple('urban-simple-decided', 'urban', 'URB-05', person('崔大勇', '滨河路 200 号'), 'decided', 200, 1),
  simple('urban-simple-closed', 'urban', 'URB-05', person('钟小红', '和平街 17 号'), 'closed', 150, 5),
  simple('urban-simple-on-site', 'urban', 'URB-03', org('示范区速通搬家服务部', '谭永', '人民路 230 号'), 'on_site', null, 0),
  general('urban-closed', 'urban', 'URB-04', person('陆海涛', '夜市街 5 号'), 'closed', { fine: 1_500 }, 13),
  general('urban-notified', 'urban', 'URB-04', person('汪晓东', '夜市街 12 号'), 'notified', { fine: 1_800 }, 8),
  general(
    'urban-investigating',
    'urban',
    'URB-02',
    org('示范区宏达建筑工程有限公司', '范德胜', '工业园 3 号'),
    'investigating',
    { fine: 0 },
    40,
  ),
  general('urban-decided', 'urban', 'URB-04', person('金凤', '夜市街 30 号'), 'decided', { fine: 800 }, 9),
  inspection('urban-inspection-closed', 'urban', '市容环境卫生', org('示范区步行街管理处', '石磊', '步行街 1 号'), 'closed', 6),

  // ---- 生态环境局示范分局 -------------------------------------------------------------------------
  general('ecology-transfer', 'ecology', 'ENV-02', org('示范区永泰电镀厂', '廖建新', '工业园 18 号'), 'transferred', { fine: 0 }, 10),
  general(
    'ecology-review-required',
    'ecology',
    'ENV-01',
    org('示范区华盛化工有限公司', '贾明辉', '工业园 26 号'),
    'review_required',
    { fine: 150_000, hearing: true },
    9,
  ),
  general('ecology-closed', 'ecology', 'ENV-05', org('示范区联创电子有限公司', '夏雨', '工业园 40 号'), 'closed', { fine: 60_000 }, 14),
  general('ecology-executing', 'ecology', 'ENV-05', org('示范区精工机械厂', '韦军', '工业园 52 号'), 'executing', { fine: 55_000 }, 11),
  general(
    'ecology-filing-pending',
    'ecology',
    'ENV-01',
    org('示范区金鼎铸造厂', '付春生', '工业园 60 号'),
    'filing_pending',
    { fine: 0 },
    1,
  ),
  inspection('ecology-inspection-inspected', 'ecology', '排污许可', org('示范区清源污水处理厂', '方志远', '滨河路 500 号'), 'inspected', 3),

  // ---- 应急管理局 -------------------------------------------------------------------------------
  general(
    'emergency-review-required',
    'emergency',
    'SAF-05',
    org('示范区星空KTV娱乐有限公司', '白志勇', '长安街 168 号'),
    'review_required',
    { fine: 150_000, hearing: true },
    12,
  ),
  general(
    'emergency-closed-1',
    'emergency',
    'SAF-04',
    org('示范区万达商贸城管理有限公司', '邹平', '建设路 1 号'),
    'closed',
    { fine: 10_000 },
    45,
  ),
  general('emergency-closed-2', 'emergency', 'SAF-02', org('示范区老四川火锅店', '孟德华', '和平街 130 号'), 'closed', { fine: 8_000 }, 33),
  general(
    'emergency-investigating',
    'emergency',
    'SAF-01',
    org('示范区恒安化工有限公司', '熊伟', '工业园 70 号'),
    'investigating',
    { fine: 0 },
    25,
  ),
  general('emergency-decided', 'emergency', 'SAF-04', org('示范区惠客隆超市', '秦海', '幸福路 2 号'), 'decided', { fine: 15_000 }, 9),
  general('emergency-executing', 'emergency', 'SAF-02', org('示范区渝味轩餐厅', '邱敏', '文化路 31 号'), 'executing', { fine: 12_000 }, 12),
  coercion(
    'emergency-coercion-running',
    'emergency',
    '安全生产',
    org('示范区顺达气体经营部', '江涛', '工业园 90 号'),
    'in_force',
    '《中华人民共和国安全生产法》第六十五条第一款第（四）项',
    { name: '无检验合格标志的液化石油气钢瓶', quantity: 46, unit: '个' },
    6,
  ),
  inspection('emergency-inspection-planned', 'emergency', '安全生产', org('示范区鑫泰五金加工厂', '尹强', '工业园 100 号'), 'planned', 0),

  // ---- 文化和旅游局 -----------------------------------------------------------------------------
  general('culture-closed-1', 'culture', 'CUL-03', person('薛明', '学府路 60 号'), 'closed', { fine: 2_000 }, 38),
  general('culture-closed-2', 'culture', 'CUL-04', org('示范区金嗓子歌舞厅', '闫丽', '步行街 22 号'), 'closed', { fine: 15_000 }, 42),
  general(
    'culture-investigating',
    'culture',
    'CUL-01',
    org('示范区畅游国际旅行服务部', '段飞', '长安街 400 号'),
    'investigating',
    { fine: 0 },
    18,
  ),
  general('culture-notified', 'culture', 'CUL-05', org('示范区极速网吧', '雷鸣', '学府路 88 号'), 'notified', { fine: 5_000 }, 6),
  general(
    'culture-closed-no-penalty',
    'culture',
    'CUL-05',
    org('示范区飞翔网咖', '侯佳', '幸福路 77 号'),
    'closed_no_penalty',
    { fine: 0 },
    20,
  ),
  inspection(
    'culture-inspection-rectifying',
    'culture',
    '文化市场',
    org('示范区星际网络会所', '龙飞', '步行街 66 号'),
    'rectifying',
    2,
    '未按规定核对、登记上网消费者的有效身份证件',
  ),
];
