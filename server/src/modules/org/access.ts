import type { Actor, Role } from '../../platform/auth';

/** Roles that keep an agency's own lists (issue 3): its head, its disclosure clerk, its reviewers. */
export const editorRoles: readonly Role[] = ['agency_head', 'disclosure_clerk', 'reviewer', 'supervisor'];

export interface AgencyScope {
  id: string;
  jurisdiction_code: string;
}

/** The justice bureau's staff (supervisor role) of the agency's jurisdiction. */
export function isSupervisorOf(actor: Actor, agency: AgencyScope): boolean {
  return actor.roles.includes('supervisor') && actor.jurisdictionCode !== null && actor.jurisdictionCode === agency.jurisdiction_code;
}

/** An editor of the agency's own lists (the justice bureau's supervisors edit the bureau's own). */
export function isEditorOf(actor: Actor, agency: AgencyScope): boolean {
  return actor.agencyId === agency.id && actor.roles.some((r) => editorRoles.includes(r));
}

/** Whether the agency's officers are in the caller's scope at all (out of scope = 404). */
export function seesAgency(actor: Actor, agency: AgencyScope): boolean {
  return actor.agencyId === agency.id || isSupervisorOf(actor, agency);
}

/** Who reads full ID numbers: the officer's own agency editors and the justice bureau (R-D02). */
export function seesIdNumber(actor: Actor, agency: AgencyScope): boolean {
  return isEditorOf(actor, agency) || isSupervisorOf(actor, agency);
}

/** Who made a change, as the org records show it: the person's name, else the account (the loader, the CLI). */
export const personOf = (by: { name: string; displayName?: string }) => by.displayName ?? by.name;
