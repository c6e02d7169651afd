import { type Static, Type } from '@sinclair/typebox';
import { type Capability, capabilities } from './capabilities';
import type { SecurityPolicy } from './policy';
import type { AccountRow, NamedAccountRow } from './repo';
import { allRoles, isAdminRole } from './roles';

export const RoleSchema = Type.Union(allRoles.map((r) => Type.Literal(r)));

const capabilityNames = Object.keys(capabilities) as Capability[];
const CapabilitySchema = Type.Union(capabilityNames.map((c) => Type.Literal(c)));

/** What the account's roles allow, from the one declaration (capabilities.ts): the web offers only these. */
export function capabilitiesOf(roles: readonly string[]): Capability[] {
  return capabilityNames.filter((c) => (capabilities[c] as readonly string[]).some((r) => roles.includes(r)));
}

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
    /** what these roles may do (the web hides what the server would refuse, issue 7 §9); scope is the server's */
    capabilities: Type.Array(CapabilitySchema),
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
    capabilities: capabilitiesOf(row.roles),
    status: row.status,
    mustChangePassword: row.must_change_password,
    totpEnabled: row.totp_enabled,
    mustEnrolTotp: mustEnrolTotp(row, policy),
    lockedUntil: lockedUntil ? lockedUntil.toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
