import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * The one scope model (DESIGN.md invariant 6, ADR 0007). What a caller may see:
 * - a platform-wide account (no jurisdiction): everything;
 * - the justice bureau's staff (supervisor) and the administrators of a jurisdiction: the
 *   jurisdiction and every jurisdiction below it in the tree (`parent_code`);
 * - everyone else: their own agency.
 * Outside the scope a record does not exist for the caller: 404, never 403 (STYLE.md §10).
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'subtree'; root: string }
  | { kind: 'agency'; agencyId: string; root: string }
  | { kind: 'none' };

/** The parts of an account the scope depends on (structural: platform/auth's Actor fits). */
export interface ScopeSubject {
  roles: readonly string[];
  agencyId: string | null;
  jurisdictionCode: string | null;
}

/** Roles whose scope is their jurisdiction's subtree: the justice bureau and the three administrators. */
export const subtreeRoles: readonly string[] = ['supervisor', 'system_admin', 'security_admin', 'auditor'];

export function scopeOf(s: ScopeSubject): Scope {
  if (s.jurisdictionCode === null) return s.agencyId ? { kind: 'none' } : { kind: 'all' };
  if (s.roles.some((r) => subtreeRoles.includes(r))) return { kind: 'subtree', root: s.jurisdictionCode };
  if (s.agencyId) return { kind: 'agency', agencyId: s.agencyId, root: s.jurisdictionCode };
  return { kind: 'none' };
}

/** Whether the scope reaches beyond one agency (the bureau reads every agency of its subtree). */
export const isWide = (scope: Scope) => scope.kind === 'all' || scope.kind === 'subtree';

/** The codes of a jurisdiction and everything below it, as a subquery over the tree. */
export function subtreeOf(root: string) {
  return sql`(with recursive sub(code) as (select code from jurisdiction where code = ${root} union all select j.code from jurisdiction j join sub on j.parent_code = sub.code) select code from sub)`;
}

/** Column names (optionally qualified, e.g. `agency.jurisdiction_code`) that place a row in the tree. */
export interface ScopeColumns {
  /** the row's agency id; rows without one (accounts of a jurisdiction, journal entries) leave it out */
  agency?: string;
  jurisdiction: string;
}

/**
 * The where-clause of every list and detail query: `q.where(inScope(scopeOf(actor), { agency: 'agency.id', jurisdiction: 'agency.jurisdiction_code' }))`.
 * A detail query that finds nothing answers 404, so a record outside the scope is indistinguishable from a missing one.
 */
export function inScope(scope: Scope, cols: ScopeColumns): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'none':
      return sql<SqlBool>`false`;
    case 'subtree':
      return sql<SqlBool>`${sql.ref(cols.jurisdiction)} in ${subtreeOf(scope.root)}`;
    case 'agency':
      return cols.agency ? sql<SqlBool>`${sql.ref(cols.agency)} = ${scope.agencyId}` : sql<SqlBool>`false`;
  }
}
