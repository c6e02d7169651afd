import type { Role, UserView } from '../api/types';

/** Roles that keep their own agency's lists (issue 3: 负责人, 公示审核, 法制审核). */
export const editorRoles: readonly Role[] = ['agency_head', 'disclosure_clerk', 'reviewer'];
/** Roles that may read the lists in the workbench without changing them. */
export const readerRoles: readonly Role[] = ['officer', 'auxiliary', 'legal_adviser'];

export interface ListAccess {
  /** May open the list pages. */
  canView: boolean;
  /** Edits, imports and submits the lists of their own agency. */
  canEdit: boolean;
  /** The justice bureau (司法局): confirms or returns, sees every agency of its jurisdiction. */
  isBureau: boolean;
}

export function listAccess(user: Pick<UserView, 'roles'> | null | undefined): ListAccess {
  const roles = user?.roles ?? [];
  const canEdit = roles.some((r) => editorRoles.includes(r));
  const isBureau = roles.includes('supervisor');
  const canView = canEdit || isBureau || roles.some((r) => readerRoles.includes(r));
  return { canView, canEdit, isBureau };
}

/**
 * Who keeps an agency's records (server: org/access isEditorOf, platform/auth capabilities editLists):
 * the agency's own keepers; the justice bureau's supervisors keep the bureau's own records only.
 * The one place the web decides whether to offer 编辑/新增/导入 for an agency's records (issue 7 §9:
 * a role is never offered a button the server will refuse).
 */
export const keeperRoles: readonly Role[] = [...editorRoles, 'supervisor'];

export function keepsAgency(user: Pick<UserView, 'roles' | 'agencyId'> | null | undefined, agencyId: string | null | undefined): boolean {
  return !!user && !!agencyId && user.agencyId === agencyId && user.roles.some((r) => keeperRoles.includes(r));
}
