import type { UserView } from '../api/types';

/**
 * What the signed-in account may do, as the server declares it once (platform/auth/capabilities.ts,
 * sent with the account as `capabilities`): the web offers only what the server will accept
 * (issue 7 §9). Whether a record is the caller's (own agency, own jurisdiction) is decided here by
 * the record's ids; the server answers 404 outside the scope anyway.
 */
export type Capability = UserView['capabilities'][number];

type Account = Pick<UserView, 'capabilities' | 'agencyId' | 'jurisdictionCode'>;

export function can(user: Pick<UserView, 'capabilities'> | null | undefined, cap: Capability): boolean {
  return !!user?.capabilities.includes(cap);
}

export interface ListAccess {
  /** May open the list pages. */
  canView: boolean;
  /** Edits, imports and submits the lists of their own agency. */
  canEdit: boolean;
  /** The justice bureau (司法局): confirms or returns, sees every agency of its jurisdiction. */
  isBureau: boolean;
}

export function listAccess(user: Pick<UserView, 'capabilities'> | null | undefined): ListAccess {
  return { canView: can(user, 'readLists'), canEdit: can(user, 'keepOwnLists'), isBureau: can(user, 'supervise') };
}

/**
 * Who keeps an agency's records (server: org/access isEditorOf): the agency's own keepers; the
 * justice bureau's supervisors keep the bureau's own records only. The one place the web decides
 * whether to offer 编辑/新增/导入 for an agency's records.
 */
export function keepsAgency(user: Account | null | undefined, agencyId: string | null | undefined): boolean {
  return !!user && !!agencyId && user.agencyId === agencyId && can(user, 'editLists');
}

/** R-D18: an agency's windows are kept by its head and disclosure clerk (the bureau's supervisors the bureau's own). */
export function keepsWindowsOf(user: Account | null | undefined, agencyId: string | null | undefined): boolean {
  return !!user && !!agencyId && user.agencyId === agencyId && can(user, 'editWindows');
}

/**
 * As the server decides (org updateAgency): a platform administrator (no agency), the bureau of the
 * agency's own jurisdiction (not a bureau higher up the tree), the agency's own head.
 */
export function editsAgency(user: Account | null | undefined, agency: { id: string; jurisdictionCode: string }): boolean {
  if (!user || !can(user, 'editAgency')) return false;
  if (user.agencyId === null || user.agencyId === agency.id) return true;
  return can(user, 'supervise') && agency.jurisdictionCode === user.jurisdictionCode;
}
