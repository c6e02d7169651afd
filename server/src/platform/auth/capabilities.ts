import type { Role } from './roles';
import { businessRoles } from './roles';

/**
 * Which roles may do what, declared once (ADR 0007): route guards (`requireCapability`) and the
 * services' own checks read this table; the web reads what an account may do from its `capabilities`
 * (UserView), so it offers no button the server refuses (issue 7 §9).
 * Whether the record is in the caller's scope is a separate question (platform/scope), answered 404.
 */
export const capabilities = {
  /** read the agency directory and the jurisdiction tree (the system administrator assigns accounts to them) */
  readOrg: [...businessRoles, 'system_admin'],
  /** add a jurisdiction to the tree */
  manageJurisdictions: ['system_admin'],
  /** add an agency (the justice bureau, or the system administrator setting up the platform) */
  createAgency: ['system_admin', 'supervisor'],
  /** change an agency's record and submit it for confirmation */
  editAgency: ['system_admin', 'supervisor', 'agency_head'],
  /** read an agency's lists (officers, catalog, windows) in the workbench */
  readLists: [...businessRoles],
  /** keep one's own agency's lists (issue 3): its head, its disclosure clerk, its reviewers */
  keepOwnLists: ['agency_head', 'disclosure_clerk', 'reviewer'],
  /** edit lists: the keepers, and the justice bureau (its own lists; officers' status in its subtree) */
  editLists: ['agency_head', 'disclosure_clerk', 'reviewer', 'supervisor'],
  /** R-D18: an agency's head and disclosure clerk keep its windows (the bureau's supervisors the bureau's own) */
  editWindows: ['agency_head', 'disclosure_clerk', 'supervisor'],
  /** the justice bureau: confirms or returns submissions, sees its whole subtree */
  supervise: ['supervisor'],
  /** accounts (三员分立) */
  manageAccounts: ['system_admin'],
  managePolicy: ['security_admin'],
  readAccounts: ['system_admin', 'security_admin'],
  /** the audit log: the auditor only, within the auditor's jurisdiction */
  readAudit: ['auditor'],
  /** the counts of refused requests (probing): the security administrator and the auditor */
  readRefusals: ['security_admin', 'auditor'],
  manageCalendar: ['system_admin'],
  /** read cases, the ledger and parties (issue 8): the agency's staff; the justice bureau its subtree, read-only */
  readCases: [...businessRoles],
  /** open a case (案源登记, 申请, 检查): enforcement officers of an agency */
  openCases: ['officer'],
  /** take a case action: who of them may take which one is the procedure's (case officer, head, reviewer) */
  actOnCases: ['officer', 'agency_head', 'reviewer'],
  /** register AV devices and name their custodians (R-C10 谁使用、谁保管、谁负责): the agency head */
  manageDevices: ['agency_head'],
  /** schedule a jurisdiction setting (platform/settings): the jurisdiction's own justice bureau, or the system administrator */
  manageSettings: ['supervisor', 'system_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof capabilities;

export function rolesFor(cap: Capability): readonly Role[] {
  return capabilities[cap];
}

export function can(actor: { roles: readonly Role[] }, cap: Capability): boolean {
  const roles: readonly Role[] = capabilities[cap];
  return actor.roles.some((r) => roles.includes(r));
}
