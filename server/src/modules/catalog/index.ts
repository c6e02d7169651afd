import { registerAuditLabels } from '../../platform/audit/labels';
import { registerCatalogEntityNamers } from './audit-names';

// the journal actions the catalog writes, named for the audit log (ADR 0007)
registerAuditLabels({
  'catalog.entry.create': '新增清单条目',
  'catalog.entry.update': '修改清单条目',
  'catalog.entry.remove': '删除清单条目（新版本）',
  'catalog.entry.import': '导入清单条目',
  'catalog.list.submit': '提交清单待确认',
  'catalog.list.confirm': '确认清单并公示',
  'catalog.list.return': '退回清单',
  'catalog.template.version': '增加文书模板版本',
});
// and the objects it writes about, named by code (issue 7 §9)
registerCatalogEntityNamers();

export { confirmedAvDuties } from './av-duties';
export { catalogRoutes } from './routes';
export { evaluateReview, penaltyKindLabels, reviewRuleKindLabels, ruleInForce } from './rules';
export type {
  ActCategory,
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
  itemForCase,
  revisionKindInfo as catalogRevisionInfo,
  submitIn,
  writeEntries,
} from './service';
export type { CatalogListKind } from './tables';
export { addTemplateVersion, builtInTemplate, listTemplates, templateInForce, templateVersionBytes } from './templates';
export { renderTemplate } from './templates-compile';
export type { FreeField, InstrumentDef } from './templates-instruments';
export { instrumentByCode, instruments } from './templates-instruments';
