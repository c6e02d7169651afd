// Declares the OpenAPI fields (tags, summary) on route schemas.
import type {} from '@fastify/swagger';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf, requireCapability } from '../../platform/auth';
import type { RouteOptions } from '../../platform/context';
import { expectedVersion, sendEtag } from '../../platform/http/if-match';
import { errorResponses } from '../../platform/http/schemas';
import { sendWorkbook, XlsxFile } from '../../platform/spreadsheet';
import { caseFileRoutes } from './case-file/routes';
import { addProcedureVersion } from './definitions';
import { documentRoutes } from './documents/routes';
import { openCase, takeAction } from './engine';
import { evidenceRoutes } from './evidence/routes';
import { exportLedger } from './ledger';
import * as s from './schema';
import { getCase, getParty, listCases, listProcedures, procedureView, revealIdNumber, searchParties, todo } from './service';

/** If-Match is optional on an action: sent, a stale version answers 412; absent, the state check alone guards. */
function optionalVersion(request: FastifyRequest): number | null {
  return request.headers['if-match'] === undefined ? null : expectedVersion(request);
}

/**
 * The cases API (issue 8 §3): generic because procedures are data. The web UI is built on exactly
 * these routes: the procedures with their actions' input schemas, the case with the actions open
 * to the caller now, and one route that takes any action.
 */
export const casesRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const tags = ['执法案件'];
  const readers = requireCapability('readCases');
  // the case file: catalogue, archiving, the verifiable .zip (issue 9 §8)
  await app.register(caseFileRoutes, { ctx });
  // evidence, AV records and devices (issue 9 §3, §4): same prefix, own plugin
  await app.register(evidenceRoutes, { ctx });
  // documents from templates, versions, PDF, signatures (issue 9 §5, §7)
  await app.register(documentRoutes, { ctx });

  app.get(
    '/procedures',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listProcedures',
        summary: '执法程序定义（状态、办理事项及其输入结构）',
        description:
          '本辖区新登记案件所用的各执法程序：状态，办理事项（名称、中文名、起止状态、谁可办理、输入的 JSON Schema、法定检查条件、所需文书、音像记录要求）。业务角色可调用。',
        response: { 200: s.ProcedureList, ...errorResponses },
      },
    },
    (request) => listProcedures(ctx, actorOf(request)),
  );

  app.post<{ Params: s.ProcedureParams; Body: s.ProcedureVersionBody }>(
    '/procedures/:code/versions',
    {
      preValidation: requireCapability('supervise'),
      schema: {
        tags,
        operationId: 'addProcedureVersion',
        summary: '司法局为本辖区增加执法程序的新版本（自生效日期起用于新登记的案件）',
        description:
          '以数据增加一个执法程序版本（如增加本地的审批环节、收紧时限）：状态、办理事项、法定条件须可运行（不合格 422，逐条说明）；已在办的案件仍按登记时的版本办理。仅司法局（执法监督人员）；生效日期早于今天 400。',
        params: s.ProcedureParams,
        body: s.ProcedureVersionBody,
        response: { 201: s.ProcedureView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(procedureView(await addProcedureVersion(ctx, actorOf(request), request.params.code, request.body))),
  );

  app.get<{ Querystring: s.CaseQuery }>(
    '/cases',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listCases',
        summary: '案件台账（按程序、状态、执法人员、当事人、日期、超期筛选）',
        description:
          '调用者范围内的案件，登记日期新者在前，按游标分页。执法机关人员看本机关，司法局看辖区内各机关（只读）。业务角色可调用。',
        querystring: s.CaseQuery,
        response: { 200: s.CaseList, ...errorResponses },
      },
    },
    (request) => listCases(ctx, actorOf(request), request.query),
  );

  app.get<{ Querystring: s.CaseExportQuery }>(
    '/cases/export',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'exportCases',
        summary: '导出案件台账（.xlsx）',
        description: '按与台账相同的筛选条件导出案件台账（最多 100,000 行），不含公民身份号码。业务角色可调用。',
        querystring: s.CaseExportQuery,
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await exportLedger(ctx, actorOf(request), request.query);
      return sendWorkbook(reply, file.buffer, file.filename);
    },
  );

  app.get(
    '/cases/todo',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'listMyTodo',
        summary: '我的待办（按紧迫程度排序，超期标出）',
        description: '本人承办的未结案件，以及（机关负责人）待审批的立案、延期、结案，按最近到期的时限排序。业务角色可调用。',
        response: { 200: s.TodoList, ...errorResponses },
      },
    },
    (request) => todo(ctx, actorOf(request)),
  );

  app.post<{ Body: s.OpenCaseBody }>(
    '/cases',
    {
      preValidation: requireCapability('openCases'),
      schema: {
        tags,
        operationId: 'openCase',
        summary: '登记案件（案源登记、许可申请、检查、强制措施）',
        description:
          '按所选执法程序登记一件案件，登记内容按该程序的 open 结构校验（不合格 422）。仅执法机关的执法人员；登记人本人自动作为承办人；违反法定条件 409（code 为条件代码，message 写明法条）。',
        body: s.OpenCaseBody,
        response: { 201: s.CaseView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId } = await openCase(ctx, actor, request.body);
      const view = await getCase(ctx, actor, caseId);
      sendEtag(reply, view.version);
      return reply.code(201).send(view);
    },
  );

  app.get<{ Params: s.CaseParams }>(
    '/cases/:id',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getCase',
        summary: '案件：状态、当事人、执法人员、时限、时间线及此刻可办理的事项',
        description:
          '一件案件的全部情况：时间线的每一步附全过程记录序号及其公开包含性证明；actions 为调用者此刻可办理的事项及其输入结构。不在范围内 404。',
        params: s.CaseParams,
        response: { 200: s.CaseView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await getCase(ctx, actorOf(request), request.params.id);
      sendEtag(reply, view.version);
      return view;
    },
  );

  app.post<{ Params: s.ActionParams }>(
    '/cases/:id/actions/:action',
    {
      preValidation: requireCapability('actOnCases'),
      schema: {
        tags,
        operationId: 'takeCaseAction',
        summary: '办理一个事项（如 立案、告知、决定、送达、结案）',
        description:
          '办理案件当前状态下的一个事项。输入不合该事项的结构 422；状态不允许或违反法定条件 409，code 为条件代码（如 TWO_OFFICERS、REVIEW_REQUIRED），message 写明法条；不是本案执法人员或负责人 403；可附 If-Match（案件版本），过期 412。被拒绝时不写入任何内容。',
        params: s.ActionParams,
        body: s.ActionBody,
        response: { 200: s.ActionResultView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const result = await takeAction(ctx, actor, request.params.id, request.params.action, request.body, optionalVersion(request));
      const view = await getCase(ctx, actor, result.caseId);
      sendEtag(reply, view.version);
      return { case: view, journalSeq: result.journalSeq, openedCaseId: result.openedCaseId };
    },
  );

  app.post<{ Params: s.RevealParams }>(
    '/cases/:id/parties/:partyId/id-number',
    {
      preValidation: requireCapability('openCases'),
      schema: {
        tags: ['当事人'],
        operationId: 'revealPartyIdNumber',
        summary: '查看当事人公民身份号码全文（记入全过程记录）',
        description: '本案承办的执法人员查看当事人的公民身份号码全文，每次查看记入全过程记录。其他人 403；不在范围内 404。',
        params: s.RevealParams,
        response: { 200: s.RevealedIdNumber, ...errorResponses },
      },
    },
    (request) => revealIdNumber(ctx, actorOf(request), request.params.id, request.params.partyId),
  );

  app.get<{ Querystring: s.PartySearchQuery }>(
    '/parties',
    {
      preValidation: readers,
      schema: {
        tags: ['当事人'],
        operationId: 'searchParties',
        summary: '按名称查找当事人',
        description: '本机关（司法局：辖区内）登记过的当事人，按姓名或名称包含查找，最多 50 个。业务角色可调用。',
        querystring: s.PartySearchQuery,
        response: { 200: s.PartySearch, ...errorResponses },
      },
    },
    (request) => searchParties(ctx, actorOf(request), request.query.q),
  );

  app.get<{ Params: s.PartyParams }>(
    '/parties/:id',
    {
      preValidation: readers,
      schema: {
        tags: ['当事人'],
        operationId: 'getParty',
        summary: '当事人及其全部案件（按时间顺序）',
        description: '一个当事人及其在本机关的全部案件，按时间顺序（R-C06）。公民身份号码打码。不在范围内 404。',
        params: s.PartyParams,
        response: { 200: s.PartyDetail, ...errorResponses },
      },
    },
    (request) => getParty(ctx, actorOf(request), request.params.id),
  );
};
