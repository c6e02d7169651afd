// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../../platform/auth';
import type { RouteOptions } from '../../platform/context';
import { errorResponses } from '../../platform/http/schemas';
import { contentDisposition } from '../../platform/spreadsheet';
import { addTemplateVersion, listTemplates, templateVersionBytes } from './templates';
import { instrumentByCode } from './templates-instruments';
import * as s from './templates-schema';

/** Document templates (issue 9 §5, R-C02, R-S08): built-in versions and a jurisdiction's own, by effective date. */
export const templateRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const tags = ['执法事项目录'];

  app.get(
    '/document-templates',
    {
      preValidation: requireCapability('readCases'),
      schema: {
        tags,
        operationId: 'listDocumentTemplates',
        summary: '执法文书模板（代码、占位符、各版本及生效日期）',
        description:
          '十五种标准执法文书的模板：可用的占位符及其含义、执法人员填写的字段、内置版本（第1版）和本辖区及上级辖区增加的版本及生效日期。业务角色可调用。',
        response: { 200: s.TemplateList, ...errorResponses },
      },
    },
    (request) => listTemplates(ctx, actorOf(request)),
  );

  app.post<{ Params: s.TemplateParams; Body: s.TemplateVersionBody }>(
    '/document-templates/:code/versions',
    {
      preValidation: requireCapability('supervise'),
      schema: {
        tags,
        operationId: 'addDocumentTemplateVersion',
        summary: '司法局为本辖区增加文书模板的新版本（自生效日期起用于新制作的文书）',
        description:
          '以经 tus 上传的 .docx 增加一个模板版本：先用 docxtemplater 编译，含本文书不能使用的占位符的拒绝（422，逐个列出），不写入任何内容；已制作的文书不变。仅司法局（执法监督人员）；生效日期早于今天 400。',
        params: s.TemplateParams,
        body: s.TemplateVersionBody,
        response: { 201: s.TemplateVersionCreated, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addTemplateVersion(ctx, actorOf(request), request.params.code, request.body)),
  );

  app.get<{ Params: s.TemplateVersionParams }>(
    '/document-templates/:code/versions/:version/content',
    {
      preValidation: requireCapability('readCases'),
      schema: {
        tags,
        operationId: 'getDocumentTemplateContent',
        summary: '下载文书模板的某一版本（.docx，可在 Word 中编辑后作为新版本上传）',
        description: '内置模板为第1版。业务角色可调用；版本不存在 404。',
        params: s.TemplateVersionParams,
        response: { 200: s.DocxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { code, version } = request.params;
      const bytes = await templateVersionBytes(ctx, code, version);
      const name = instrumentByCode.get(code)?.name ?? code;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition(`${name}模板（第${version}版）.docx`))
        .send(bytes);
    },
  );
};
