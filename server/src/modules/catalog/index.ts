export { catalogRoutes } from './routes';
export { evaluateReview, penaltyKindLabels, reviewRuleKindLabels, ruleInForce } from './rules';
export type {
  AvDutyData,
  DiscretionStandardData,
  InspectionItemData,
  ItemData,
  KindData,
  PenaltyKind,
  ProposedDecision,
  ReviewRuleData,
  ThreeListData,
} from './schema';
export type { Author } from './service';
export { confirmedReviewRules, confirmIn, insertEntry, loadAgency, submitIn, writeEntries } from './service';
export type { CatalogListKind } from './tables';
