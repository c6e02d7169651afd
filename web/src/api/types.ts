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

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  agencyId: string | null;
  agencyName: string | null;
  jurisdictionCode: string | null;
  jurisdictionName: string | null;
  roles: Role[];
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  totpEnabled: boolean;
  mustEnrolTotp: boolean;
  /** ISO timestamp. */
  lockedUntil: string | null;
  createdAt: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface LoginBody {
  username: string;
  password: string;
  totp?: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: UserView;
}

export interface MeResult {
  user: UserView;
  csrfToken: string;
}

export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
  text: string;
}

export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

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

export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  requireTotpForAdmins: boolean;
}

export interface Jurisdiction {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorName: string;
  action: string;
  actionLabel: string;
  entityType: string;
  entityId: string | null;
  entityLabel: string | null;
  clientIp: string | null;
  payload: Record<string, unknown>;
}

export interface AuditFilter {
  /** Username. */
  actor?: string;
  /** An action, or a prefix ending in "." (e.g. `auth.`). */
  action?: string;
  /** Beijing dates, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
}

export interface AuditAction {
  action: string;
  label: string;
}

export interface AuditStats {
  days: { date: string; count: number }[];
}
