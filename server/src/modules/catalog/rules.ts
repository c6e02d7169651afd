import type { TSchema } from '@sinclair/typebox';
import { findPersonalDataInFields, type KnownPersonalData } from '../disclosure';
import {
  type ActCategory,
  type AvDutyData,
  type DiscretionStandardData,
  dataSchemas,
  type InspectionItemData,
  type ItemData,
  type KindData,
  type PenaltyKind,
  type ProposedDecision,
  type ReviewRuleData,
  type ReviewRuleKind,
  type ServiceGuide,
  type ThreeListData,
} from './schema';
import type { CatalogListKind, ListRevisionStatus } from './tables';

/**
 * Pure rules of the enforcement catalog (R-D03..R-D07, R-L02, R-C04): labels, the semantic checks
 * a schema cannot express, the mapping of each entry to its public fields (disclosure/kinds.ts),
 * and the review-catalog evaluator. R-D08's deadline is `publicationDeadline` in platform/calendar.
 */

export const listKindLabels: Record<CatalogListKind, string> = {
  items: '行政执法事项清单',
  discretion_standards: '行政处罚裁量基准',
  three_lists: '不予处罚、从轻处罚、减轻处罚事项清单',
  review_catalog: '重大执法决定法制审核目录清单',
  av_duties: '音像记录事项清单',
  inspection_items: '随机抽查事项清单',
};

/** URL segment of each list kind: /api/v1/catalog/<segment>. */
export const listKindPaths: Record<CatalogListKind, string> = {
  items: 'items',
  discretion_standards: 'discretion-standards',
  three_lists: 'three-lists',
  review_catalog: 'review-catalog',
  av_duties: 'av-duties',
  inspection_items: 'inspection-items',
};
export const catalogListKinds = Object.keys(listKindPaths) as CatalogListKind[];

export const revisionStatusLabels: Record<ListRevisionStatus, string> = {
  draft: '草稿（未提交）',
  submitted: '待司法局确认',
  confirmed: '已确认并公示',
  returned: '已退回',
};

export const actCategoryLabels: Record<ActCategory, string> = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  inspection: '行政检查',
  levy: '行政征收',
  requisition: '行政征用',
  payment: '行政给付',
  confirmation: '行政确认',
  adjudication: '行政裁决',
  reward: '行政奖励',
  other: '其他行政权力',
};

/** 行政处罚法 第九条 kinds of penalty. */
export const penaltyKindLabels: Record<PenaltyKind, string> = {
  warning: '警告、通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  suspend_license: '暂扣许可证件',
  lower_qualification: '降低资质等级',
  revoke_license: '吊销许可证件',
  restrict_activity: '限制开展生产经营活动',
  suspend_production: '责令停产停业',
  order_closure: '责令关闭',
  restrict_practice: '限制从业',
  detention: '行政拘留',
};

export const reviewRuleKindLabels: Record<ReviewRuleKind, string> = {
  act_category: '执法类别',
  penalty_kind: '处罚种类',
  fine_threshold: '罚款数额',
  hearing_held: '经过听证',
  complex: '疑难复杂',
  major_impact: '重大公共利益、社会风险或重大权益',
  general_procedure: '普通程序行政处罚',
};

export const threeListLabels = {
  no_penalty: '不予处罚事项清单',
  lighter_penalty: '从轻处罚事项清单',
  mitigated_penalty: '减轻处罚事项清单',
} as const;

export const avDutyLabels = {
  full_process: '全过程记录',
  key_moments: '关键环节记录',
  optional: '根据需要记录',
} as const;

const serviceGuideLabels: Record<keyof ServiceGuide, string> = {
  acceptingBody: '受理机构',
  approvingBody: '决定机构',
  conditions: '办理条件',
  preferentialPolicies: '优惠政策',
  materials: '申请材料',
  process: '办理流程',
  timeLimit: '办理时限',
  fees: '收费标准',
  supervision: '监督投诉渠道',
  accountability: '责任追究',
  remedy: '救济途径',
  officeHours: '办公时间',
  address: '办公地址',
  phone: '咨询电话',
};

export interface FieldProblem {
  field: string;
  message: string;
}

/** Names of fields whose schema carries no description (the others are named by their schema). */
const unnamedFields: Record<string, string> = {
  legalBases: '法律依据',
  legalBasis: '法律依据',
  penaltyBasis: '处罚依据',
  basis: '依据',
  serviceGuide: '服务指南',
  levels: '裁量阶次',
  description: '说明',
};

type SchemaNode = TSchema & { properties?: Record<string, TSchema>; items?: TSchema; anyOf?: TSchema[]; description?: string };
/** `Type.Union([X, Type.Null()])` → X. */
const unwrap = (s: SchemaNode | undefined): SchemaNode | undefined =>
  s?.anyOf ? (s.anyOf.find((m) => (m as SchemaNode).type !== 'null') as SchemaNode | undefined) : s;
/** `法律法规名称，如《…》` → `法律法规名称`. */
const shortName = (description: string | undefined) => description?.split(/[，（(：:]/)[0]?.trim() || undefined;

/**
 * The Chinese name of a field of an entry, from the TypeBox schema's descriptions, so a new field
 * is named without a table to keep: `legalBases.0.text` → 法律依据第 1 项的条文原文.
 */
export function catalogFieldLabel(kind: CatalogListKind, path: string): string {
  let node: SchemaNode | undefined = dataSchemas[kind];
  let label = '';
  for (const seg of path.split('.')) {
    const parent = unwrap(node);
    if (/^[0-9]+$/.test(seg)) {
      node = parent?.items as SchemaNode | undefined;
      label += `第 ${Number(seg) + 1} 项`;
      continue;
    }
    node = parent?.properties?.[seg] as SchemaNode | undefined;
    const name = shortName(node?.description) ?? shortName(unwrap(node)?.description) ?? unnamedFields[seg] ?? seg;
    label += label ? `的${name}` : name;
  }
  return label;
}

/**
 * R-D02, issue 6 §4: no free-text field of a list entry may hold personal data (an ID number, a
 * mobile or card number, a number recorded for a person); each hit names its field.
 */
export function personalDataProblems<K extends CatalogListKind>(kind: K, data: KindData[K], known?: KnownPersonalData): FieldProblem[] {
  return findPersonalDataInFields(data, known).map((h) => ({
    field: h.field,
    message: `${catalogFieldLabel(kind, h.field)}${h.message}，个人信息不得公示`,
  }));
}

/** Checks a schema cannot express; an empty array when the entry is sound. */
export function dataProblems<K extends CatalogListKind>(kind: K, data: KindData[K], known?: KnownPersonalData): FieldProblem[] {
  const personal = personalDataProblems(kind, data, known);
  switch (kind) {
    case 'discretion_standards':
      return [...personal, ...discretionProblems(data as DiscretionStandardData)];
    case 'review_catalog':
      return [...personal, ...reviewRuleProblems(data as ReviewRuleData)];
    default:
      return personal;
  }
}

function rangeProblem(field: string, min: number | null, max: number | null): FieldProblem[] {
  if ((min === null) !== (max === null)) return [{ field, message: '下限与上限应同时填写或同时为空' }];
  if (min !== null && max !== null && min > max) return [{ field, message: `下限 ${min} 大于上限 ${max}` }];
  return [];
}

const levelOrder = ['轻微', '一般', '较重', '严重'];

/** R-D07: circumstance levels in order, each with a sound range; at least the penalty in words. */
export function discretionProblems(d: DiscretionStandardData): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  let lastOrder = -1;
  d.levels.forEach((l, i) => {
    const at = `levels.${i}`;
    if (seen.has(l.level)) problems.push({ field: `${at}.level`, message: `情节等级“${l.level}”重复` });
    seen.add(l.level);
    const order = levelOrder.indexOf(l.level);
    if (order < lastOrder) problems.push({ field: `${at}.level`, message: '情节等级应按 轻微、一般、较重、严重 的顺序排列' });
    lastOrder = Math.max(lastOrder, order);
    problems.push(...rangeProblem(`${at}.fineMin`, l.fineMin, l.fineMax));
    problems.push(...rangeProblem(`${at}.gainsMultipleMin`, l.gainsMultipleMin, l.gainsMultipleMax));
  });
  return problems;
}

/** R-L02: each rule kind carries exactly the parameters it needs; dates in order. */
export function reviewRuleProblems(r: ReviewRuleData): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (r.effectiveTo && r.effectiveTo < r.effectiveFrom) problems.push({ field: 'effectiveTo', message: '失效日期早于生效日期' });
  const has = {
    actCategories: r.actCategories !== undefined,
    penaltyKinds: r.penaltyKinds !== undefined,
    thresholds:
      (r.naturalPersonThreshold !== undefined && r.naturalPersonThreshold !== null) ||
      (r.organisationThreshold !== undefined && r.organisationThreshold !== null),
  };
  const need = {
    actCategories: r.kind === 'act_category',
    penaltyKinds: r.kind === 'penalty_kind',
    thresholds: r.kind === 'fine_threshold',
  };
  if (need.actCategories !== has.actCategories)
    problems.push({ field: 'actCategories', message: need.actCategories ? '“执法类别”规则须列出执法类别' : '仅“执法类别”规则可填写此项' });
  if (need.penaltyKinds !== has.penaltyKinds)
    problems.push({ field: 'penaltyKinds', message: need.penaltyKinds ? '“处罚种类”规则须列出处罚种类' : '仅“处罚种类”规则可填写此项' });
  if (need.thresholds !== has.thresholds)
    problems.push({
      field: 'organisationThreshold',
      message: need.thresholds ? '“罚款数额”规则须至少填写自然人或组织的金额标准' : '仅“罚款数额”规则可填写金额标准',
    });
  return problems;
}

const yuan = (n: number) => `${n.toLocaleString('zh-CN')}元`;

/** Whether a rule is in force on a legal date (both ends inclusive). */
export function ruleInForce(r: Pick<ReviewRuleData, 'effectiveFrom' | 'effectiveTo'>, onDate: string): boolean {
  return r.effectiveFrom <= onDate && (!r.effectiveTo || onDate <= r.effectiveTo);
}

export interface ReviewMatch {
  ruleCode: string;
  ruleName: string;
  reason: string;
}

/** The reason a rule matches the proposed decision, or null (one rule, one decision). */
function matchRule(r: ReviewRuleData, d: ProposedDecision): string | null {
  switch (r.kind) {
    case 'act_category':
      return r.actCategories?.includes(d.actCategory) ? `执法类别为${actCategoryLabels[d.actCategory]}` : null;
    case 'penalty_kind': {
      const hit = (d.penaltyKinds ?? []).filter((k) => r.penaltyKinds?.includes(k));
      return hit.length ? `拟作出${hit.map((k) => penaltyKindLabels[k]).join('、')}的决定` : null;
    }
    case 'fine_threshold': {
      const fine = d.fineAmount ?? null;
      if (fine === null) return null;
      const person = d.partyType === 'natural_person';
      const threshold = person ? r.naturalPersonThreshold : r.organisationThreshold;
      if (threshold === undefined || threshold === null || fine < threshold) return null;
      return `对${person ? '自然人' : '法人或者其他组织'}拟罚款${yuan(fine)}，达到${yuan(threshold)}的审核标准`;
    }
    case 'hearing_held':
      return d.hearingHeld ? '经过听证程序' : null;
    case 'complex':
      return d.complex ? '案件情况疑难复杂、涉及多个法律关系' : null;
    case 'major_impact': {
      const why = [
        d.majorPublicInterest ? '涉及重大公共利益' : null,
        d.majorSocialRisk ? '可能造成重大社会影响或引发社会风险' : null,
        d.majorRights ? '直接关系当事人或者第三人重大权益' : null,
      ].filter(Boolean);
      return why.length ? why.join('；') : null;
    }
    case 'general_procedure':
      return d.actCategory === 'penalty' && d.procedure === 'general' ? '适用普通程序作出的行政处罚决定' : null;
  }
}

/**
 * R-L02 / 行政处罚法 第五十八条: which rules of the review catalog (in force on `onDate`) require
 * a legal review of the proposed decision, and why. The rules, thresholds included, are data
 * (DESIGN.md invariant 3); a fine counts when it reaches the threshold (“以上” includes the amount).
 */
export function evaluateReview(
  rules: readonly ReviewRuleData[],
  decision: ProposedDecision,
  onDate: string,
): { needsReview: boolean; matches: ReviewMatch[] } {
  const matches: ReviewMatch[] = [];
  for (const r of rules) {
    if (!ruleInForce(r, onDate)) continue;
    const reason = matchRule(r, decision);
    if (reason) matches.push({ ruleCode: r.code, ruleName: r.name, reason: `${reason}（${r.name}）` });
  }
  return { needsReview: matches.length > 0, matches };
}

// ---------------------------------------------------------------------------------------------
// Public content: exactly the fields of disclosure/kinds.ts, nothing else (DESIGN.md invariant 7)

export interface PublicAgency {
  id: string;
  name: string;
  /** the justice bureau: its review catalog and AV list apply to the whole jurisdiction */
  isSupervising: boolean;
}

const basis = (b: ItemData['legalBases']) =>
  b.map((x) => ({ law: x.law, article: x.article, clause: x.clause ?? null, text: x.text ?? null }));

export function publicContent<K extends CatalogListKind>(
  kind: K,
  data: KindData[K],
  agency: PublicAgency,
  entryRevision: number,
): Record<string, unknown> {
  const owner = { agencyId: agency.id, agencyName: agency.name };
  // a list of the justice bureau applies to every agency of its jurisdiction
  const scoped = agency.isSupervising ? { agencyId: null, agencyName: null } : owner;
  switch (kind) {
    case 'items': {
      const d = data as ItemData;
      const guide = d.serviceGuide
        ? Object.fromEntries(
            (Object.keys(serviceGuideLabels) as (keyof ServiceGuide)[])
              .filter((k) => typeof d.serviceGuide?.[k] === 'string' && d.serviceGuide[k] !== '')
              .map((k) => [serviceGuideLabels[k], d.serviceGuide?.[k] as string]),
          )
        : null;
      return {
        code: d.code,
        name: d.name,
        actCategory: d.actCategory,
        actCategoryLabel: actCategoryLabels[d.actCategory],
        ...owner,
        legalBases: basis(d.legalBases),
        duties: d.duties ?? null,
        serviceGuide: guide && Object.keys(guide).length ? guide : null,
        flowchart: (d.flowchart ?? []).map((s) => ({ step: s.step, description: s.description ?? null, timeLimit: s.timeLimit ?? null })),
        version: entryRevision,
      };
    }
    case 'discretion_standards': {
      const d = data as DiscretionStandardData;
      return {
        code: d.code,
        itemCode: d.itemCode ?? null,
        violation: d.violation,
        ...owner,
        legalBasis: basis(d.legalBasis),
        penaltyBasis: basis(d.penaltyBasis),
        levels: d.levels.map((l) => ({
          level: l.level,
          conditions: l.conditions,
          penalty: l.penalty,
          fineMin: l.fineMin,
          fineMax: l.fineMax,
          gainsMultipleMin: l.gainsMultipleMin,
          gainsMultipleMax: l.gainsMultipleMax,
        })),
      };
    }
    case 'three_lists': {
      const d = data as ThreeListData;
      return {
        list: d.list,
        listLabel: threeListLabels[d.list],
        code: d.code,
        violation: d.violation,
        ...owner,
        legalBasis: basis(d.legalBasis),
        conditions: d.conditions,
        measure: d.measure ?? null,
      };
    }
    case 'review_catalog': {
      const d = data as ReviewRuleData;
      return {
        code: d.code,
        name: d.name,
        kind: d.kind,
        kindLabel: reviewRuleKindLabels[d.kind],
        description: d.description,
        ...scoped,
        effectiveFrom: d.effectiveFrom,
        effectiveTo: d.effectiveTo ?? null,
      };
    }
    case 'av_duties': {
      const d = data as AvDutyData;
      return { code: d.code, step: d.step, duty: d.duty, dutyLabel: avDutyLabels[d.duty], ...scoped, basis: d.basis ?? null };
    }
    case 'inspection_items': {
      const d = data as InspectionItemData;
      return {
        code: d.code,
        name: d.name,
        ...owner,
        basis: basis(d.basis),
        target: d.target,
        content: d.content,
        ratio: d.ratio,
        method: d.method,
        frequency: d.frequency,
      };
    }
  }
  throw new Error(`unknown list kind ${kind}`);
}

/** The name shown for an entry in lists and change summaries. */
export function entryLabel(data: { code: string } & Record<string, unknown>): string {
  const name = (data.name ?? data.violation ?? data.step) as string | undefined;
  return name ? `${data.code} ${name}` : data.code;
}

/** Text searched on the portal besides the label: the laws cited. */
export function entrySearchExtra(data: Record<string, unknown>): string {
  const bases = [data.legalBases, data.legalBasis, data.penaltyBasis, data.basis].flatMap((b) =>
    Array.isArray(b) ? (b as { law: string; article: string }[]).map((x) => `${x.law} ${x.article}`) : typeof b === 'string' ? [b] : [],
  );
  return bases.join(' ');
}

/** Chinese names of the fields of catalog entries, internal and public (the bureau's diff, issue 6 §2). */
export const catalogFieldLabels: Record<string, string> = {
  code: '编码',
  name: '名称',
  actCategory: '执法类别',
  actCategoryLabel: '执法类别',
  actCategories: '适用执法类别',
  legalBases: '法律依据',
  legalBasis: '法律依据',
  penaltyBasis: '处罚依据',
  duties: '职责/权限',
  serviceGuide: '服务指南',
  flowchart: '流程图',
  itemCode: '对应事项编码',
  violation: '违法行为',
  levels: '裁量阶次',
  list: '清单',
  listLabel: '清单',
  conditions: '适用条件',
  measure: '措施',
  kind: '类别',
  kindLabel: '类别',
  description: '说明',
  effectiveFrom: '生效日期',
  effectiveTo: '失效日期',
  penaltyKinds: '处罚种类',
  naturalPersonThreshold: '自然人罚款审核金额',
  organisationThreshold: '法人罚款审核金额',
  step: '执法环节',
  duty: '记录要求',
  dutyLabel: '记录要求',
  basis: '依据',
  target: '抽查对象',
  content: '抽查内容',
  ratio: '抽查比例',
  method: '抽查方式',
  frequency: '抽查频次',
  agencyId: '执法主体',
  agencyName: '执法主体',
  version: '条目版本',
};
