import type { PublicEntry, PublishListInput } from '../src/modules/disclosure';
import { publishList } from '../src/modules/disclosure';
import type { AppContext } from '../src/platform/context';

/**
 * Publications for the portal and open-data tests, made directly with `publishList` (as the
 * justice bureau's confirmation will), so these tests do not depend on the org and catalog demo.
 * Legal bases from LEGAL-BASES.md (MKT-01, MKT-02), under fixture codes FX-01, FX-02.
 */
/** a district code of its own, so the demo's publications never mix with these */
export const district = '990199';
export const market = { id: 'a0a0a0a0-0000-4000-8000-00000000a0a0', name: '示范市示范区市场监督管理局' };

const basis122 = {
  law: '《中华人民共和国食品安全法》',
  article: '第一百二十二条',
  clause: '第一款',
  text: '没收违法所得和违法生产经营的食品、食品添加剂以及用于违法生产经营的工具、设备、原料等物品；违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。',
};
const basis126 = { law: '《中华人民共和国食品安全法》', article: '第一百二十六条', clause: '第一款（六）', text: null };

export function agencyEntry(): PublicEntry {
  return {
    subjectId: market.id,
    label: market.name,
    content: {
      name: market.name,
      kind: 'administrative_organ',
      kindLabel: '行政机关',
      legalBasis: '《中华人民共和国食品安全法》第六条',
      jurisdictionCode: district,
      jurisdictionName: '示范市示范区',
      uscc: null,
      address: '示范市示范区人民路 1 号',
      phone: '0999-12345678',
      domains: ['食品安全', '广告监管'],
      legalOffice: '法规科',
      parentName: null,
      entrustingAgencyName: null,
    },
  };
}

export function officerEntry(id: string, name: string, cert: string, status: 'green' | 'yellow' | 'red' = 'green'): PublicEntry {
  const statusLabel = { green: '正常（绿）', yellow: '预警（黄）', red: '暂停（红）' }[status];
  return {
    subjectId: id,
    label: name,
    searchExtra: `${cert} ${market.name}`,
    content: {
      name,
      agencyId: market.id,
      agencyName: market.name,
      certificateNumber: cert,
      issuingBody: '示范省人民政府',
      domains: ['食品安全'],
      status,
      statusLabel,
      validUntil: '2028-12-31',
    },
  };
}

export function itemEntry(code: string, name: string, version = 1, extra: Partial<Record<string, unknown>> = {}): PublicEntry {
  return {
    subjectId: code,
    label: name,
    sortKey: code,
    searchExtra: `${code} 食品安全法 ${market.name}`,
    content: {
      code,
      name,
      actCategory: 'penalty',
      actCategoryLabel: '行政处罚',
      agencyId: market.id,
      agencyName: market.name,
      legalBases: [code === 'FX-01' ? basis122 : basis126],
      duties: '依法查处食品生产经营违法行为',
      serviceGuide: { 受理机构: market.name, 办理时限: '立案之日起九十日内作出决定', 救济途径: '行政复议或者行政诉讼' },
      flowchart: [
        { step: '立案', description: '发现违法线索，报负责人批准立案', timeLimit: null },
        { step: '调查取证', description: '执法人员不少于两人，出示执法证件', timeLimit: null },
        { step: '告知', description: '告知拟处罚内容及陈述、申辩、听证权利', timeLimit: null },
        { step: '法制审核', description: null, timeLimit: null },
        { step: '决定', description: null, timeLimit: '立案之日起九十日内' },
        { step: '送达', description: null, timeLimit: '宣告后当场交付；不在场的七日内' },
      ],
      version,
      ...extra,
    },
  };
}

export function standardEntry(): PublicEntry {
  return {
    subjectId: 'DS-FX-01',
    label: '未取得食品生产经营许可从事食品生产经营活动',
    sortKey: 'DS-FX-01',
    content: {
      code: 'DS-FX-01',
      itemCode: 'FX-01',
      violation: '未取得食品生产经营许可从事食品生产经营活动',
      agencyId: market.id,
      agencyName: market.name,
      legalBasis: [basis122],
      penaltyBasis: [basis122],
      levels: [
        {
          level: '一般',
          conditions: '货值金额不足一万元',
          penalty: '没收违法所得等，并处五万元以上十万元以下罚款',
          fineMin: 50000,
          fineMax: 100000,
          gainsMultipleMin: null,
          gainsMultipleMax: null,
        },
        {
          level: '严重',
          conditions: '货值金额一万元以上',
          penalty: '没收违法所得等，并处货值金额十倍以上二十倍以下罚款',
          fineMin: null,
          fineMax: null,
          gainsMultipleMin: 10,
          gainsMultipleMax: 20,
        },
      ],
    },
  };
}

export const threeListEntry = (): PublicEntry => ({
  subjectId: 'NP-MKT-02',
  label: '安排未取得健康证明的人员从事接触直接入口食品的工作（首次）',
  content: {
    list: 'no_penalty',
    listLabel: '不予处罚',
    code: 'NP-MKT-02',
    violation: '安排未取得健康证明的人员从事接触直接入口食品的工作',
    agencyId: market.id,
    agencyName: market.name,
    legalBasis: [basis126],
    conditions: '初次违法且危害后果轻微并及时改正',
    measure: '责令改正',
  },
});

export const reviewRuleEntry = (): PublicEntry => ({
  subjectId: 'RC-01',
  label: '责令停产停业',
  content: {
    code: 'RC-01',
    name: '责令停产停业',
    kind: 'penalty_kind',
    kindLabel: '处罚种类',
    description: '拟作出责令停产停业决定的，应当进行法制审核',
    agencyId: null,
    agencyName: null,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  },
});

export const avDutyEntry = (): PublicEntry => ({
  subjectId: 'AV-01',
  label: '查封扣押',
  content: {
    code: 'AV-01',
    step: '查封扣押',
    duty: 'full_process',
    dutyLabel: '全过程记录',
    agencyId: null,
    agencyName: null,
    basis: '《中华人民共和国行政处罚法》第四十七条',
  },
});

export const inspectionEntry = (): PublicEntry => ({
  subjectId: 'RI-01',
  label: '食品经营者经营活动检查',
  content: {
    code: 'RI-01',
    name: '食品经营者经营活动检查',
    agencyId: market.id,
    agencyName: market.name,
    basis: [basis126],
    target: '辖区内食品经营者',
    content: '从业人员健康证明、经营场所卫生',
    ratio: '5%',
    method: '双随机抽查',
    frequency: '每年一次',
  },
});

export async function publish(
  ctx: AppContext,
  listKind: string,
  listKey: string,
  entries: PublicEntry[],
  reason = '首次公示',
  agencyId: string | null = market.id,
) {
  const input: PublishListInput = {
    listKind,
    listKey,
    jurisdictionCode: district,
    agencyId,
    title: `${market.name} 公示清单`,
    reason,
    changedBy: 'fixture',
    changedAt: ctx.clock.now(),
    confirmedBy: 'supervisor',
    entries,
  };
  return ctx.db.transaction().execute((trx) => publishList(trx, ctx, { id: null, name: 'fixture' }, input));
}

/** Every kind published once; items twice (MKT-02 renamed in version 2, R-D08). */
export async function publishAll(ctx: AppContext) {
  await publish(ctx, 'agencies', `agencies:${district}`, [agencyEntry()], '首次公示', null);
  await publish(ctx, 'officers', `officers:${market.id}`, [
    officerEntry('o1', '张伟', '99010200001'),
    officerEntry('o2', '李明', '99010200002', 'yellow'),
    officerEntry('o3', '王强', '99010200003'),
  ]);
  await publish(ctx, 'items', `items:${market.id}`, [
    itemEntry('FX-01', '未取得食品生产经营许可从事食品生产经营活动'),
    itemEntry('FX-02', '安排未取得健康证明的人员从事接触直接入口食品的工作'),
  ]);
  await publish(
    ctx,
    'items',
    `items:${market.id}`,
    [
      itemEntry('FX-01', '未取得食品生产经营许可从事食品生产经营活动'),
      itemEntry('FX-02', '安排未取得健康证明的人员从事接触直接入口食品的工作（修订）', 2),
    ],
    '事项名称按法律条文修订',
  );
  await publish(ctx, 'discretion_standards', `discretion_standards:${market.id}`, [standardEntry()]);
  await publish(ctx, 'three_lists', `three_lists:${market.id}`, [threeListEntry()]);
  await publish(ctx, 'review_catalog', `review_catalog:${district}`, [reviewRuleEntry()], '首次公示', null);
  await publish(ctx, 'av_duties', `av_duties:${district}`, [avDutyEntry()], '首次公示', null);
  await publish(ctx, 'inspection_items', `inspection_items:${market.id}`, [inspectionEntry()]);
}
