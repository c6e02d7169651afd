// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../../../platform/auth';
import type { RouteOptions } from '../../../platform/context';
import { errorResponses } from '../../../platform/http/schemas';
import { contentDisposition } from '../../../platform/spreadsheet/http';
import { archiveCase, caseFileView } from './archive';
import { exportCaseFile } from './export';
import * as s from './schema';

/** The case file (案卷, issue 9 §8, R-C08): its catalogue, archiving, and the verifiable .zip. */
export const caseFileRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  // the case file is part of the case (its tag), as evidence and documents are
  const tags = ['执法案件'];

  app.get<{ Params: s.CaseFileParams }>(
    '/cases/:id/case-file',
    {
      preValidation: requireCapability('readCases'),
      schema: {
        tags,
        operationId: 'getCaseFile',
        summary: '案卷：卷内目录（装订顺序）、是否已归档、可否归档',
        description:
          '已归档的案件给出归档时的卷内目录与清单哈希；未归档的给出此刻归档将装订的目录（每份文书的每个版本、证据与音像记录及其哈希、大小、元数据、撤回标记）。业务角色可调用；不在范围内 404。',
        params: s.CaseFileParams,
        response: { 200: s.CaseFileView, ...errorResponses },
      },
    },
    (request) => caseFileView(ctx, actorOf(request), request.params.id),
  );

  app.post<{ Params: s.CaseFileParams }>(
    '/cases/:id/archive',
    {
      preValidation: requireCapability('actOnCases'),
      schema: {
        tags,
        operationId: 'archiveCase',
        summary: '归档：装订案卷，此后案件只读',
        description:
          '案件处于其程序的办结状态时，由本案承办的执法人员或本机关负责人归档：按装订顺序编排卷内目录（序号连续），保存清单并将其哈希记入全过程记录。此后对本案的任何办理、添加或撤回均答 409 CASE_ARCHIVED。未办结 409 CASE_NOT_CLOSED；已归档 409 CASE_ARCHIVED；其他人 403。被拒绝时不写入任何内容。',
        params: s.CaseFileParams,
        response: { 200: s.ArchiveResultView, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const r = await archiveCase(ctx, actor, request.params.id);
      return { ...r, caseFile: await caseFileView(ctx, actor, r.caseId) };
    },
  );

  app.get<{ Params: s.CaseFileParams }>(
    '/cases/:id/case-file/download',
    {
      preValidation: requireCapability('readCases'),
      schema: {
        tags,
        operationId: 'downloadCaseFile',
        summary: '导出案卷（.zip，可离线校验）',
        description:
          '已归档案件的案卷：manifest.json、各文件、journal/entries.jsonl（本案每条全过程记录及其 RFC 6962 包含性证明）、checkpoint.json、public-key.pem，流式输出。尚无覆盖归档记录的检查点时当场签发一个。未归档 409 CASE_NOT_ARCHIVED。用 `sanxiang case-file verify <文件>` 离线校验。',
        params: s.CaseFileParams,
        response: { 200: s.ZipFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await exportCaseFile(ctx, actorOf(request), request.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
};
