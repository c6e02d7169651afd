/** The one revision-and-approval mechanism (DESIGN.md "Shared mechanisms", issue 6). */
import './audit-names';

export type { MachineState, RevisionAction, RevisionStatus } from './machine';
export { actionsFrom, nextState, revisionStatusLabels, revisionTransitions } from './machine';
export type { ConfirmHandler, RevisionRouteOptions } from './routes';
export { revisionRoutes } from './routes';
export type { EntryState, FieldChange, FrozenItem, ItemState, PublicItem } from './rules';
export { classifyChange, contentOf, entryState, entryStateLabels, fieldDiff } from './rules';
export * as revisionSchemas from './schema';
export type { ConfirmInput, PublishContext, RevisionAuthor, SubmitInput } from './service';
export { confirm, confirmedItems, itemStates, openReturn, openSubmission, returnRevision, revisionIdsOfList, submit } from './service';
export type { RevisionItemTable, RevisionTable, RevisionTables } from './tables';
export type { KindInfo, RevisionKindInfo } from './views';
export { isDecider, openReturnView, revisionView, toRevisionView } from './views';
