// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../auth/guard';
import type { RouteOptions } from '../context';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysView,
  CalendarOverrideCreateBody,
  CalendarOverrideView,
  CalendarYearParams,
  CalendarYearView,
  toCalendarOverrideView,
} from './schema';
import { addOverride, computeAddWorkingDays, getCalendarYear } from './service';

/**
 * The working-day calendar over HTTP, mounted under /api/v1 behind the auth hook (which sets
 * `request.actor`). Reading needs any login; overrides need a system administrator.
 */
export const calendarRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const tags = ['工作日历'];

  app.get<{ Querystring: AddWorkingDaysQuery }>(
    '/calendar/add-working-days',
    {
      schema: {
        tags,
        operationId: 'addWorkingDays',
        summary: '计算 N 个工作日后的日期（起算日不计入）',
        description:
          '按工作日历计算某日之后第 N 个工作日的日期（起算日不计入），公示期限等按此计算。任何已登录用户可调用；日期或 N 不合法 400。',
        querystring: AddWorkingDaysQuery,
        response: { 200: AddWorkingDaysView },
      },
    },
    async (request) => {
      actorOf(request);
      return computeAddWorkingDays(ctx.db, request.query.date, request.query.n);
    },
  );

  app.get<{ Params: CalendarYearParams }>(
    '/calendar/:year',
    {
      schema: {
        tags,
        operationId: 'getCalendarYear',
        summary: '某年的节假日与调休上班日',
        description: '某年的法定节假日、调休上班日及生效的调整。任何已登录用户可调用；年份超出支持范围 400。',
        params: CalendarYearParams,
        response: { 200: CalendarYearView },
      },
    },
    async (request) => {
      actorOf(request);
      return getCalendarYear(ctx.db, request.params.year);
    },
  );

  app.post<{ Body: CalendarOverrideCreateBody }>(
    '/calendar/overrides',
    {
      preValidation: requireCapability('manageCalendar'),
      schema: {
        tags,
        operationId: 'createCalendarOverride',
        summary: '录入工作日历调整（只追加；最新一条生效）',
        description: '录入一条工作日历调整（如临时调休，须注明来源），只追加，同一日期以最新一条为准。仅系统管理员；没有可恢复的调整 409。',
        body: CalendarOverrideCreateBody,
        response: { 201: CalendarOverrideView },
      },
    },
    async (request, reply) => {
      const override = await addOverride(ctx, actorOf(request), request.body);
      return reply.code(201).send(toCalendarOverrideView(override));
    },
  );
};
