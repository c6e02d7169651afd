import type { Transaction } from 'kysely';
import type { Database } from '../database';
import {
  type Author,
  type AvDutyData,
  type CatalogListKind,
  confirmIn,
  type DiscretionStandardData,
  type InspectionItemData,
  type ItemData,
  type KindData,
  type ReviewRuleData,
  submitIn,
  type ThreeListData,
  writeEntries,
} from '../modules/catalog';
import { findAgency } from '../modules/org';
import type { AppContext } from '../platform/context';
import { demoLoader } from './data';

/**
 * Demo enforcement items, discretion standards, three lists, review catalog, AV list and
 * random-inspection items (issue 3 §9). Every item, article, clause and quoted penalty is taken
 * from shared/LEGAL-BASES.md §2 and was checked word for word against the full texts in
 * shared/laws/ (“…” marks an omission); discretion ranges stay inside the statutory range quoted.
 * The 生态环境法典 items (URB-04, URB-05, ENV-*) are law from 2026-08-15 (法典 Art. 1242).
 * Review thresholds are demo settings; review rules cite 行政处罚法 Art. 58 only for what it says.
 */

type Basis = ItemData['legalBases'][number];
const b = (law: string, article: string, clause: string | null, text: string | null = null): Basis => ({ law, article, clause, text });

const FOOD = '《中华人民共和国食品安全法》';
const PRODUCT = '《中华人民共和国产品质量法》';
const AD = '《中华人民共和国广告法》';
const PLANNING = '《中华人民共和国城乡规划法》';
const CITY = '《城市市容和环境卫生管理条例》';
const ECO = '《中华人民共和国生态环境法典》';
const SAFETY = '《中华人民共和国安全生产法》';
const FIRE = '《中华人民共和国消防法》';
const TOURISM = '《中华人民共和国旅游法》';
const ENTERTAINMENT = '《娱乐场所管理条例》';
const INTERNET = '《互联网上网服务营业场所管理条例》';
const PENALTY_LAW = '《中华人民共和国行政处罚法》';
/** The State Council guideline on the three systems; its review scope goes beyond 行政处罚法 Art. 58 (see shared/seeds/). */
const GUIDELINE = '《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）';

interface DemoItem {
  agency: string;
  code: string;
  name: string;
  basis: Basis;
  /** the quoted penalty (LEGAL-BASES.md §2) */
  penalty: string;
}

const items: DemoItem[] = [
  {
    agency: 'market',
    code: 'MKT-01',
    name: '未取得食品生产经营许可从事食品生产经营活动',
    basis: b(FOOD, '第一百二十二条', '第一款'),
    penalty:
      '没收违法所得和违法生产经营的食品、食品添加剂以及用于违法生产经营的工具、设备、原料等物品；违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。',
  },
  {
    agency: 'market',
    code: 'MKT-02',
    name: '安排未取得健康证明的人员从事接触直接入口食品的工作',
    basis: b(FOOD, '第一百二十六条', '第一款第（六）项'),
    penalty: '责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，责令停产停业，直至吊销许可证',
  },
  {
    agency: 'market',
    code: 'MKT-03',
    name: '生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品',
    basis: b(PRODUCT, '第四十九条', null),
    penalty:
      '责令停止生产、销售，没收违法生产、销售的产品，并处违法生产、销售产品（包括已售出和未售出的产品，下同）货值金额等值以上三倍以下的罚款；有违法所得的，并处没收违法所得；情节严重的，吊销营业执照',
  },
  {
    agency: 'market',
    code: 'MKT-04',
    name: '发布虚假广告',
    basis: b(AD, '第五十五条', '第一款'),
    penalty:
      '处广告费用三倍以上五倍以下的罚款，广告费用无法计算或者明显偏低的，处二十万元以上一百万元以下的罚款；两年内有三次以上违法行为或者有其他严重情节的，处广告费用五倍以上十倍以下的罚款，广告费用无法计算或者明显偏低的，处一百万元以上二百万元以下的罚款，可以吊销营业执照',
  },
  {
    agency: 'market',
    code: 'MKT-05',
    name: '广告使用“国家级”“最高级”“最佳”等用语',
    basis: b(AD, '第五十七条', '第（一）项'),
    penalty: '责令停止发布广告，对广告主处二十万元以上一百万元以下的罚款，情节严重的，并可以吊销营业执照',
  },
  {
    agency: 'urban',
    code: 'URB-01',
    name: '未取得建设工程规划许可证进行建设',
    basis: b(PLANNING, '第六十四条', null),
    penalty:
      '责令停止建设；尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款；无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。',
  },
  {
    agency: 'urban',
    code: 'URB-02',
    name: '未经批准进行临时建设',
    basis: b(PLANNING, '第六十六条', '第（一）项'),
    penalty: '责令限期拆除，可以并处临时建设工程造价一倍以下的罚款',
  },
  {
    agency: 'urban',
    code: 'URB-03',
    name: '乱扔废弃物、未经批准张挂张贴宣传品',
    basis: b(CITY, '第三十四条', '第（一）项、第（二）项'),
    penalty: '除责令其纠正违法行为、采取补救措施外，可以并处警告、罚款',
  },
  {
    agency: 'urban',
    code: 'URB-04',
    name: '在禁止的时段和区域内露天烧烤食品',
    basis: b(ECO, '第一千一百三十二条', '第三款'),
    penalty: '责令改正，没收烧烤工具和违法所得，并处五百元以上五千元以下的罚款；拒不改正的，处五千元以上二万元以下的罚款。',
  },
  {
    agency: 'urban',
    code: 'URB-05',
    name: '个人擅自倾倒、抛撒生活垃圾',
    basis: b(ECO, '第一千一百六十九条', '第三款'),
    penalty: '由环境卫生主管部门责令改正，处一百元以上一千元以下的罚款。',
  },
  {
    agency: 'ecology',
    code: 'ENV-01',
    name: '超标排放污染物',
    basis: b(ECO, '第一千一百零七条', null),
    penalty:
      '责令改正，处十万元以上一百万元以下的罚款，可以责令限制生产、停产整治；情节严重的，报经有批准权的人民政府批准，责令停业、关闭。其中，污染物为工业噪声的，罚款数额为二万元以上二十万元以下。',
  },
  {
    agency: 'ecology',
    code: 'ENV-02',
    name: '通过暗管、渗井等逃避监管的方式排放污染物',
    basis: b(ECO, '第一千一百零八条', null),
    penalty: '责令改正，处十万元以上一百万元以下的罚款，责令限制生产、停产整治，并将案件移送公安机关…',
  },
  {
    agency: 'ecology',
    code: 'ENV-03',
    name: '未依法取得排污许可证排放污染物',
    basis: b(ECO, '第一千一百零二条', null),
    penalty:
      '责令改正，处二十万元以上一百万元以下的罚款，并可以责令限制生产、停产整治；情节严重的，报经有批准权的人民政府批准，责令停业、关闭。其中，污染物为工业噪声的，罚款数额为二万元以上二十万元以下。…',
  },
  {
    agency: 'ecology',
    code: 'ENV-04',
    name: '建设项目生态环境影响报告书、报告表未经批准擅自开工建设',
    basis: b(ECO, '第一千零九十五条', '第一款'),
    penalty:
      '责令其停止建设，并可以责令恢复原状，报批、审核类型为生态环境影响报告书的，处二十万元以上一百万元以下的罚款，情节严重的，处一百万元以上一千万元以下的罚款；报批、审核类型为生态环境影响报告表的，处十万元以上五十万元以下的罚款，情节严重的，处五十万元以上五百万元以下的罚款。',
  },
  {
    agency: 'ecology',
    code: 'ENV-05',
    name: '未设置危险废物识别标志、未建立危险废物管理台账',
    basis: b(ECO, '第一千一百七十五条', '第一款第（一）项、第（三）项，第二款'),
    penalty:
      '由生态环境主管部门责令改正，没收违法所得，并处以罚款；情节严重的，报经有批准权的人民政府批准，责令停业、关闭：（一）未设置危险废物识别标志；…（三）未建立危险废物管理台账并如实记录；…有前款第一项、第二项、第三项、第四项、第六项、第七项、第九项、第十项、第十一项情形之一的，处五万元以上二十万元以下的罚款，拒不改正的，处二十万元以上一百万元以下的罚款',
  },
  {
    agency: 'emergency',
    code: 'SAF-01',
    name: '未按照规定对从业人员进行安全生产教育和培训',
    basis: b(SAFETY, '第九十七条', '第（三）项'),
    penalty:
      '责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款',
  },
  {
    agency: 'emergency',
    code: 'SAF-02',
    name: '餐饮等行业的生产经营单位使用燃气未安装可燃气体报警装置',
    basis: b(SAFETY, '第九十九条', '第（八）项'),
    penalty:
      '责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；情节严重的，责令停产停业整顿',
  },
  {
    agency: 'emergency',
    code: 'SAF-03',
    name: '未采取措施消除事故隐患',
    basis: b(SAFETY, '第一百零二条', null),
    penalty:
      '责令立即消除或者限期消除，处五万元以下的罚款；生产经营单位拒不执行的，责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款',
  },
  {
    agency: 'emergency',
    code: 'SAF-04',
    name: '占用、堵塞、封闭疏散通道、安全出口',
    basis: b(FIRE, '第六十条', '第一款第（三）项、第二款'),
    penalty:
      '单位违反本法规定，有下列行为之一的，责令改正，处五千元以上五万元以下罚款：…（三）占用、堵塞、封闭疏散通道、安全出口或者有其他妨碍安全疏散行为的；…个人有前款第二项、第三项、第四项、第五项行为之一的，处警告或者五百元以下罚款。',
  },
  {
    agency: 'emergency',
    code: 'SAF-05',
    name: '公众聚集场所未经消防救援机构许可擅自投入使用、营业',
    basis: b(FIRE, '第五十八条', '第一款第（四）项'),
    penalty: '责令停止施工、停止使用或者停产停业，并处三万元以上三十万元以下罚款',
  },
  {
    agency: 'culture',
    code: 'CUL-01',
    name: '未经许可经营旅行社业务',
    basis: b(TOURISM, '第九十五条', '第一款'),
    penalty:
      '由旅游主管部门或者市场监督管理部门责令改正，没收违法所得，并处一万元以上十万元以下罚款；违法所得十万元以上的，并处违法所得一倍以上五倍以下罚款；对有关责任人员，处二千元以上二万元以下罚款。',
  },
  {
    agency: 'culture',
    code: 'CUL-02',
    name: '以不合理的低价组织旅游活动、指定具体购物场所',
    basis: b(TOURISM, '第九十八条', null),
    penalty:
      '由旅游主管部门责令改正，没收违法所得，责令停业整顿，并处三万元以上三十万元以下罚款；违法所得三十万元以上的，并处违法所得一倍以上五倍以下罚款；情节严重的，吊销旅行社业务经营许可证',
  },
  {
    agency: 'culture',
    code: 'CUL-03',
    name: '未取得导游证从事导游活动',
    basis: b(TOURISM, '第一百零二条', '第一款'),
    penalty: '由旅游主管部门责令改正，没收违法所得，并处一千元以上一万元以下罚款，予以公告。',
  },
  {
    agency: 'culture',
    code: 'CUL-04',
    name: '歌舞娱乐场所接纳未成年人',
    basis: b(ENTERTAINMENT, '第四十八条', '第（三）项'),
    penalty:
      '由县级人民政府文化主管部门没收违法所得和非法财物，并处违法所得1倍以上3倍以下的罚款；没有违法所得或者违法所得不足1万元的，并处1万元以上3万元以下的罚款；情节严重的，责令停业整顿1个月至6个月',
  },
  {
    agency: 'culture',
    code: 'CUL-05',
    name: '互联网上网服务营业场所接纳未成年人',
    basis: b(INTERNET, '第三十一条', '第（二）项'),
    penalty: '由文化行政部门给予警告，可以并处15000元以下的罚款；情节严重的，责令停业整顿，直至吊销《网络文化经营许可证》',
  },
];

/** 行政处罚法 procedural time limits quoted in LEGAL-BASES.md §1 (Arts. 44, 60, 61, 67). */
const penaltyFlow: ItemData['flowchart'] = [
  { step: '立案', description: '发现违法线索，经负责人批准立案', timeLimit: null },
  { step: '调查取证', description: '执法人员不少于两人，出示执法证件，制作笔录（行政处罚法第四十二条、第五十五条）', timeLimit: null },
  {
    step: '法制审核',
    description:
      '有第五十八条第一款规定情形或者属于法制审核目录清单的，进行法制审核；未经法制审核或者审核未通过的，不得作出决定（第五十八条）',
    timeLimit: null,
  },
  {
    step: '告知',
    description: '告知拟作出的行政处罚内容及事实、理由、依据，以及陈述、申辩、要求听证等权利（第四十四条）',
    timeLimit: null,
  },
  {
    step: '决定',
    description: '情节复杂或者重大违法行为，行政机关负责人集体讨论决定（第五十七条）',
    timeLimit: '自立案之日起九十日内（第六十条）',
  },
  { step: '送达', description: '当场交付；当事人不在场的，依照民事诉讼法的有关规定送达（第六十一条）', timeLimit: '七日内' },
  { step: '执行', description: '到指定的银行或者通过电子支付系统缴纳罚款（第六十七条）', timeLimit: '自收到决定书之日起十五日内' },
];

const agencyPhones: Record<string, string> = {
  market: '0999-88000102',
  urban: '0999-88000103',
  ecology: '0999-88000104',
  emergency: '0999-88000105',
  culture: '0999-88000106',
};

function itemData(it: DemoItem, agencyName: string): ItemData {
  return {
    code: it.code,
    name: it.name,
    actCategory: 'penalty',
    legalBases: [{ ...it.basis, text: it.penalty }],
    duties: `依法对“${it.name}”的违法行为实施行政处罚；对处罚决定的合法性、适当性负责。`,
    serviceGuide: {
      acceptingBody: agencyName,
      approvingBody: agencyName,
      process: '立案、调查取证、法制审核（按目录）、告知、决定、送达、执行，见流程图',
      timeLimit: '自立案之日起九十日内作出行政处罚决定（行政处罚法第六十条）',
      fees: '不收费；当事人不承担行政机关组织听证的费用（行政处罚法第六十三条）',
      supervision: `示范市示范区司法局行政执法监督电话 0999-88000101（演示号码）`,
      remedy: '对行政处罚决定不服的，可以依法申请行政复议或者提起行政诉讼',
      officeHours: '工作日 9:00—12:00，13:30—17:30（演示）',
      address: '示范市示范区示范路 1 号（演示地址）',
      phone: `${agencyPhones[it.agency]}（演示号码）`,
    },
    flowchart: penaltyFlow,
  };
}

type Level = DiscretionStandardData['levels'][number];
const lv = (
  level: Level['level'],
  conditions: string,
  penalty: string,
  fine: [number, number] | null,
  gains: [number, number] | null = null,
): Level => ({
  level,
  conditions,
  penalty,
  fineMin: fine ? fine[0] : null,
  fineMax: fine ? fine[1] : null,
  gainsMultipleMin: gains ? gains[0] : null,
  gainsMultipleMax: gains ? gains[1] : null,
});

/** Discretion standards: each range inside the statutory range quoted for the item. */
const standards: Record<string, Level[]> = {
  'MKT-01': [
    lv('一般', '货值金额不足一万元，首次违法，及时停止违法行为', '并处五万元以上七万元以下罚款', [50_000, 70_000]),
    lv('较重', '货值金额不足一万元，经责令仍继续经营或者造成不良影响', '并处七万元以上十万元以下罚款', [70_000, 100_000]),
    lv('严重', '货值金额一万元以上', '并处货值金额十倍以上二十倍以下罚款', null, [10, 20]),
  ],
  'MKT-02': [
    lv('轻微', '首次被发现，当场改正', '责令改正，给予警告', null),
    lv('一般', '拒不改正，涉及人员一至二人', '处五千元以上二万元以下罚款', [5_000, 20_000]),
    lv('较重', '拒不改正，涉及人员三人以上', '处二万元以上五万元以下罚款', [20_000, 50_000]),
    lv('严重', '拒不改正并造成食源性疾病等后果', '责令停产停业，直至吊销许可证', null),
  ],
  'MKT-03': [
    lv('一般', '货值金额较小，主动召回或者停止销售', '并处货值金额等值以上一点五倍以下的罚款', null, [1, 1.5]),
    lv('较重', '经责令仍继续生产、销售', '并处货值金额一点五倍以上二点五倍以下的罚款', null, [1.5, 2.5]),
    lv('严重', '造成人身伤害或者重大财产损失', '并处货值金额二点五倍以上三倍以下的罚款，吊销营业执照', null, [2.5, 3]),
  ],
  'MKT-04': [
    lv(
      '一般',
      '首次违法，影响范围较小',
      '处广告费用三倍以上四倍以下的罚款；广告费用无法计算或者明显偏低的，处二十万元以上六十万元以下的罚款',
      [200_000, 600_000],
      [3, 4],
    ),
    lv(
      '较重',
      '影响范围较大或者造成消费者损失',
      '处广告费用四倍以上五倍以下的罚款；广告费用无法计算或者明显偏低的，处六十万元以上一百万元以下的罚款',
      [600_000, 1_000_000],
      [4, 5],
    ),
    lv(
      '严重',
      '两年内有三次以上违法行为或者有其他严重情节',
      '处广告费用五倍以上十倍以下的罚款；广告费用无法计算或者明显偏低的，处一百万元以上二百万元以下的罚款，可以吊销营业执照',
      [1_000_000, 2_000_000],
      [5, 10],
    ),
  ],
  'MKT-05': [
    lv('一般', '首次违法，及时停止发布', '处二十万元以上五十万元以下的罚款', [200_000, 500_000]),
    lv('较重', '发布时间较长或者范围较广', '处五十万元以上八十万元以下的罚款', [500_000, 800_000]),
    lv('严重', '经责令停止后仍继续发布', '处八十万元以上一百万元以下的罚款，并可以吊销营业执照', [800_000, 1_000_000]),
  ],
  'URB-04': [
    lv('一般', '首次被发现，及时改正', '并处五百元以上二千元以下的罚款', [500, 2_000]),
    lv('较重', '经劝阻后仍继续烧烤', '并处二千元以上五千元以下的罚款', [2_000, 5_000]),
    lv('严重', '拒不改正', '处五千元以上二万元以下的罚款', [5_000, 20_000]),
  ],
  'URB-05': [
    lv('一般', '倾倒、抛撒数量较少，及时清理', '处一百元以上三百元以下的罚款', [100, 300]),
    lv('较重', '数量较多或者经劝阻仍继续', '处三百元以上六百元以下的罚款', [300, 600]),
    lv('严重', '多次违法或者造成环境卫生严重影响', '处六百元以上一千元以下的罚款', [600, 1_000]),
  ],
  'ENV-01': [
    lv('一般', '超标倍数较低，及时改正', '处十万元以上四十万元以下的罚款', [100_000, 400_000]),
    lv('较重', '超标倍数较高或者持续时间较长', '处四十万元以上七十万元以下的罚款，可以责令限制生产、停产整治', [400_000, 700_000]),
    lv(
      '严重',
      '造成环境污染后果',
      '处七十万元以上一百万元以下的罚款；情节严重的，报经有批准权的人民政府批准，责令停业、关闭',
      [700_000, 1_000_000],
    ),
  ],
  'ENV-03': [
    lv('一般', '排污许可证已过期且已申请延续', '处二十万元以上五十万元以下的罚款', [200_000, 500_000]),
    lv('较重', '未申领排污许可证排放污染物', '处五十万元以上八十万元以下的罚款，并可以责令限制生产、停产整治', [500_000, 800_000]),
    lv(
      '严重',
      '被责令改正后仍继续排放',
      '处八十万元以上一百万元以下的罚款；报经有批准权的人民政府批准，责令停业、关闭',
      [800_000, 1_000_000],
    ),
  ],
  'ENV-05': [
    lv('一般', '经责令及时改正', '处五万元以上十万元以下的罚款', [50_000, 100_000]),
    lv('较重', '涉及危险废物数量较大', '处十万元以上二十万元以下的罚款', [100_000, 200_000]),
    lv('严重', '拒不改正', '处二十万元以上一百万元以下的罚款', [200_000, 1_000_000]),
  ],
  'SAF-01': [
    lv('一般', '未培训人员占比较低', '责令限期改正，处五万元以下的罚款', [0, 50_000]),
    lv('较重', '未培训人员占比较高或者涉及特种作业人员', '责令限期改正，处五万元以上十万元以下的罚款', [50_000, 100_000]),
    lv('严重', '逾期未改正', '责令停产停业整顿，并处十万元以上二十万元以下的罚款', [100_000, 200_000]),
  ],
  'SAF-02': [
    lv('一般', '首次被发现', '责令限期改正，处二万元以下的罚款', [0, 20_000]),
    lv('较重', '经营面积较大或者用气量较大', '责令限期改正，处二万元以上五万元以下的罚款', [20_000, 50_000]),
    lv('严重', '逾期未改正', '处五万元以上二十万元以下的罚款', [50_000, 200_000]),
  ],
  'SAF-04': [
    lv('一般', '单位，及时改正', '责令改正，处五千元以上二万元以下罚款', [5_000, 20_000]),
    lv('较重', '单位，人员密集场所', '责令改正，处二万元以上三万五千元以下罚款', [20_000, 35_000]),
    lv('严重', '单位，经责令改正后仍占用、堵塞、封闭', '责令改正，处三万五千元以上五万元以下罚款', [35_000, 50_000]),
  ],
  'SAF-05': [
    lv('一般', '已申请许可尚未取得，场所面积较小', '责令停止使用或者停产停业，并处三万元以上十万元以下罚款', [30_000, 100_000]),
    lv('较重', '未申请许可擅自营业', '责令停止使用或者停产停业，并处十万元以上二十万元以下罚款', [100_000, 200_000]),
    lv('严重', '存在重大火灾隐患', '责令停止使用或者停产停业，并处二十万元以上三十万元以下罚款', [200_000, 300_000]),
  ],
  'CUL-01': [
    lv('一般', '违法所得十万元以下，经营时间较短', '没收违法所得，并处一万元以上五万元以下罚款', [10_000, 50_000]),
    lv('较重', '违法所得十万元以下，经营时间较长或者造成游客损失', '没收违法所得，并处五万元以上十万元以下罚款', [50_000, 100_000]),
    lv('严重', '违法所得十万元以上', '没收违法所得，并处违法所得一倍以上五倍以下罚款', null, [1, 5]),
  ],
  'CUL-03': [
    lv('一般', '首次违法', '没收违法所得，并处一千元以上五千元以下罚款，予以公告', [1_000, 5_000]),
    lv('较重', '多次违法或者造成游客投诉', '没收违法所得，并处五千元以上一万元以下罚款，予以公告', [5_000, 10_000]),
  ],
  'CUL-04': [
    lv('一般', '没有违法所得或者违法所得不足1万元，接纳未成年人人数较少', '并处1万元以上2万元以下的罚款', [10_000, 20_000]),
    lv('较重', '没有违法所得或者违法所得不足1万元，接纳未成年人人数较多', '并处2万元以上3万元以下的罚款', [20_000, 30_000]),
    lv('严重', '违法所得1万元以上', '并处违法所得1倍以上3倍以下的罚款；情节严重的，责令停业整顿1个月至6个月', null, [1, 3]),
  ],
  'CUL-05': [
    lv('轻微', '首次违法，接纳人数一人', '给予警告', null),
    lv('一般', '接纳人数二人以上', '给予警告，并处15000元以下的罚款', [0, 15_000]),
    lv('严重', '多次接纳或者造成严重后果', '责令停业整顿，直至吊销《网络文化经营许可证》', null),
  ],
};

const art33 = b(
  PENALTY_LAW,
  '第三十三条',
  '第一款',
  '违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。',
);
const art32 = (item: string) =>
  b(
    PENALTY_LAW,
    '第三十二条',
    item,
    {
      '第（一）项': '（一）主动消除或者减轻违法行为危害后果的；',
      '第（三）项': '（三）主动供述行政机关尚未掌握的违法行为的；',
    }[item] ?? null,
  );

const threeLists: [string, ThreeListData][] = [
  [
    'market',
    {
      code: 'TL-MKT-01',
      list: 'no_penalty',
      violation: '广告使用“最佳”等用语，发布范围仅限经营场所内且已及时撤除',
      legalBasis: [art33, b(AD, '第五十七条', '第（一）项')],
      conditions: '初次违法，危害后果轻微并及时改正',
      measure: '责令改正，批评教育',
    },
  ],
  [
    'market',
    {
      code: 'TL-MKT-02',
      list: 'lighter_penalty',
      violation: '安排未取得健康证明的人员从事接触直接入口食品的工作',
      legalBasis: [art32('第（一）项'), b(FOOD, '第一百二十六条', '第一款第（六）项')],
      conditions: '主动消除或者减轻违法行为危害后果的',
      measure: '在裁量基准相应等级内从轻处罚',
    },
  ],
  [
    'urban',
    {
      code: 'TL-URB-01',
      list: 'no_penalty',
      violation: '个人擅自倾倒、抛撒少量生活垃圾',
      legalBasis: [art33, b(ECO, '第一千一百六十九条', '第三款')],
      conditions: '初次违法，当场清理，未造成危害后果',
      measure: '责令改正，批评教育',
    },
  ],
  [
    'emergency',
    {
      code: 'TL-SAF-01',
      list: 'mitigated_penalty',
      violation: '未采取措施消除事故隐患',
      legalBasis: [art32('第（三）项'), b(SAFETY, '第一百零二条', null)],
      conditions: '主动供述行政机关尚未掌握的违法行为的',
      measure: '依法减轻处罚',
    },
  ],
  [
    'culture',
    {
      code: 'TL-CUL-01',
      list: 'no_penalty',
      violation: '互联网上网服务营业场所接纳未成年人',
      legalBasis: [art33, b(INTERNET, '第三十一条', '第（二）项')],
      conditions: '初次违法，接纳时间短，当场劝离并及时改正，未造成危害后果',
      measure: '批评教育，责令改正',
    },
  ],
];

/** Jurisdiction-wide review catalog of the justice bureau (R-L02). Amount thresholds are DEMO settings. */
const reviewRules: ReviewRuleData[] = [
  {
    code: 'RC-01',
    name: '责令停产停业、责令关闭、吊销许可证件',
    kind: 'penalty_kind',
    description:
      '拟作出责令停产停业、责令关闭、吊销许可证件、降低资质等级、限制从业决定的，须经法制审核（演示设定的本级目录事项；上述处罚均为行政处罚法第六十三条第一款第（三）项、第（四）项规定应当告知当事人有要求听证的权利的处罚）',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    penaltyKinds: ['suspend_production', 'order_closure', 'revoke_license', 'lower_qualification', 'restrict_practice'],
  },
  {
    code: 'RC-02',
    name: '较大数额罚款',
    kind: 'fine_threshold',
    description: '对自然人罚款一万元以上、对法人或者其他组织罚款十万元以上的，须经法制审核（演示设定的金额标准，以本省规定为准）',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    naturalPersonThreshold: 10_000,
    organisationThreshold: 100_000,
  },
  {
    code: 'RC-03',
    name: '经过听证程序的决定',
    kind: 'hearing_held',
    description: '直接关系当事人或者第三人重大权益，经过听证程序的（行政处罚法第五十八条第一款第二项）',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  },
  {
    code: 'RC-04',
    name: '疑难复杂案件',
    kind: 'complex',
    description: '案件情况疑难复杂、涉及多个法律关系的（行政处罚法第五十八条第一款第三项）',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  },
  {
    code: 'RC-05',
    name: '重大公共利益、重大社会影响或者重大权益',
    kind: 'major_impact',
    description: `涉及重大公共利益的（行政处罚法第五十八条第一款第一项）；可能造成重大社会影响或引发社会风险，直接关系行政相对人或第三人重大权益的（${GUIDELINE}）。经过听证程序的，见 RC-03`,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  },
  {
    code: 'RC-06',
    name: '行政强制措施',
    kind: 'act_category',
    description: '查封、扣押等行政强制决定须经法制审核（演示设定）',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    actCategories: ['coercion'],
  },
];

const art47 = '《中华人民共和国行政处罚法》第四十七条：「…对行政处罚的启动、调查取证、审核、决定、送达、执行等进行全过程记录，归档保存。」';
const avList: AvDutyData[] = [
  { code: 'AV-01', step: '查封扣押财产', duty: 'full_process', basis: art47 },
  { code: 'AV-02', step: '强制拆除', duty: 'full_process', basis: art47 },
  { code: 'AV-03', step: '执法办案场所询问', duty: 'full_process', basis: art47 },
  { code: 'AV-04', step: '现场执法', duty: 'key_moments', basis: art47 },
  { code: 'AV-05', step: '调查取证', duty: 'key_moments', basis: art47 },
  { code: 'AV-06', step: '听证', duty: 'key_moments', basis: art47 },
  { code: 'AV-07', step: '留置送达', duty: 'key_moments', basis: art47 },
  { code: 'AV-08', step: '公告送达', duty: 'key_moments', basis: art47 },
  { code: 'AV-09', step: '现场检查、随机抽查', duty: 'key_moments', basis: art47 },
  { code: 'AV-10', step: '直接送达', duty: 'optional', basis: null },
];

const inspections: [string, InspectionItemData][] = [
  [
    'market',
    {
      code: 'INS-MKT-01',
      name: '食品经营者持证经营情况检查',
      basis: [b(FOOD, '第一百二十二条', '第一款')],
      target: '辖区内食品经营者',
      content: '是否取得食品经营许可，许可事项与实际经营是否一致',
      ratio: '不低于检查对象名录库的5%（演示设定）',
      method: '现场检查',
      frequency: '每年不少于1次',
    },
  ],
  [
    'market',
    {
      code: 'INS-MKT-02',
      name: '广告发布内容检查',
      basis: [b(AD, '第九条', '第（三）项', '使用“国家级”、“最高级”、“最佳”等用语')],
      target: '辖区内广告主、广告经营者、广告发布者',
      content: '广告是否使用绝对化用语，是否为虚假广告',
      ratio: '不低于3%（演示设定）',
      method: '网络监测与现场检查相结合',
      frequency: '每半年1次',
    },
  ],
  [
    'emergency',
    {
      code: 'INS-SAF-01',
      name: '餐饮场所燃气安全检查',
      basis: [
        b(SAFETY, '第三十六条', '第四款', '餐饮等行业的生产经营单位使用燃气的，应当安装可燃气体报警装置，并保障其正常使用。'),
        b(SAFETY, '第九十九条', '第（八）项'),
      ],
      target: '使用燃气的餐饮经营单位',
      content: '是否安装可燃气体报警装置并保障正常使用',
      ratio: '不低于10%（演示设定）',
      method: '现场检查',
      frequency: '每季度1次',
    },
  ],
  [
    'culture',
    {
      code: 'INS-CUL-01',
      name: '互联网上网服务营业场所经营情况检查',
      basis: [
        b(INTERNET, '第三十一条', '第（二）项'),
        b(INTERNET, '第三十三条', '第（三）项', '（三）未按规定核对、登记上网消费者的有效身份证件或者记录有关上网信息的；'),
      ],
      target: '辖区内互联网上网服务营业场所',
      content: '是否接纳未成年人，是否核对登记上网消费者身份',
      ratio: '不低于10%（演示设定）',
      method: '现场检查',
      frequency: '每季度1次',
    },
  ],
];

const editor = (agency: string): Author => ({
  journal: demoLoader,
  id: `demo-loader:${agency}`,
  name: '演示数据导入',
});
const bureau: Author = { journal: demoLoader, id: 'demo-loader:justice-confirm', name: '示范区司法局（演示确认）' };

/** Demo enforcement catalog (issue 3 §9): entered by each agency, confirmed by the justice bureau and published. */
export async function loadCatalogDemo(trx: Transaction<Database>, ctx: AppContext, agencyIds: Map<string, string>): Promise<void> {
  const lists = new Map<string, { kind: CatalogListKind; agencyKey: string; data: KindData[CatalogListKind][] }>();
  const add = <K extends CatalogListKind>(kind: K, agencyKey: string, data: KindData[K]) => {
    const key = `${kind}:${agencyKey}`;
    const list = lists.get(key) ?? { kind, agencyKey, data: [] };
    list.data.push(data);
    lists.set(key, list);
  };
  const agencyNames = new Map<string, string>();
  for (const [key, id] of agencyIds) agencyNames.set(key, (await findAgency(trx, id))?.name ?? key);
  for (const it of items) add('items', it.agency, itemData(it, agencyNames.get(it.agency) ?? ''));
  for (const it of items) {
    const levels = standards[it.code];
    if (!levels) continue;
    add('discretion_standards', it.agency, {
      code: `DS-${it.code}`,
      itemCode: it.code,
      violation: it.name,
      legalBasis: [it.basis],
      penaltyBasis: [{ ...it.basis, text: it.penalty }],
      levels,
    });
  }
  for (const [agency, d] of threeLists) add('three_lists', agency, d);
  for (const r of reviewRules) add('review_catalog', 'justice', r);
  for (const d of avList) add('av_duties', 'justice', d);
  for (const [agency, d] of inspections) add('inspection_items', agency, d);

  for (const list of lists.values()) {
    const agency = await findAgency(trx, agencyIds.get(list.agencyKey) ?? '');
    if (!agency) throw new Error(`demo agency ${list.agencyKey} missing`);
    await writeEntries(trx, ctx, editor(list.agencyKey), list.kind, agency, list.data, '演示数据：首次编制');
    const rev = await submitIn(trx, ctx, editor(list.agencyKey), list.kind, agency, {
      note: '演示数据：首次编制并报送司法局',
      publicNote: '首次公示',
    });
    await confirmIn(trx, ctx, bureau, rev.id, '演示数据：经审查予以确认');
  }
}
