// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireRoles } from '../auth/guard';
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
        summary: '计算 N 个工作日后的日期（起算日不计入）',
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
        summary: '某年的节假日与调休上班日',
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
      preValidation: requireRoles('system_admin'),
      schema: {
        tags,
        summary: '录入工作日历调整（只追加；最新一条生效）',
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
