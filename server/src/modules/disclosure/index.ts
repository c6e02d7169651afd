import { registerAuditLabels } from '../../platform/audit/labels';

// the journal actions disclosure writes, named for the audit log (ADR 0007)
registerAuditLabels({
  'disclosure.publish': '公示发布',
});

export type { ListKind } from './kinds';
export { kindLabels, listKinds, publicFieldProblems, publicSchemas } from './kinds';
export { knownPersonalData, type RecordedIdNumbers, registerRecordedIdNumbers } from './known-personal-data';
export type { LegalBasisText } from './open-data';
export { kindOfSlug, kindSlugs, legalBasisCitation } from './open-data';
export type { KnownPersonalData, PersonalDataFieldHit, PersonalDataHit, PersonalDataKind } from './personal-data';
export { findAllPersonalData, findPersonalData, findPersonalDataInFields, personalDataMessages } from './personal-data';
export { assertNoPersonalData, noteLabels } from './personal-data-guard';
export type { KindSummary } from './public-queries';
export { getCurrentByCode, kindSummaries } from './public-queries';
export type { CurrentQuery, PublishedEntry } from './queries';
export { encodeCursor, entriesAtVersion, getCurrent, listCurrent, listVersions } from './queries';
export { openDataRoutes } from './routes';
export { prefixQuery, searchText, searchTokens } from './search';
export type { ChangeSummary, PublicEntry, PublishListInput } from './service';
export { publishConfirmed, publishList } from './service';
