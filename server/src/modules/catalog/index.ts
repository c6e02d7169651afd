import { registerCatalogEntityNamers } from './audit-names';

// the objects the catalog writes about, named by code in the audit log (issue 7 §9)
registerCatalogEntityNamers();

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
export {
  catalogConfirmHandler,
  confirmedReviewRules,
  confirmIn,
  insertEntry,
  loadAgency,
  revisionKindInfo as catalogRevisionInfo,
  submitIn,
  writeEntries,
} from './service';
export type { CatalogListKind } from './tables';
