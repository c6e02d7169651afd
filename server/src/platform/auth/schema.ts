import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../http/schemas';
import { RoleSchema, UserView } from './views';

const strict = { additionalProperties: false } as const;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: '用户名' }),
    password: Type.String({ minLength: 1, maxLength: 256, description: '密码' }),
    totp: Type.Optional(Type.String({ maxLength: 16, description: '动态验证码（启用双因素认证时必填）' })),
  },
  strict,
);
export type LoginBody = Static<typeof LoginBody>;

export const LoginReply = Type.Object({ token: Type.String(), csrfToken: Type.String(), user: UserView }, strict);
export const MeReply = Type.Object({ user: UserView, csrfToken: Type.String() }, strict);
export const PasswordPolicyReply = Type.Object({ minLength: Type.Integer(), minClasses: Type.Integer(), text: Type.String() }, strict);

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  strict,
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const TotpEnrolReply = Type.Object({ secret: Type.String(), otpauthUri: Type.String() }, strict);
export const TotpCodeBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$', description: '6 位动态验证码' }) }, strict);
export type TotpCodeBody = Static<typeof TotpCodeBody>;

export const UserIdParams = Type.Object({ id: Id() }, strict);
export type UserIdParams = Static<typeof UserIdParams>;

export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  strict,
);
export type UserListQuery = Static<typeof UserListQuery>;
export const UserList = Type.Object({ items: Type.Array(UserView), nextCursor: Type.Union([Type.String(), Type.Null()]) }, strict);

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,31}$', description: '用户名：小写字母开头，3–32 位小写字母、数字、_ . -' }),
    displayName: Type.String({ minLength: 1, maxLength: 64, description: '姓名' }),
    agencyId: Type.Optional(Type.Union([Id(), Type.Null()])),
    jurisdictionCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{6}$' }), Type.Null()])),
    roles: Type.Optional(Type.Array(RoleSchema, { maxItems: 10 })),
  },
  strict,
);
export type CreateUserBody = Static<typeof CreateUserBody>;
export const CreateUserReply = Type.Object({ user: UserView, temporaryPassword: Type.String() }, strict);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    agencyId: Type.Optional(Type.Union([Id(), Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { ...strict, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;
export const UserReply = Type.Object({ user: UserView }, strict);
export const TemporaryPasswordReply = Type.Object({ temporaryPassword: Type.String() }, strict);

export const SetRolesBody = Type.Object({ roles: Type.Array(RoleSchema, { maxItems: 10 }) }, strict);
export type SetRolesBody = Static<typeof SetRolesBody>;

export const RoleList = Type.Array(Type.Object({ role: RoleSchema, label: Type.String(), admin: Type.Boolean() }, strict));

export const SecurityPolicyBody = Type.Object(
  {
    passwordMinLength: Type.Integer({ minimum: 8, maximum: 64, description: '密码最小长度' }),
    passwordMinClasses: Type.Integer({ minimum: 1, maximum: 4, description: '至少包含的字符类别数' }),
    lockoutThreshold: Type.Integer({ minimum: 3, maximum: 20, description: '连续错误几次锁定' }),
    lockoutMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: '锁定分钟数' }),
    sessionIdleMinutes: Type.Integer({ minimum: 5, maximum: 240, description: '无操作超时（分钟）' }),
    sessionAbsoluteHours: Type.Integer({ minimum: 1, maximum: 72, description: '会话最长有效期（小时）' }),
    requireTotpForAdmins: Type.Boolean({ description: '三类管理员须启用双因素认证' }),
  },
  strict,
);
export type SecurityPolicyBody = Static<typeof SecurityPolicyBody>;
