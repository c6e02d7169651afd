import type { Transaction } from 'kysely';
import type { Database } from '../database';
import {
  changeOfficerStatus,
  confirmOrgIn,
  idNumberCheckChar,
  insertOfficersBulk,
  newOfficerRow,
  type OfficerTableRow,
  reviseAgency,
  submitAgencyIn,
  submitOfficersIn,
  usccCheckChar,
} from '../modules/org';
import { shanghaiDate } from '../platform/clock';
import type { AppContext } from '../platform/context';
import { type DemoAgencyKey, demoDistrict, demoLoader } from './data';

const loader = demoLoader;
/** The agencies submit, the justice bureau confirms: two different authors, as the mechanism requires. */
const submitter = { journal: loader, id: 'demo-loader:agency-submit', name: '演示机关（报送）' };
const bureau = { journal: loader, id: 'demo-loader:justice-confirm', name: '示范区司法局（演示确认）' };

/** What each demo agency looks like (R-D01). Laws are named only; articles are in the catalog. */
const agencyDetails: Record<
  DemoAgencyKey,
  { officers: number; reviewers: number; auxiliaries: number; legalBasis: string; domains: string[]; legalOffice: string; street: string }
> = {
  justice: {
    officers: 12,
    reviewers: 2,
    auxiliaries: 0,
    legalBasis: '《中华人民共和国行政处罚法》《中华人民共和国行政许可法》《中华人民共和国行政强制法》及本级人民政府机构职能规定',
    domains: ['行政执法监督'],
    legalOffice: '行政执法协调监督科',
    street: '人民路 1 号',
  },
  market: {
    officers: 40,
    reviewers: 1, // below 5% of its enforcers: the R-L06 alert shows in the demo
    auxiliaries: 1,
    legalBasis: '《中华人民共和国食品安全法》《中华人民共和国产品质量法》《中华人民共和国广告法》',
    domains: ['食品安全', '产品质量', '广告监管'],
    legalOffice: '法规科',
    street: '建设路 18 号',
  },
  urban: {
    officers: 30,
    reviewers: 2,
    auxiliaries: 3,
    legalBasis: '《中华人民共和国城乡规划法》《城市市容和环境卫生管理条例》《中华人民共和国生态环境法典》',
    domains: ['城乡规划', '市容环境卫生'],
    legalOffice: '法制科',
    street: '和平街 66 号',
  },
  ecology: {
    officers: 20,
    reviewers: 2,
    auxiliaries: 1,
    legalBasis: '《中华人民共和国生态环境法典》',
    domains: ['大气污染防治', '固体废物污染防治', '排污许可'],
    legalOffice: '法规与标准科',
    street: '滨河路 9 号',
  },
  emergency: {
    officers: 18,
    reviewers: 2,
    auxiliaries: 0,
    legalBasis: '《中华人民共和国安全生产法》',
    domains: ['安全生产'],
    legalOffice: '政策法规科',
    street: '长安街 120 号',
  },
  culture: {
    officers: 15,
    reviewers: 1,
    auxiliaries: 1,
    legalBasis: '《中华人民共和国旅游法》《娱乐场所管理条例》《互联网上网服务营业场所管理条例》',
    domains: ['旅游市场', '文化市场'],
    legalOffice: '政策法规科',
    street: '文化路 3 号',
  },
};

/** Demo accounts that are also officers of their agency. */
const linkedAccounts: { username: string; agency: DemoAgencyKey; kind: 'enforcer' | 'reviewer' | 'auxiliary' }[] = [
  { username: 'officer', agency: 'market', kind: 'enforcer' },
  { username: 'reviewer', agency: 'market', kind: 'reviewer' },
  { username: 'auxiliary', agency: 'market', kind: 'auxiliary' },
  { username: 'agency_head', agency: 'market', kind: 'enforcer' },
  { username: 'supervisor', agency: 'justice', kind: 'enforcer' },
  { username: 'legal_adviser', agency: 'justice', kind: 'reviewer' },
];

const trainingTopics: [kind: 'professional' | 'legal', topics: string[]][] = [
  ['professional', ['现场检查与证据固定', '执法文书制作', '执法记录仪使用规范', '行业标准解读', '抽检抽查规范']],
  ['legal', ['行政处罚法专题', '行政强制法专题', '行政许可法专题', '行政复议与诉讼案例', '裁量基准适用']],
];

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const givenChars =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏飞宇浩凯晨欣怡佳琪雪梅兰丹婷倩颖慧晶亮斌波宁峰海军鑫旭东春雨诗涵梓轩子豪思远嘉怡志刚德明国庆永红';

/** A small seeded generator (mulberry32): the demo is the same on every load. */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[] | string) => xs[Math.floor(next() * xs.length)] as T,
  };
}

function plusDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A valid GB 32100 code for a demo organ: 1 (机构编制) 1 (机关), the district code, a 9-character organisation code. */
function demoUscc(index: number): string {
  const first17 = `11${demoDistrict}MB${String(1000000 + index * 7919).slice(-7)}`;
  return `${first17}${usccCheckChar(first17)}`;
}

/** A valid GB 11643 number with the district's code and a birth date: never a real person's (prefix 99). */
function demoIdNumber(birth: string, seq: number): string {
  const first17 = `${demoDistrict}${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/**
 * Demo officers, certificates and training records of the demo agencies (issue 3 §9): agency
 * details confirmed and the directory published; 10–40 officers per agency with mixed
 * certificate statuses, some expiring within 60 days; training in the last and this year;
 * every officer list confirmed and published.
 */
export async function loadOrgDemo(trx: Transaction<Database>, ctx: AppContext, agencyIds: Map<string, string>): Promise<void> {
  const rnd = seeded(20260302);
  const today = shanghaiDate(ctx.clock.now());
  const thisYear = Number(today.slice(0, 4));
  const accounts = new Map(
    (await trx.selectFrom('user_account').select(['id', 'username', 'display_name']).execute()).map((a) => [a.username, a]),
  );
  const keys = Object.keys(agencyDetails) as DemoAgencyKey[];
  let agencyIndex = 0;
  let certSeq = 0;
  for (const key of keys) {
    agencyIndex += 1;
    const id = agencyIds.get(key);
    if (!id) continue;
    const d = agencyDetails[key];
    await reviseAgency(trx, ctx, loader, id, {
      legalBasis: d.legalBasis,
      uscc: demoUscc(agencyIndex),
      address: `示范市示范区${d.street}`,
      phone: `0000-8810${String(agencyIndex).padStart(2, '0')}00`,
      domains: d.domains,
      legalOffice: d.legalOffice,
      reason: '补充职权依据、统一社会信用代码、地址、联系电话和法制机构',
    });
    const row = await trx.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const rev = await submitAgencyIn(trx, ctx, submitter, row, { note: '演示数据：首次报送', publicNote: '首次公示行政执法主体名录' });
    await confirmOrgIn(trx, ctx, bureau, 'agencies', rev.id, '演示数据：经审查予以确认');
  }

  agencyIndex = 0;
  for (const key of keys) {
    agencyIndex += 1;
    const agencyId = agencyIds.get(key);
    if (!agencyId) continue;
    const d = agencyDetails[key];
    const agency = await trx.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
    const linked = linkedAccounts.filter((l) => l.agency === key);
    const used = new Set<string>();
    const now = ctx.clock.now();
    const fresh: OfficerTableRow[] = [];
    const statusChanges: [OfficerTableRow, 'yellow' | 'red' | 'revoked', string][] = [];
    const training: {
      officer_id: string;
      date: string;
      hours: number;
      kind: 'professional' | 'legal';
      topic: string;
      recorded_by: string;
      recorded_at: Date;
    }[] = [];
    for (let i = 0; i < d.officers; i++) {
      const link = linked[i];
      const account = link ? accounts.get(link.username) : undefined;
      // after the linked accounts: the remaining auxiliaries, then the remaining reviewers, then enforcers
      const j = i - linked.length;
      const moreAux = d.auxiliaries - linked.filter((l) => l.kind === 'auxiliary').length;
      const moreReviewers = d.reviewers - linked.filter((l) => l.kind === 'reviewer').length;
      const kind = link?.kind ?? (j < moreAux ? 'auxiliary' : j < moreAux + moreReviewers ? 'reviewer' : 'enforcer');
      const isReviewer = kind === 'reviewer';
      let name = account?.display_name ?? '';
      while (!name || used.has(name))
        name = rnd.pick<string>(surnames) + rnd.pick<string>(givenChars) + (rnd.next() < 0.6 ? rnd.pick<string>(givenChars) : '');
      used.add(name);
      const birth = `${rnd.int(1968, 1998)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
      const auxiliary = kind === 'auxiliary';
      certSeq += 1;
      // every 9th certificate ends within 60 days; the rest in one to four years
      const validUntil = i % 9 === 4 ? plusDays(today, rnd.int(5, 55)) : plusDays(today, rnd.int(200, 1400));
      const row = newOfficerRow(
        agencyId,
        {
          userId: account?.id ?? null,
          name,
          post: auxiliary
            ? '执法辅助人员'
            : isReviewer
              ? '法制审核员'
              : rnd.pick(['科员', '一级主任科员', '四级主任科员', '执法队员', '副科长', '科长']),
          domains: d.domains.slice(0, rnd.int(1, d.domains.length)),
          idNumber: demoIdNumber(birth, rnd.int(1, 999)),
          certificateNumber: auxiliary ? null : `${demoDistrict}${String(agencyIndex).padStart(2, '0')}${String(certSeq).padStart(5, '0')}`,
          issuingBody: auxiliary ? null : '示范省人民政府',
          validFrom: auxiliary ? null : plusDays(validUntil, -5 * 365),
          validUntil: auxiliary ? null : validUntil,
          hasLegalQualification: isReviewer || rnd.next() < 0.12,
          isEnforcer: kind === 'enforcer',
          isReviewer,
          isLegalAdviser: key === 'justice' && isReviewer,
          isAuxiliary: auxiliary,
        },
        now,
      );
      fresh.push(row);
      if (!auxiliary && !link) {
        // a few yellow and red certificates, one revoked (R-P02)
        if (i % 13 === 7) statusChanges.push([row, 'yellow', '执法案卷评查发现问题，限期整改']);
        else if (i % 17 === 11) statusChanges.push([row, 'red', `${thisYear - 1} 年度考核不合格，暂停执法资格`]);
        else if (key === 'urban' && i === 21) statusChanges.push([row, 'revoked', '调离执法岗位，证件注销']);
      }
      if (auxiliary) continue;
      // last year: most reach 30 + 30 hours (R-P03); this year: sessions so far (dates after today are dropped)
      const full = rnd.next() < 0.82;
      for (const [kind2, topics] of trainingTopics) {
        const sessions = full ? 4 : rnd.int(1, 3);
        for (let s = 0; s < sessions; s++)
          training.push({
            officer_id: row.id,
            date: `${thisYear - 1}-${String(2 + s * 3).padStart(2, '0')}-${String(rnd.int(3, 26)).padStart(2, '0')}`,
            hours: full && s === 3 ? rnd.int(6, 10) : 8,
            kind: kind2,
            topic: rnd.pick(topics),
            recorded_by: loader.name,
            recorded_at: ctx.clock.now(),
          });
        // this year, in the months passed so far: most are on track for 30 + 30 again
        const onTrack = rnd.next() < 0.7;
        for (let s = 0; s < (onTrack ? 4 : rnd.int(1, 2)); s++)
          training.push({
            officer_id: row.id,
            date: `${thisYear}-${String(1 + s * 3).padStart(2, '0')}-${String(rnd.int(5, 28)).padStart(2, '0')}`,
            hours: 8,
            kind: kind2,
            topic: rnd.pick(topics),
            recorded_by: loader.name,
            recorded_at: ctx.clock.now(),
          });
      }
    }
    await insertOfficersBulk(trx, ctx, loader, agencyId, fresh, '录入执法人员信息');
    for (const [row, status, reason] of statusChanges) await changeOfficerStatus(trx, ctx, loader, row, status, reason);
    const past = training.filter((t) => t.date <= today);
    for (let i = 0; i < past.length; i += 500)
      await trx
        .insertInto('training_record')
        .values(past.slice(i, i + 500))
        .execute();
    await ctx.journal.append(trx, {
      actor: loader,
      action: 'officer.training_import',
      entity: { type: 'agency', id: agencyId },
      payload: { records: past.length, source: 'demo' },
    });
    const rev = await submitOfficersIn(trx, ctx, submitter, agency, { note: '演示数据：首次报送', publicNote: '首次公示行政执法人员清单' });
    await confirmOrgIn(trx, ctx, bureau, 'officers', rev.id, '演示数据：经审查予以确认');
  }
}
