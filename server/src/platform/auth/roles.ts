/**
 * Roles (GLOSSARY.md) plus the three separated administrator roles (三员分立, 等保 level 3):
 * the system administrator manages accounts and cannot read audit logs; the security
 * administrator manages roles and policies; the auditor reads audit logs and changes nothing.
 */
export const businessRoles = [
  'officer',
  'auxiliary',
  'reviewer',
  'legal_adviser',
  'agency_head',
  'disclosure_clerk',
  'supervisor',
] as const;

export const adminRoles = ['system_admin', 'security_admin', 'auditor'] as const;

export const allRoles = [...businessRoles, ...adminRoles] as const;

export type Role = (typeof allRoles)[number];
export type AdminRole = (typeof adminRoles)[number];

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

export function isRole(value: string): value is Role {
  return (allRoles as readonly string[]).includes(value);
}

export function isAdminRole(role: Role): role is AdminRole {
  return (adminRoles as readonly string[]).includes(role);
}
