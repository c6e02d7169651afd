import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteOptions } from '../context';
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
import { actorOf, requireRoles } from './guard';
import { allRoles, isAdminRole, roleLabels } from './roles';
import * as s from './schema';
import { changePassword, confirmTotp, disableTotp, enrolTotp, login, logout, me, passwordPolicyView } from './service';
import { sessionCookie } from './session';

const tags = ['认证与账户'];

function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}

/** Routes without a session: login and the password policy text. */
export const authPublicRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.post(
    '/login',
    {
      schema: { tags, summary: '登录', body: s.LoginBody, response: { 200: s.LoginReply, ...errorResponses } },
      config: { rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = request.body as s.LoginBody;
      const result = await login(ctx, { ...body, clientIp: request.ip });
      setSessionCookie(reply, result.token, request.protocol === 'https');
      return result;
    },
  );
  app.get('/password-policy', { schema: { tags, summary: '密码策略说明', response: { 200: s.PasswordPolicyReply } } }, () =>
    passwordPolicyView(ctx),
  );
};

/** The signed-in user's own session and credentials. */
export const authRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.get('/me', { schema: { tags, summary: '当前用户', response: { 200: s.MeReply, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    const session = await ctx.db
      .selectFrom('user_session')
      .select('csrf_token')
      .where('id', '=', actor.sessionId)
      .executeTakeFirstOrThrow();
    return { user: await me(ctx, actor), csrfToken: session.csrf_token };
  });
  app.post(
    '/logout',
    { schema: { tags, summary: '退出登录', response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      await logout(ctx, actorOf(request));
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send();
    },
  );
  app.post(
    '/password',
    { schema: { tags, summary: '修改密码', body: s.ChangePasswordBody, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      const body = request.body as s.ChangePasswordBody;
      await changePassword(ctx, actorOf(request), body.currentPassword, body.newPassword);
      return reply.code(204).send();
    },
  );
  app.post(
    '/totp/enrol',
    { schema: { tags, summary: '开始绑定身份验证器（TOTP）', response: { 200: s.TotpEnrolReply, ...errorResponses } } },
    (request) => enrolTotp(ctx, actorOf(request)),
  );
  app.post(
    '/totp/confirm',
    { schema: { tags, summary: '确认绑定身份验证器', body: s.TotpCodeBody, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      await confirmTotp(ctx, actorOf(request), (request.body as s.TotpCodeBody).code);
      return reply.code(204).send();
    },
  );
  app.post(
    '/totp/disable',
    { schema: { tags, summary: '停用双因素认证', body: s.TotpCodeBody, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      await disableTotp(ctx, actorOf(request), (request.body as s.TotpCodeBody).code);
      return reply.code(204).send();
    },
  );
};

/** Account administration (三员分立: accounts by the system administrator, roles and policy by the security administrator). */
export const accountRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const sys = { preValidation: requireRoles('system_admin') };
  const sec = { preValidation: requireRoles('security_admin') };
  const either = { preValidation: requireRoles('system_admin', 'security_admin') };
  const userTags = ['用户管理'];

  app.get('/roles', { schema: { tags: userTags, summary: '角色列表', response: { 200: s.RoleList, ...errorResponses } } }, () =>
    allRoles.map((role) => ({ role, label: roleLabels[role], admin: isAdminRole(role) })),
  );
  app.get(
    '/users',
    {
      ...either,
      schema: { tags: userTags, summary: '用户列表', querystring: s.UserListQuery, response: { 200: s.UserList, ...errorResponses } },
    },
    (request) => listUsers(ctx, actorOf(request), request.query as s.UserListQuery),
  );
  app.post(
    '/users',
    {
      ...sys,
      schema: {
        tags: userTags,
        summary: '创建用户（返回一次性初始密码）',
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
        summary: '修改用户',
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
        summary: '重置密码（返回一次性临时密码）',
        params: s.UserIdParams,
        response: { 200: s.TemporaryPasswordReply, ...errorResponses },
      },
    },
    (request) => resetPassword(ctx, actorOf(request), (request.params as s.UserIdParams).id),
  );
  app.post(
    '/users/:id/unlock',
    { ...sys, schema: { tags: userTags, summary: '解除锁定', params: s.UserIdParams, response: { 200: s.UserReply, ...errorResponses } } },
    (request) => unlockUser(ctx, actorOf(request), (request.params as s.UserIdParams).id),
  );
  app.put(
    '/users/:id/roles',
    {
      ...sec,
      schema: {
        tags: userTags,
        summary: '设置角色',
        params: s.UserIdParams,
        body: s.SetRolesBody,
        response: { 200: s.UserReply, ...errorResponses },
      },
    },
    (request) => setRoles(ctx, actorOf(request), (request.params as s.UserIdParams).id, (request.body as s.SetRolesBody).roles),
  );
  app.get(
    '/security-policy',
    { ...sec, schema: { tags: userTags, summary: '安全策略', response: { 200: s.SecurityPolicyBody, ...errorResponses } } },
    () => loadPolicy(ctx.db),
  );
  app.put(
    '/security-policy',
    {
      ...sec,
      schema: {
        tags: userTags,
        summary: '修改安全策略',
        body: s.SecurityPolicyBody,
        response: { 200: s.SecurityPolicyBody, ...errorResponses },
      },
    },
    (request) => updatePolicy(ctx, actorOf(request), { ...defaultSecurityPolicy, ...(request.body as s.SecurityPolicyBody) }),
  );
};
