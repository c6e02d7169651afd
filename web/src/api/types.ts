import type { components } from './openapi.gen';
import type { ApiBody, ApiQuery, ApiReply } from './typed';
/** Types of the HTTP API /api/v1 (contract in the lead's brief; replace with the generated client once /api/openapi.json lands). */

export const roles = [
  'officer',
  'auxiliary',
  'reviewer',
  'legal_adviser',
  'agency_head',
  'disclosure_clerk',
  'supervisor',
  'system_admin',
  'security_admin',
  'auditor',
] as const;

export type Role = (typeof roles)[number];

/** Fallback labels; GET /api/v1/roles is the source of truth. */
export const roleLabels: Record<Role, string> = {
  officer: '执法人员',
  auxiliary: '执法辅助人员',
  reviewer: '法制审核人员',
  legal_adviser: '公职律师/法律顾问',
  agency_head: '机关负责人',
  disclosure_clerk: '公示审核人员',
  supervisor: '执法监督人员',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '安全审计员',
};

export const adminRoleSet: ReadonlySet<string> = new Set<Role>(['system_admin', 'security_admin', 'auditor']);

/** A user account as the server answers it (UserView schema). */
export type UserView = Omit<components['schemas']['UserView'], 'roles'> & { roles: Role[] };

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type LoginBody = ApiBody<'/api/v1/auth/login', 'post'>;

export type LoginResult = Omit<ApiReply<'/api/v1/auth/login', 'post'>, 'user'> & { user: UserView };

export type MeResult = Omit<ApiReply<'/api/v1/auth/me'>, 'user'> & { user: UserView };

export type PasswordPolicy = ApiReply<'/api/v1/auth/password-policy'>;

export type ChangePasswordBody = ApiBody<'/api/v1/auth/password', 'post'>;

export type TotpEnrolment = ApiReply<'/api/v1/auth/totp/enrol', 'post'>;

export interface RoleInfo {
  role: Role;
  label: string;
  admin: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CreateUserBody {
  username: string;
  displayName: string;
  agencyId?: string;
  jurisdictionCode?: string;
  roles?: Role[];
}

export interface CreateUserResult {
  user: UserView;
  temporaryPassword: string;
}

export interface UpdateUserBody {
  displayName?: string;
  agencyId?: string | null;
  status?: UserView['status'];
}

export type SecurityPolicy = ApiReply<'/api/v1/security-policy'>;

export type Jurisdiction = ApiReply<'/api/v1/jurisdictions'>['items'][number];

export type AuditEvent = ApiReply<'/api/v1/audit-events'>['items'][number];

/** Username (`actor`), an action or a prefix ending in ".", Beijing dates YYYY-MM-DD both inclusive. */
export type AuditFilter = Pick<ApiQuery<'/api/v1/audit-events'>, 'actor' | 'action' | 'from' | 'to' | 'includeCheckpoints'>;

export type AuditAction = ApiReply<'/api/v1/audit-events/actions'>[number];

export type AuditStats = ApiReply<'/api/v1/audit-events/stats'>;
