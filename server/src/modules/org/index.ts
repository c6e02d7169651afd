/** The org module: jurisdictions, agencies, officers, certificates, training (R-D01, R-D02, R-P01..R-P04, R-L06). */

import { registerAuditLabels } from '../../platform/audit/labels';
import { registerAgencyDirectory } from '../../platform/auth';
import { registerRecordedIdNumbers } from '../disclosure';
import { registerOrgEntityNamers } from './audit-names';
import { recordedIdNumbers } from './officers';
import { agenciesNamed, agencyNames, findAgency } from './service';

// accounts carry plain agency ids (ADR 0001); what they need to know of agencies they ask here (ADR 0007)
registerAgencyDirectory({ find: findAgency, names: agencyNames, search: agenciesNamed });
// disclosure's personal-data check knows the ID numbers org records
registerRecordedIdNumbers(recordedIdNumbers);

// the journal actions org writes, named for the audit log (ADR 0007)
registerAuditLabels({
  'agency.create': '新增执法主体',
  'agency.update': '修改执法主体',
  'agency.confirm': '确认执法主体',
  'officer.create': '新增执法人员',
  'officer.create_many': '批量新增执法人员',
  'officer.update': '修改执法人员',
  'officer.status': '变更证件状态',
  'officer.annual_review': '登记年审结果',
  'officer.training': '登记培训',
  'officer.import': '导入执法人员',
  'officer.training_import': '导入培训记录',
  'officer.transfer': '调动执法人员',
  'service_window.create': '新增窗口公示牌',
  'service_window.update': '修改窗口公示牌',
  'service_window.retire': '撤除窗口公示牌',
  'officer_list.confirm': '确认执法人员清单',
  'officer_list.return': '退回人员变更',
  'agency.return': '退回执法主体变更',
});
// and the objects it writes about, named rather than shown as ids (issue 7 §9)
registerOrgEntityNamers();

export {
  assertEligibleEnforcer,
  type CaseOfficerFacts,
  changeOfficerStatus,
  insertOfficer,
  insertOfficersBulk,
  insertTraining,
  newOfficerRow,
  officerOfUser,
  officersForCases,
} from './officers';
export { authorOf, confirmOrgIn, orgConfirmHandler, orgKindInfo, submitAgencyIn, submitOfficersIn } from './revisions';
export { orgRoutes } from './routes';
export type { Eligibility, EnforcerFacts } from './rules';
export { canEnforce, idNumberCheckChar, idNumberProblem, maskIdNumber, orgDefaults, usccCheckChar, usccProblem } from './rules';
export type { AgencyView, CreateServiceWindowBody, JurisdictionView, OfficerView, ServiceWindowView } from './schema';
export {
  type AgencyRef,
  agencyColumns,
  agencyForCases,
  agencyInScope,
  agencyNames,
  agencyRefsInScope,
  bureausOf,
  findAgency,
  findAgencyInScope,
  insertAgency,
  insertJurisdiction,
  listAgencies,
  reviseAgency,
} from './service';
export { backfillNameSortKeys } from './sort-keys';
export type { OfficerTable as OfficerTableRow } from './tables';
export { insertWindow, publishWindows } from './windows';
