// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../../../platform/auth';
import type { RouteOptions } from '../../../platform/context';
import { errorResponses } from '../../../platform/http/schemas';
import { CaseParams } from '../schema';
import { addCustodian, createDevice, listDevices } from './devices';
import { sendEvidenceContent, sendEvidenceThumbnail } from './files';
import * as s from './schema';
import { addEvidence, listEvidence, withdrawEvidence } from './service';

/**
 * Evidence, AV records and devices (issue 9 §3, §4). There is no route that changes or deletes an
 * item: a mistaken one is withdrawn (POST …/withdrawal) and stays in the record (R-C05).
 */
export const evidenceRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const tags = ['证据与音像记录'];
  const readers = requireCapability('readCases');

  app.get<{ Querystring: s.DeviceQuery }>(
    '/devices',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listDevices',
        summary: '执法记录设备及其保管人',
        description: '调用者范围内各执法机关登记的音像记录设备，附当前保管人及保管历史（谁使用、谁保管、谁负责，R-C10）。业务角色可调用。',
        querystring: s.DeviceQuery,
        response: { 200: s.DeviceList, ...errorResponses },
      },
    },
    (request) => listDevices(ctx, actorOf(request), request.query.agencyId),
  );

  app.post<{ Body: s.DeviceBody }>(
    '/devices',
    {
      preValidation: requireCapability('manageDevices'),
      schema: {
        tags,
        operationId: 'createDevice',
        summary: '登记执法记录设备并指定保管人',
        description:
          '机关负责人为本机关登记一台设备（执法记录仪、照相机、录音笔等）及其首位保管人（本机关执法人员），记入全过程记录。序列号重复 409。',
        body: s.DeviceBody,
        response: { 201: s.DeviceView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createDevice(ctx, actorOf(request), request.body)),
  );

  app.post<{ Params: s.DeviceParams; Body: s.CustodianBody }>(
    '/devices/:id/custodians',
    {
      preValidation: requireCapability('manageDevices'),
      schema: {
        tags,
        operationId: 'addDeviceCustodian',
        summary: '设备交接：指定新的保管人',
        description:
          '机关负责人指定设备自某日起的保管人（只追加，保管历史保留）；起始日期不得早于上一位保管人、不得晚于今天。不在范围内 404。',
        params: s.DeviceParams,
        body: s.CustodianBody,
        response: { 201: s.DeviceView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addCustodian(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get<{ Params: CaseParams }>(
    '/cases/:id/evidence',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listCaseEvidence',
        summary: '案件的证据和音像记录',
        description:
          '按添加顺序列出本案的证据和音像记录（已撤回的标明原因），以及各环节依音像记录事项清单须全过程记录的要求和是否已记录。不在范围内 404。',
        params: CaseParams,
        response: { 200: s.EvidenceList, ...errorResponses },
      },
    },
    (request) => listEvidence(ctx, actorOf(request), request.params.id),
  );

  app.post<{ Params: CaseParams; Body: s.EvidenceBody }>(
    '/cases/:id/evidence',
    {
      preValidation: requireCapability('openCases'),
      schema: {
        tags,
        operationId: 'addCaseEvidence',
        summary: '添加证据或音像记录（由已完成的上传生成）',
        description:
          '本案承办的执法人员把一个已完成的断点续传上传登记为证据或音像记录：种类、采集时间地点、采集人、证明对象、设备、所属环节、当事人。文件哈希记入全过程记录，并在案件时间线上显示。信息有误 422（逐项说明，不写入任何内容）；不是本案执法人员 403；已归档 409。',
        params: CaseParams,
        body: s.EvidenceBody,
        response: { 201: s.EvidenceView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addEvidence(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get<{ Params: s.EvidenceParams }>(
    '/cases/:id/evidence/:itemId/content',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getEvidenceContent',
        summary: '证据文件（支持 Range 分段下载，照片、录音、录像可在浏览器中直接播放）',
        description: '证据或音像记录的原始文件，ETag 为文件哈希；Range 请求返回 206，范围无效 416。不在范围内 404。',
        params: s.EvidenceParams,
        response: { 200: s.FileBody, 206: s.FileBody, ...errorResponses },
      },
    },
    (request, reply) => sendEvidenceContent(ctx, actorOf(request), request, reply, request.params.id, request.params.itemId),
  );

  app.get<{ Params: s.EvidenceParams }>(
    '/cases/:id/evidence/:itemId/thumbnail',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getEvidenceThumbnail',
        summary: '照片缩略图（320 像素 JPEG）',
        description: '照片的缩略图，首次请求时生成并保存，此后复用。不是照片 404；不在范围内 404。',
        params: s.EvidenceParams,
        response: { 200: s.FileBody, 206: s.FileBody, ...errorResponses },
      },
    },
    (request, reply) => sendEvidenceThumbnail(ctx, actorOf(request), request, reply, request.params.id, request.params.itemId),
  );

  app.post<{ Params: s.EvidenceParams; Body: s.WithdrawalBody }>(
    '/cases/:id/evidence/:itemId/withdrawal',
    {
      preValidation: requireCapability('actOnCases'),
      schema: {
        tags,
        operationId: 'withdrawCaseEvidence',
        summary: '撤回误传的证据（记录保留，标明已撤回及原因）',
        description:
          '本案承办的执法人员或机关负责人撤回一项证据或音像记录：不删除，记录仍在案卷中并标明撤回人、时间和原因，记入全过程记录。已撤回 409；其他人 403；不在范围内 404。',
        params: s.EvidenceParams,
        body: s.WithdrawalBody,
        response: { 201: s.EvidenceView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await withdrawEvidence(ctx, actorOf(request), request.params.id, request.params.itemId, request.body)),
  );
};
