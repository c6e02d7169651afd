import { type Static, Type } from '@sinclair/typebox';
import type { SecurityPolicy } from './policy';
import type { AccountRow, NamedAccountRow } from './repo';
import { allRoles, isAdminRole } from './roles';

export const RoleSchema = Type.Union(allRoles.map((r) => Type.Literal(r)));

export const UserView = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    agencyId: Type.Union([Type.String(), Type.Null()]),
    agencyName: Type.Union([Type.String(), Type.Null()]),
    jurisdictionCode: Type.Union([Type.String(), Type.Null()]),
    jurisdictionName: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(RoleSchema),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    mustChangePassword: Type.Boolean(),
    totpEnabled: Type.Boolean(),
    mustEnrolTotp: Type.Boolean(),
    lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'UserView', additionalProperties: false },
);
export type UserView = Static<typeof UserView>;

export function mustEnrolTotp(row: Pick<AccountRow, 'roles' | 'totp_enabled'>, policy: SecurityPolicy): boolean {
  return policy.requireTotpForAdmins && !row.totp_enabled && row.roles.some(isAdminRole);
}

export function toUserView(row: NamedAccountRow, policy: SecurityPolicy, lockedUntil?: Date): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    jurisdictionCode: row.jurisdiction_code,
    jurisdictionName: row.jurisdiction_name,
    roles: row.roles,
    status: row.status,
    mustChangePassword: row.must_change_password,
    totpEnabled: row.totp_enabled,
    mustEnrolTotp: mustEnrolTotp(row, policy),
    lockedUntil: lockedUntil ? lockedUntil.toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
