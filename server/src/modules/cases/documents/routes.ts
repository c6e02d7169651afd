// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../../../platform/auth';
import { sendBlob } from '../../../platform/blobs';
import type { RouteOptions } from '../../../platform/context';
import { errorResponses } from '../../../platform/http/schemas';
import { CaseParams } from '../schema';
import { partyDocuments } from './party';
import * as s from './schema';
import {
  addDocumentVersion,
  documentContent,
  documentPdf,
  generateDocument,
  listDocuments,
  previewDocument,
  signDocument,
} from './service';

const attachment = (f: { hash: string; mimeType: string; filename: string }) => ({ ...f, disposition: 'attachment' as const });

/**
 * Case documents (issue 9 §5, §7): generate from a template, new versions with a reason, download
 * .docx / PDF, sign. No route changes or deletes a version (R-C05).
 */
export const documentRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const tags = ['执法案件'];
  const readers = requireCapability('readCases');

  app.get<{ Params: CaseParams }>(
    '/cases/:id/documents',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listCaseDocuments',
        summary: '案件的文书及其各版本',
        description:
          '案件的全部文书，每份附各版本（模板版本、字段、.docx 哈希、更正理由、签署记录）。调用者范围内可看；canGenerate 表示调用者可制作文书。',
        params: CaseParams,
        response: { 200: s.DocumentList, ...errorResponses },
      },
    },
    (request) => listDocuments(ctx, actorOf(request), request.params.id),
  );

  // POST, not GET: the officer's free text (a long 检查情况) travels in the body; in a query string it
  // passed the URL limit and the form vanished behind a 414 (issue 9 walk)
  app.post<{ Params: CaseParams; Body: s.PreviewBody }>(
    '/cases/:id/documents/preview',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'previewCaseDocument',
        summary: '预览文书字段（由案件数据填写，未生成文件）',
        description: '按今天生效的模板，由案件数据填写文书的各占位符；fields 为执法人员已填写的字段。不写入任何内容。',
        params: CaseParams,
        body: s.PreviewBody,
        response: { 200: s.Preview, ...errorResponses },
      },
    },
    (request) => previewDocument(ctx, actorOf(request), request.params.id, request.body.templateCode, request.body.fields ?? {}),
  );

  app.post<{ Params: CaseParams; Body: s.GenerateBody }>(
    '/cases/:id/documents',
    {
      preValidation: requireCapability('openCases'),
      schema: {
        tags,
        operationId: 'generateCaseDocument',
        summary: '由模板制作文书（第1版）',
        description:
          '本案承办的执法人员按文书日期生效的模板，由案件数据和所填字段生成 .docx，存为不可更改的文件，记入全过程记录和案件时间线。非承办人员 403；已归档案件 409 CASE_ARCHIVED。',
        params: CaseParams,
        body: s.GenerateBody,
        response: { 201: s.DocumentView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await generateDocument(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.post<{ Params: s.DocumentParams; Body: s.VersionBody }>(
    '/cases/:id/documents/:docId/versions',
    {
      preValidation: requireCapability('openCases'),
      schema: {
        tags,
        operationId: 'addCaseDocumentVersion',
        summary: '更正文书：生成新版本（须说明理由，原版本保留）',
        description: '以更正后的字段重新生成文书的新版本；未提交的字段沿用上一版本。原版本不变、仍可下载。须填写理由；非承办人员 403。',
        params: s.DocumentParams,
        body: s.VersionBody,
        response: { 201: s.DocumentView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addDocumentVersion(ctx, actorOf(request), request.params.id, request.params.docId, request.body)),
  );

  app.get<{ Params: s.VersionParams }>(
    '/cases/:id/documents/:docId/versions/:version/content',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getCaseDocumentContent',
        summary: '下载文书的某一版本（.docx）',
        description: '存储的 .docx 原件（哈希与全过程记录一致）。调用者范围内可下载。',
        params: s.VersionParams,
        response: { 200: s.DocxFile, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendBlob(
        request,
        reply,
        ctx.blobs,
        attachment(await documentContent(ctx, actorOf(request), request.params.id, request.params.docId, request.params.version)),
      ),
  );

  app.get<{ Params: s.VersionParams }>(
    '/cases/:id/documents/:docId/versions/:version/pdf',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getCaseDocumentPdf',
        summary: '下载文书的某一版本（PDF）',
        description:
          '由同一 .docx 经 LibreOffice 转换，首次转换后保存复用。服务器未安装 LibreOffice 时 503 PDF_UNAVAILABLE（可下载 .docx）。',
        params: s.VersionParams,
        response: { 200: s.PdfFile, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendBlob(
        request,
        reply,
        ctx.blobs,
        attachment(await documentPdf(ctx, actorOf(request), request.params.id, request.params.docId, request.params.version)),
      ),
  );

  app.post<{ Params: s.VersionParams }>(
    '/cases/:id/documents/:docId/versions/:version/signatures',
    {
      preValidation: requireCapability('actOnCases'),
      schema: {
        tags,
        operationId: 'signCaseDocument',
        summary: '签署文书的某一版本（电子签名）',
        description:
          '记录签署人账户、时间和文书哈希（平台的签署记录，记入全过程记录）；配置了电子签章服务（SEAL_SERVICE）时附签章。演示签章明确标为“演示签章（非真实电子签章）”。本案承办人员或机关负责人可签署。',
        params: s.VersionParams,
        response: { 201: s.DocumentView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await signDocument(ctx, actorOf(request), request.params.id, request.params.docId, request.params.version)),
  );

  app.get<{ Params: s.PartyParams }>(
    '/parties/:id/documents',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listPartyDocuments',
        summary: '当事人在各案件中的文书',
        description: '调用者范围内该当事人各案件的文书及其版本，按制作时间排列（R-C06）。',
        params: s.PartyParams,
        response: { 200: s.PartyDocumentList, ...errorResponses },
      },
    },
    (request) => partyDocuments(ctx, actorOf(request), request.params.id),
  );
};
