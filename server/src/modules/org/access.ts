import { type Actor, can } from '../../platform/auth';

export interface AgencyScope {
  id: string;
  jurisdiction_code: string;
}

/**
 * The justice bureau that acts on the agency's records (confirms, returns, submits for it, changes
 * certificate status, transfers officers): the bureau of the agency's own jurisdiction. Who merely
 * sees the agency is the scope's question (platform/scope, ADR 0007): a bureau higher up the tree
 * reads the agency's records but does not act on them (in scope, so 403, not 404).
 */
export function isSupervisorOf(actor: Actor, agency: AgencyScope): boolean {
  return actor.roles.includes('supervisor') && actor.jurisdictionCode !== null && actor.jurisdictionCode === agency.jurisdiction_code;
}

/** An editor of the agency's own lists (the justice bureau's supervisors edit the bureau's own). */
export function isEditorOf(actor: Actor, agency: AgencyScope): boolean {
  return actor.agencyId === agency.id && can(actor, 'editLists');
}

/** Who reads full ID numbers: the officer's own agency editors and the justice bureau (R-D02). */
export function seesIdNumber(actor: Actor, agency: AgencyScope): boolean {
  return isEditorOf(actor, agency) || isSupervisorOf(actor, agency);
}

/** Who made a change, as the org records show it: the person's name, else the account (the loader, the CLI). */
export const personOf = (by: { name: string; displayName?: string }) => by.displayName ?? by.name;
