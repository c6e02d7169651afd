import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteOptions } from '../context';
import { own } from '../db/tables';
import { errorResponse } from '../http/api-contract';
import { errorResponses } from '../http/schemas';
import {
  createUser,
  defaultSecurityPolicy,
  listUsers,
  loadPolicy,
  resetPassword,
  setRoles,
  unlockUser,
  updatePolicy,
  updateUser,
} from './accounts';
import { actorOf, requireCapability } from './guard';
import { allRoles, isAdminRole, roleLabels } from './roles';
import * as s from './schema';
import { changePassword, confirmTotp, disableTotp, enrolTotp, login, logout, me, passwordPolicyView } from './service';
import { sessionCookie } from './session';
import type { AuthStore } from './tables';

const tags = ['认证与账户'];
const totpConflict = errorResponse('双因素认证的状态不允许此操作（如已启用、尚未开始绑定）');

function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

/** Routes without a session: login and the password policy text. */
export const authPublicRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.post(
    '/login',
    {
      schema: {
        tags,
        operationId: 'login',
        summary: '登录',
        description:
          '用用户名和密码登录（已绑定身份验证器的账户还须动态验证码），返回会话令牌并设置会话 Cookie。无需登录；用户名、密码或验证码错误 401，账户停用 403，连续失败被锁定 423，过于频繁 429。',
        security: [],
        body: s.LoginBody,
        response: {
          200: s.LoginReply,
          401: errorResponse('用户名、密码或动态验证码不正确，或须输入动态验证码'),
          403: errorResponse('账户已停用'),
          423: errorResponse('连续登录失败，账户已被锁定（details.lockedUntil 为解锁时间）'),
          ...errorResponses,
        },
      },
      config: { rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = request.body as s.LoginBody;
      const result = await login(ctx, { ...body, clientIp: request.ip });
      setSessionCookie(reply, result.token, request.protocol === 'https');
      return result;
    },
  );
  app.get(
    '/password-policy',
    {
      schema: {
        tags,
        operationId: 'getPasswordPolicy',
        summary: '密码策略说明',
        description: '当前的密码复杂度与有效期要求，供登录页和修改密码页说明。无需登录。',
        security: [],
        response: { 200: s.PasswordPolicyReply },
      },
    },
    () => passwordPolicyView(ctx),
  );
};

/** The signed-in user's own session and credentials. */
export const authRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/me',
    {
      schema: {
        tags,
        operationId: 'getCurrentUser',
        summary: '当前用户',
        description: '当前登录用户的账户、角色、所属机关，以及写操作须带的 CSRF 令牌。任何已登录用户可调用。',
        response: { 200: s.MeReply, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const session = await own<AuthStore>(ctx.db)
        .selectFrom('user_session')
        .select('csrf_token')
        .where('id', '=', actor.sessionId)
        .executeTakeFirstOrThrow();
      return { user: await me(ctx, actor), csrfToken: session.csrf_token };
    },
  );
  app.post(
    '/logout',
    {
      schema: {
        tags,
        operationId: 'logout',
        summary: '退出登录',
        description: '结束当前会话并清除会话 Cookie。任何已登录用户可调用。',
        response: { 204: { type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await logout(ctx, actorOf(request));
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send();
    },
  );
  app.post(
    '/password',
    {
      schema: {
        tags,
        operationId: 'changePassword',
        summary: '修改密码',
        description: '用当前密码验证后设置新密码。任何已登录用户可调用（初始密码须先修改）；当前密码不正确 400，新密码不符合密码策略 422。',
        body: s.ChangePasswordBody,
        response: { 204: { type: 'null' }, 422: errorResponse('新密码不符合密码策略（details.reasons 列出原因）'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as s.ChangePasswordBody;
      await changePassword(ctx, actorOf(request), body.currentPassword, body.newPassword);
      return reply.code(204).send();
    },
  );
  app.post(
    '/totp/enrol',
    {
      schema: {
        tags,
        operationId: 'startTotpEnrolment',
        summary: '开始绑定身份验证器（TOTP）',
        description: '生成身份验证器的密钥和二维码地址，待确认后生效。任何已登录用户可调用；已启用双因素认证时 409。',
        response: { 200: s.TotpEnrolReply, 409: totpConflict, ...errorResponses },
      },
    },
    (request) => enrolTotp(ctx, actorOf(request)),
  );
  app.post(
    '/totp/confirm',
    {
      schema: {
        tags,
        operationId: 'confirmTotpEnrolment',
        summary: '确认绑定身份验证器',
        description: '用身份验证器显示的动态验证码确认绑定，此后登录须输入验证码。验证码错误 400，尚未开始绑定 409。',
        body: s.TotpCodeBody,
        response: { 204: { type: 'null' }, 409: totpConflict, ...errorResponses },
      },
    },
    async (request, reply) => {
      await confirmTotp(ctx, actorOf(request), (request.body as s.TotpCodeBody).code);
      return reply.code(204).send();
    },
  );
  app.post(
    '/totp/disable',
    {
      schema: {
        tags,
        operationId: 'disableTotp',
        summary: '停用双因素认证',
        description: '用动态验证码确认后停用身份验证器。验证码错误 400，尚未启用 409；安全策略要求管理员启用双因素认证时不能停用（403）。',
        body: s.TotpCodeBody,
        response: { 204: { type: 'null' }, 409: totpConflict, ...errorResponses },
      },
    },
    async (request, reply) => {
      await disableTotp(ctx, actorOf(request), (request.body as s.TotpCodeBody).code);
      return reply.code(204).send();
    },
  );
};

/** Account administration (三员分立: accounts by the system administrator, roles and policy by the security administrator). */
export const accountRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  // role sets are declared once, in capabilities.ts (ADR 0007)
  const sys = { preValidation: requireCapability('manageAccounts') };
  const sec = { preValidation: requireCapability('managePolicy') };
  const either = { preValidation: requireCapability('readAccounts') };
  const userTags = ['用户管理'];

  app.get(
    '/roles',
    {
      schema: {
        tags: userTags,
        operationId: 'listRoles',
        summary: '角色列表',
        description: '平台的全部角色及其中文名称，标明三员（系统管理员、安全管理员、安全审计员）。任何已登录用户可调用。',
        response: { 200: s.RoleList, ...errorResponses },
      },
    },
    () => allRoles.map((role) => ({ role, label: roleLabels[role], admin: isAdminRole(role) })),
  );
  app.get(
    '/users',
    {
      ...either,
      schema: {
        tags: userTags,
        operationId: 'listUsers',
        summary: '用户列表',
        description: '按条件查询账户。系统管理员和安全管理员可调用，只返回其范围内的账户。',
        querystring: s.UserListQuery,
        response: { 200: s.UserList, ...errorResponses },
      },
    },
    (request) => listUsers(ctx, actorOf(request), request.query as s.UserListQuery),
  );
  app.post(
    '/users',
    {
      ...sys,
      schema: {
        tags: userTags,
        operationId: 'createUser',
        summary: '创建用户（返回一次性初始密码）',
        description: '创建账户并返回一次性初始密码（只返回这一次，首次登录须修改）。仅系统管理员；用户名重复 409。',
        body: s.CreateUserBody,
        response: { 201: s.CreateUserReply, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(ctx, actorOf(request), request.body as s.CreateUserBody)),
  );
  app.patch(
    '/users/:id',
    {
      ...sys,
      schema: {
        tags: userTags,
        operationId: 'updateUser',
        summary: '修改用户',
        description: '修改账户的姓名、所属机关或停用状态。仅系统管理员；账户不存在或不在范围内 404，不能停用自己的账户 409。',
        params: s.UserIdParams,
        body: s.UpdateUserBody,
        response: { 200: s.UserReply, ...errorResponses },
      },
    },
    (request) => updateUser(ctx, actorOf(request), (request.params as s.UserIdParams).id, request.body as s.UpdateUserBody),
  );
  app.post(
    '/users/:id/reset-password',
    {
      ...sys,
      schema: {
        tags: userTags,
        operationId: 'resetUserPassword',
        summary: '重置密码（返回一次性临时密码）',
        description: '为账户生成一次性临时密码（只返回这一次），该账户下次登录须修改密码。仅系统管理员。',
        params: s.UserIdParams,
        response: { 200: s.TemporaryPasswordReply, ...errorResponses },
      },
    },
    (request) => resetPassword(ctx, actorOf(request), (request.params as s.UserIdParams).id),
  );
  app.post(
    '/users/:id/unlock',
    {
      ...sys,
      schema: {
        tags: userTags,
        operationId: 'unlockUser',
        summary: '解除锁定',
        description: '解除因连续登录失败而锁定的账户。仅系统管理员。',
        params: s.UserIdParams,
        response: { 200: s.UserReply, ...errorResponses },
      },
    },
    (request) => unlockUser(ctx, actorOf(request), (request.params as s.UserIdParams).id),
  );
  app.put(
    '/users/:id/roles',
    {
      ...sec,
      schema: {
        tags: userTags,
        operationId: 'setUserRoles',
        summary: '设置角色',
        description: '替换账户的角色。仅安全管理员；角色组合不允许 400，不能修改自己的角色 409。',
        params: s.UserIdParams,
        body: s.SetRolesBody,
        response: { 200: s.UserReply, ...errorResponses },
      },
    },
    (request) => setRoles(ctx, actorOf(request), (request.params as s.UserIdParams).id, (request.body as s.SetRolesBody).roles),
  );
  app.get(
    '/security-policy',
    {
      ...sec,
      schema: {
        tags: userTags,
        operationId: 'getSecurityPolicy',
        summary: '安全策略',
        description: '当前的安全策略：密码复杂度与有效期、登录失败锁定、会话超时、双因素认证要求。仅安全管理员。',
        response: { 200: s.SecurityPolicyBody, ...errorResponses },
      },
    },
    () => loadPolicy(ctx.db),
  );
  app.put(
    '/security-policy',
    {
      ...sec,
      schema: {
        tags: userTags,
        operationId: 'updateSecurityPolicy',
        summary: '修改安全策略',
        description: '修改安全策略，立即生效并记入审计日志。仅安全管理员；取值超出允许范围 400。',
        body: s.SecurityPolicyBody,
        response: { 200: s.SecurityPolicyBody, ...errorResponses },
      },
    },
    (request) => updatePolicy(ctx, actorOf(request), { ...defaultSecurityPolicy, ...(request.body as s.SecurityPolicyBody) }),
  );
};
