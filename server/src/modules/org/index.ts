/** The org module: jurisdictions, agencies, officers, certificates, training (R-D01, R-D02, R-P01..R-P04, R-L06). */

import { registerOrgEntityNamers } from './audit-names';

// the objects org writes about, named in the audit log rather than shown as ids (issue 7 §9)
registerOrgEntityNamers();

export {
  assertEligibleEnforcer,
  changeOfficerStatus,
  insertOfficer,
  insertOfficersBulk,
  insertTraining,
  newOfficerRow,
} from './officers';
export { authorOf, confirmOrgIn, orgConfirmHandler, orgKindInfo, submitAgencyIn, submitOfficersIn } from './revisions';
export { orgRoutes } from './routes';
export type { Eligibility, EnforcerFacts } from './rules';
export { canEnforce, idNumberCheckChar, idNumberProblem, maskIdNumber, orgDefaults, usccCheckChar, usccProblem } from './rules';
export type { AgencyView, CreateServiceWindowBody, JurisdictionView, OfficerView, ServiceWindowView } from './schema';
export {
  insertAgency,
  insertJurisdiction,
  listAgencies,
  listJurisdictions,
  reviseAgency,
} from './service';
export { backfillNameSortKeys } from './sort-keys';
export type { OfficerTable as OfficerTableRow } from './tables';
export { insertWindow, publishWindows } from './windows';
