import { type Static, type TObject, Type } from '@sinclair/typebox';
import { Id } from '../../platform/http/schemas';
import { type EntryState, revisionSchemas } from '../../platform/revisions';

/**
 * Request and response shapes of the catalog (issue 3 §3). The body of each list kind is the
 * internal record of one entry; `rules.ts` maps it to the public fields of `disclosure/kinds.ts`.
 */
const strict = { additionalProperties: false } as const;
const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const optText = (maxLength: number, description?: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength, ...(description ? { description } : {}) }), Type.Null()]));
const code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$', description: '编码，字母数字及 _ . -，如 MKT-01' });
const reason = Type.String({ minLength: 2, maxLength: 500, description: '变更理由（记入版本历史）' });

export const LegalBasis = Type.Object(
  {
    law: text(100, '法律法规名称，如《中华人民共和国食品安全法》'),
    article: text(40, '条，如 第一百二十二条'),
    clause: optText(40, '款、项，如 第一款'),
    text: optText(4000, '条文原文'),
  },
  strict,
);
export type LegalBasis = Static<typeof LegalBasis>;
const legalBases = (min: number) => Type.Array(LegalBasis, { minItems: min, maxItems: 20 });

export const actCategories = [
  'licensing',
  'penalty',
  'coercion',
  'inspection',
  'levy',
  'requisition',
  'payment',
  'confirmation',
  'adjudication',
  'reward',
  'other',
] as const;
export type ActCategory = (typeof actCategories)[number];
const ActCategorySchema = Type.Union(actCategories.map((c) => Type.Literal(c)));

/** R-D06 service guide; every field optional, published under its Chinese label. */
export const ServiceGuide = Type.Object(
  {
    acceptingBody: optText(200, '受理机构'),
    approvingBody: optText(200, '决定机构'),
    conditions: optText(4000, '办理条件'),
    preferentialPolicies: optText(2000, '优惠政策'),
    materials: optText(4000, '申请材料'),
    process: optText(4000, '办理流程'),
    timeLimit: optText(200, '办理时限'),
    fees: optText(500, '收费标准'),
    supervision: optText(500, '监督投诉渠道'),
    accountability: optText(1000, '责任追究'),
    remedy: optText(1000, '救济途径'),
    officeHours: optText(200, '办公时间'),
    address: optText(200, '办公地址'),
    phone: optText(40, '咨询电话（机构电话，非个人）'),
  },
  strict,
);
export type ServiceGuide = Static<typeof ServiceGuide>;

export const FlowStep = Type.Object({ step: text(100, '环节'), description: optText(1000), timeLimit: optText(100, '时限') }, strict);

export const ItemData = Type.Object(
  {
    code,
    name: text(200, '事项名称'),
    actCategory: ActCategorySchema,
    legalBases: legalBases(1),
    duties: optText(2000, '职责/权限'),
    serviceGuide: Type.Optional(Type.Union([ServiceGuide, Type.Null()])),
    flowchart: Type.Optional(Type.Array(FlowStep, { maxItems: 50, description: '流程图：按顺序的环节（R-D05）' })),
  },
  strict,
);
export type ItemData = Static<typeof ItemData>;

export const circumstanceLevels = ['轻微', '一般', '较重', '严重'] as const;
const num = (description: string) => Type.Union([Type.Number({ minimum: 0, description }), Type.Null()]);
export const DiscretionLevel = Type.Object(
  {
    level: Type.Union(circumstanceLevels.map((l) => Type.Literal(l))),
    conditions: text(2000, '适用情形'),
    penalty: text(1000, '处罚内容（文字），如 处五万元以上七万元以下罚款'),
    fineMin: num('罚款下限（元）'),
    fineMax: num('罚款上限（元）'),
    gainsMultipleMin: num('违法所得/货值金额倍数下限'),
    gainsMultipleMax: num('违法所得/货值金额倍数上限'),
  },
  strict,
);
export type DiscretionLevel = Static<typeof DiscretionLevel>;

export const DiscretionStandardData = Type.Object(
  {
    code,
    itemCode: Type.Optional(Type.Union([code, Type.Null()])),
    violation: text(500, '违法行为'),
    legalBasis: legalBases(1),
    penaltyBasis: legalBases(1),
    levels: Type.Array(DiscretionLevel, { minItems: 1, maxItems: 8 }),
  },
  strict,
);
export type DiscretionStandardData = Static<typeof DiscretionStandardData>;

export const threeListKinds = ['no_penalty', 'lighter_penalty', 'mitigated_penalty'] as const;
export const ThreeListData = Type.Object(
  {
    code,
    list: Type.Union(threeListKinds.map((k) => Type.Literal(k))),
    violation: text(500, '违法行为'),
    legalBasis: legalBases(1),
    conditions: text(2000, '适用条件'),
    measure: optText(500, '措施，如 责令改正'),
  },
  strict,
);
export type ThreeListData = Static<typeof ThreeListData>;

export const penaltyKinds = [
  'warning',
  'fine',
  'confiscation',
  'suspend_license',
  'lower_qualification',
  'revoke_license',
  'restrict_activity',
  'suspend_production',
  'order_closure',
  'restrict_practice',
  'detention',
] as const;
export type PenaltyKind = (typeof penaltyKinds)[number];
const PenaltyKindSchema = Type.Union(penaltyKinds.map((k) => Type.Literal(k)));

export const reviewRuleKinds = [
  'act_category',
  'penalty_kind',
  'fine_threshold',
  'hearing_held',
  'complex',
  'major_impact',
  'general_procedure',
] as const;
export type ReviewRuleKind = (typeof reviewRuleKinds)[number];
const legalDate = Type.String({ format: 'date', description: '日期 YYYY-MM-DD' });

export const ReviewRuleData = Type.Object(
  {
    code,
    name: text(200, '规则名称'),
    kind: Type.Union(reviewRuleKinds.map((k) => Type.Literal(k))),
    description: text(2000, '说明（公示）'),
    effectiveFrom: legalDate,
    effectiveTo: Type.Optional(Type.Union([legalDate, Type.Null()])),
    actCategories: Type.Optional(Type.Array(ActCategorySchema, { minItems: 1, maxItems: 11, uniqueItems: true })),
    penaltyKinds: Type.Optional(Type.Array(PenaltyKindSchema, { minItems: 1, maxItems: 11, uniqueItems: true })),
    naturalPersonThreshold: Type.Optional(num('对自然人罚款达到此金额（元）须审核')),
    organisationThreshold: Type.Optional(num('对法人或其他组织罚款达到此金额（元）须审核')),
  },
  strict,
);
export type ReviewRuleData = Static<typeof ReviewRuleData>;

export const avDuties = ['full_process', 'key_moments', 'optional'] as const;
export const AvDutyData = Type.Object(
  {
    code,
    step: text(100, '执法环节，如 查封扣押'),
    duty: Type.Union(avDuties.map((d) => Type.Literal(d))),
    basis: optText(1000, '依据'),
  },
  strict,
);
export type AvDutyData = Static<typeof AvDutyData>;

export const InspectionItemData = Type.Object(
  {
    code,
    name: text(200, '抽查事项'),
    basis: legalBases(1),
    target: text(500, '抽查对象'),
    content: text(2000, '抽查内容'),
    ratio: text(200, '抽查比例'),
    method: text(200, '抽查方式'),
    frequency: text(200, '抽查频次'),
  },
  strict,
);
export type InspectionItemData = Static<typeof InspectionItemData>;

export interface KindData {
  items: ItemData;
  discretion_standards: DiscretionStandardData;
  three_lists: ThreeListData;
  review_catalog: ReviewRuleData;
  av_duties: AvDutyData;
  inspection_items: InspectionItemData;
}

export const dataSchemas: { [K in keyof KindData]: TObject } = {
  items: ItemData,
  discretion_standards: DiscretionStandardData,
  three_lists: ThreeListData,
  review_catalog: ReviewRuleData,
  av_duties: AvDutyData,
  inspection_items: InspectionItemData,
};

/** A body that changes an entry: the entry's fields plus why (R-D08: who, when, why). */
export function changeBody(data: TObject) {
  return Type.Object({ ...data.properties, reason }, strict);
}
export const RemoveBody = Type.Object({ reason }, strict);
export const SubmitBody = revisionSchemas.SubmitBody;
export type SubmitBody = revisionSchemas.SubmitBody;
export type ReasonBody = Static<typeof RemoveBody>;

export const ListQuery = Type.Object({ agencyId: Type.Optional(Id()) }, strict);
export const EntryParams = Type.Object({ entryId: Id() }, strict);

const entryState = Type.Union([Type.Literal('published'), Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('returned')], {
  description: 'published 已公示；draft 未提交；submitted 待司法局确认；returned 已退回',
});

export function entryView(data: TObject) {
  return Type.Object(
    {
      id: Type.String(),
      agencyId: Type.String(),
      revision: Type.Integer({ description: '条目版本号' }),
      removed: Type.Boolean(),
      /** whether this exact version is the one the public sees */
      published: Type.Boolean(),
      reason: Type.String(),
      changedBy: Type.String(),
      changedAt: Type.String({ format: 'date-time' }),
      state: entryState,
      stateLabel: Type.String(),
      data,
    },
    strict,
  );
}
export interface EntryView<D = unknown> {
  id: string;
  agencyId: string;
  revision: number;
  removed: boolean;
  published: boolean;
  reason: string;
  changedBy: string;
  changedAt: string;
  state: EntryState;
  stateLabel: string;
  data: D;
}

export function entryList(data: TObject) {
  return Type.Object(
    {
      agencyId: Type.String(),
      openSubmission: Type.Union([revisionSchemas.RevisionView, Type.Null()], { description: '待司法局确认的提交' }),
      openReturn: revisionSchemas.OpenReturnView,
      draftCount: Type.Integer({ description: '未提交的变更条数' }),
      returnedCount: Type.Integer({ description: '已退回、尚未再修改的条数' }),
      items: Type.Array(entryView(data)),
    },
    strict,
  );
}
export function entryHistory(data: TObject) {
  return Type.Object({ items: Type.Array(entryView(data)) }, strict);
}
export const AlertView = Type.Object(
  {
    revisionId: Type.Union([Type.String(), Type.Null()], { description: '待确认的提交（如有）' }),
    listKind: Type.String(),
    listLabel: Type.String(),
    agencyId: Type.String(),
    agencyName: Type.String(),
    status: Type.String(),
    pendingSince: Type.String({ format: 'date', description: '最早一项未公示变更的日期' }),
    deadline: Type.String({ format: 'date', description: '应公示的最后一日（5 个工作日，R-D08）' }),
    workingDaysOverdue: Type.Integer(),
    message: Type.String(),
  },
  strict,
);
export type AlertView = Static<typeof AlertView>;
export const AlertList = Type.Object({ items: Type.Array(AlertView) }, strict);

export const ProposedDecision = Type.Object(
  {
    actCategory: ActCategorySchema,
    partyType: Type.Union([Type.Literal('natural_person'), Type.Literal('organisation')], { description: '当事人类型' }),
    penaltyKinds: Type.Optional(Type.Array(PenaltyKindSchema, { maxItems: 11, uniqueItems: true })),
    fineAmount: Type.Optional(Type.Union([Type.Number({ minimum: 0, description: '拟罚款金额（元）' }), Type.Null()])),
    procedure: Type.Optional(Type.Union([Type.Literal('simple'), Type.Literal('general')], { description: '简易程序/普通程序' })),
    hearingHeld: Type.Optional(Type.Boolean({ description: '已经听证' })),
    complex: Type.Optional(Type.Boolean({ description: '案情疑难复杂、涉及多个法律关系' })),
    majorPublicInterest: Type.Optional(Type.Boolean({ description: '涉及重大公共利益' })),
    majorSocialRisk: Type.Optional(Type.Boolean({ description: '可能造成重大社会影响或引发社会风险' })),
    majorRights: Type.Optional(Type.Boolean({ description: '直接关系当事人或第三人重大权益' })),
  },
  strict,
);
export type ProposedDecision = Static<typeof ProposedDecision>;

export const EvaluateBody = Type.Object(
  {
    agencyId: Type.Optional(Id('作出决定的执法主体；默认为本单位')),
    onDate: Type.Optional(legalDate),
    decision: ProposedDecision,
  },
  strict,
);
export type EvaluateBody = Static<typeof EvaluateBody>;
export const ReviewEvaluation = Type.Object(
  {
    needsReview: Type.Boolean(),
    matches: Type.Array(Type.Object({ ruleCode: Type.String(), ruleName: Type.String(), reason: Type.String() }, strict)),
    onDate: Type.String({ format: 'date' }),
  },
  strict,
);
