import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isStale } from './client';
import { revisionsKey } from './revisions';
import type { ApiBody, ApiReply } from './typed';

/** The six catalog lists (issue 3 §3); ids are disclosure's list kinds. */
export type CatalogKind = 'items' | 'discretion_standards' | 'three_lists' | 'review_catalog' | 'av_duties' | 'inspection_items';

/** URL segment of each kind under /api/v1/catalog. */
export const kindPaths: Record<CatalogKind, string> = {
  items: 'items',
  discretion_standards: 'discretion-standards',
  three_lists: 'three-lists',
  review_catalog: 'review-catalog',
  av_duties: 'av-duties',
  inspection_items: 'inspection-items',
};

export const kindLabels: Record<CatalogKind, string> = {
  items: '执法事项',
  discretion_standards: '裁量基准',
  three_lists: '三张清单',
  review_catalog: '法制审核目录',
  av_duties: '音像记录事项',
  inspection_items: '随机抽查事项',
};

export type LegalBasis = ItemData['legalBases'][number];

export const actCategoryLabels: Record<string, string> = {
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

/** R-D06 service-guide fields with their Chinese labels, in the order a guide shows them. */
export const serviceGuideFields = [
  ['acceptingBody', '受理机构'],
  ['approvingBody', '决定机构'],
  ['conditions', '办理条件'],
  ['preferentialPolicies', '优惠政策'],
  ['materials', '申请材料'],
  ['process', '办理流程'],
  ['timeLimit', '办理时限'],
  ['fees', '收费标准'],
  ['supervision', '监督投诉渠道'],
  ['accountability', '责任追究'],
  ['remedy', '救济途径'],
  ['officeHours', '办公时间'],
  ['address', '办公地址'],
  ['phone', '咨询电话'],
] as const;
export type ServiceGuideKey = (typeof serviceGuideFields)[number][0];
export type ServiceGuide = Partial<Record<ServiceGuideKey, string | null>>;

export type FlowStep = NonNullable<ItemData['flowchart']>[number];

/** An enforcement item as the server validates it (the POST body without `reason`). */
export type ItemData = Omit<ApiBody<'/api/v1/catalog/items', 'post'>, 'reason'>;

export const circumstanceLevels = ['轻微', '一般', '较重', '严重'] as const;

export type DiscretionLevel = DiscretionStandardData['levels'][number];

export type DiscretionStandardData = Omit<ApiBody<'/api/v1/catalog/discretion-standards', 'post'>, 'reason'>;

export const threeListLabels: Record<string, string> = {
  no_penalty: '不予处罚',
  lighter_penalty: '从轻处罚',
  mitigated_penalty: '减轻处罚',
};

export type ThreeListData = Omit<ApiBody<'/api/v1/catalog/three-lists', 'post'>, 'reason'>;

export const penaltyKindLabels: Record<string, string> = {
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

export const reviewRuleKindLabels: Record<string, string> = {
  act_category: '执法类别',
  penalty_kind: '处罚种类',
  fine_threshold: '罚款数额',
  hearing_held: '经过听证',
  complex: '案情疑难复杂',
  major_impact: '重大公共利益/社会风险/重大权益',
  general_procedure: '普通程序处罚',
};

export type ReviewRuleData = Omit<ApiBody<'/api/v1/catalog/review-catalog', 'post'>, 'reason'>;

export const avDutyLabels: Record<string, string> = {
  full_process: '全过程记录',
  key_moments: '关键环节记录',
  optional: '根据需要记录',
};

export type AvDutyData = Omit<ApiBody<'/api/v1/catalog/av-duties', 'post'>, 'reason'>;

export type InspectionItemData = Omit<ApiBody<'/api/v1/catalog/inspection-items', 'post'>, 'reason'>;

export interface KindData {
  items: ItemData;
  discretion_standards: DiscretionStandardData;
  three_lists: ThreeListData;
  review_catalog: ReviewRuleData;
  av_duties: AvDutyData;
  inspection_items: InspectionItemData;
}

/** Where an entry stands in the approval flow: published 已公示, draft 未提交, submitted 待确认, returned 已退回. */
export type EntryState = 'published' | 'draft' | 'submitted' | 'returned';

export interface EntryView<D> {
  id: string;
  agencyId: string;
  /** The entry's version: sent back as If-Match when it is edited or removed. */
  revision: number;
  removed: boolean;
  /** This exact version is what the public sees. */
  published: boolean;
  reason: string;
  changedBy: string;
  changedAt: string;
  state: EntryState;
  stateLabel: string;
  data: D;
}

/** The list as the server answers it, apart from the entries: its waiting submission, open return and counts. */
type ListMeta = Omit<ApiReply<'/api/v1/catalog/items'>, 'items'>;

export interface EntryList<D> extends ListMeta {
  items: EntryView<D>[];
}

/** A list change not published within the limit (R-D08); `revisionId` is the waiting submission, if any. */
export type CatalogAlert = ApiReply<'/api/v1/catalog/alerts'>['items'][number];

export interface ProposedDecision {
  actCategory: string;
  partyType: 'natural_person' | 'organisation';
  penaltyKinds?: string[];
  fineAmount?: number | null;
  procedure?: 'simple' | 'general';
  hearingHeld?: boolean;
  complex?: boolean;
  majorPublicInterest?: boolean;
  majorSocialRisk?: boolean;
  majorRights?: boolean;
}

export interface ReviewEvaluation {
  needsReview: boolean;
  matches: { ruleCode: string; ruleName: string; reason: string }[];
  onDate: string;
}

const catalogKey = ['catalog'] as const;
const base = (kind: CatalogKind) => `/catalog/${kindPaths[kind]}`;

export const catalogPaths = {
  list: base,
  entry: (kind: CatalogKind, id: string) => `${base(kind)}/${encodeURIComponent(id)}`,
  history: (kind: CatalogKind, id: string) => `${base(kind)}/${encodeURIComponent(id)}/history`,
  submit: (kind: CatalogKind) => `${base(kind)}/submit`,
  template: (kind: CatalogKind) => `${base(kind)}/template`,
  import: (kind: CatalogKind) => `${base(kind)}/import`,
  export: (kind: CatalogKind) => `${base(kind)}/export`,
  alerts: '/catalog/alerts',
  evaluate: '/catalog/review-catalog/evaluate',
};

export const catalogQueryKey = (kind: CatalogKind) => [...catalogKey, kind] as const;

/** The working state of one agency's list (the caller's own unless `agencyId` is given). */
export function useEntries<K extends CatalogKind>(kind: K, agencyId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...catalogQueryKey(kind), { agencyId }],
    queryFn: ({ signal }) => api.get<EntryList<KindData[K]>>(catalogPaths.list(kind), { agencyId }, signal),
    enabled,
  });
}

export function useEntryHistory<K extends CatalogKind>(kind: K, id: string | null) {
  return useQuery({
    queryKey: [...catalogQueryKey(kind), 'history', id],
    queryFn: ({ signal }) => api.get<{ items: EntryView<KindData[K]>[] }>(catalogPaths.history(kind, id ?? ''), undefined, signal),
    select: (data) => [...data.items].sort((a, b) => b.revision - a.revision),
    enabled: id !== null,
  });
}

function useCatalogMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: catalogKey }), queryClient.invalidateQueries({ queryKey: revisionsKey })]);
  return useMutation({
    mutationFn: fn,
    onSuccess: refresh,
    // changed by someone else meanwhile (412): load their change
    onError: (error) => (isStale(error) ? refresh() : undefined),
  });
}

export type ChangeBody<K extends CatalogKind> = KindData[K] & { reason: string };

/** Adds an entry (id null) or saves a new version of the one loaded at `version` (If-Match). */
export function useSaveEntry<K extends CatalogKind>(kind: K) {
  return useCatalogMutation(({ id, version, body }: { id: string | null; version?: number; body: ChangeBody<K> }) =>
    id === null
      ? api.post<EntryView<KindData[K]>>(catalogPaths.list(kind), body)
      : api.put<EntryView<KindData[K]>>(catalogPaths.entry(kind, id), body, { ifMatch: version }),
  );
}

export function useRemoveEntry(kind: CatalogKind) {
  return useCatalogMutation(({ id, version, reason }: { id: string; version: number; reason: string }) =>
    api.delete<unknown>(catalogPaths.entry(kind, id), { reason }, { ifMatch: version }),
  );
}

export function useCatalogAlerts(enabled = true) {
  return useQuery({
    queryKey: [...catalogKey, 'alerts'],
    queryFn: ({ signal }) => api.get<{ items: CatalogAlert[] }>(catalogPaths.alerts, undefined, signal),
    select: (data) => data.items,
    enabled,
  });
}

export function useEvaluateReview() {
  return useMutation({
    mutationFn: (body: { agencyId?: string; onDate?: string; decision: ProposedDecision }) =>
      api.post<ReviewEvaluation>(catalogPaths.evaluate, body),
  });
}
