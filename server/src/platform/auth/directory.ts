import type { AnyDb } from '../db/tables';

/**
 * What accounts need to know of agencies, which belong to the org module (ADR 0001: accounts carry
 * plain ids; ADR 0007: no part queries another's tables). The org module registers its answer
 * when it is loaded (modules/org/index.ts); platform/ never imports a module.
 */
export interface AgencyDirectory {
  /** one agency with its jurisdiction, or undefined when there is none */
  find(db: AnyDb, id: string): Promise<{ id: string; name: string; jurisdictionCode: string } | undefined>;
  /** names of the given agencies */
  names(db: AnyDb, ids: readonly string[]): Promise<Map<string, string>>;
  /** ids of agencies whose name contains the text (the account search) */
  search(db: AnyDb, text: string): Promise<string[]>;
}

let registered: AgencyDirectory | undefined;

export function registerAgencyDirectory(directory: AgencyDirectory): void {
  registered = directory;
}

export function agencyDirectory(): AgencyDirectory {
  if (!registered) throw new Error('agency directory not registered: import modules/org before creating accounts with an agency');
  return registered;
}
