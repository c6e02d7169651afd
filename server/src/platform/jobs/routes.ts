// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../auth/guard';
import type { RouteOptions } from '../context';
import { errorResponses } from '../http/schemas';
import { JobParams, JobView } from './schema';
import { getJob } from './service';

/**
 * Background jobs over HTTP, mounted under /api/v1 behind the auth hook. A job is visible only to
 * the account that started it (anyone else: 404).
 */
export const jobRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.get<{ Params: JobParams }>(
    '/jobs/:id',
    {
      schema: {
        tags: ['后台任务'],
        operationId: 'getJob',
        summary: '查询后台任务（如导入）的进度与结果',
        description:
          '只有发起任务的账户可查询（其他人 404）。导入等耗时操作先返回 jobId；按此接口轮询，status 为 succeeded 或 failed 时结束。失败时 problems 列出每个问题的行、列、内容和原因。',
        params: JobParams,
        response: { 200: JobView, ...errorResponses },
      },
    },
    (request) => getJob(ctx, actorOf(request), request.params.id),
  );
};
