// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../auth/guard';
import { shanghaiDate } from '../clock';
import type { RouteOptions } from '../context';
import { ScheduleSettingBody, SettingHistoryView, SettingKeyParams, SettingsListView, SettingsQuery } from './schema';
import { listSettings, setSetting } from './service';

/**
 * Jurisdiction settings over HTTP (DESIGN.md invariant 3), mounted under /api/v1 behind the auth
 * hook. Reading needs any login; scheduling a value needs the jurisdiction's own justice bureau
 * or the system administrator (`manageSettings`).
 */
export const settingsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const tags = ['规则设置'];

  app.get<{ Querystring: SettingsQuery }>(
    '/settings',
    {
      schema: {
        tags,
        operationId: 'listSettings',
        summary: '规则设置：各项的生效值、默认值、依据与历史',
        description:
          '列出全部规则设置项（培训学时、听证数额、期限、案件编号格式等）：默认值及其法律依据、可由哪一级更改、某日（缺省今天）在某行政区划（缺省本人所属区划）生效的值及由哪一级设置、已排定的更改和全部历史（谁、何时、为何、自何日起）。任何已登录用户可调用；区划不在权限范围内 404。',
        querystring: SettingsQuery,
        response: { 200: SettingsListView },
      },
    },
    async (request) =>
      listSettings(ctx.db, actorOf(request), request.query.jurisdictionCode, request.query.onDate, shanghaiDate(ctx.clock.now())),
  );

  app.post<{ Params: SettingKeyParams; Body: ScheduleSettingBody }>(
    '/settings/:key/values',
    {
      preValidation: requireCapability('manageSettings'),
      schema: {
        tags,
        operationId: 'scheduleSetting',
        summary: '设置新值（自生效日期起适用，只追加）',
        description:
          '为本级行政区划设置某项规则的新值，自生效日期（今天或以后）起适用，须填写理由，记入全过程记录。仅本级司法局或系统管理员；法律规定不可更改的项、由上级规定的项、超出法定期限的值 409；值、日期或理由不合法 400；区划不在权限范围内 404。',
        params: SettingKeyParams,
        body: ScheduleSettingBody,
        response: { 201: SettingHistoryView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await setSetting(ctx, actor, { key: request.params.key, ...request.body });
      const list = await listSettings(ctx.db, actor, row.jurisdictionCode, row.effectiveFrom);
      const view = list.items.find((i) => i.key === row.key)?.history.find((h) => h.id === row.id);
      return reply.code(201).send(view);
    },
  );
};
