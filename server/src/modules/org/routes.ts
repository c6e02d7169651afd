import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../../platform/auth';
import type { RouteOptions } from '../../platform/context';
import { IfMatchHeaders } from '../../platform/http/api-contract';
import { expectedVersion, sendEtag } from '../../platform/http/if-match';
import { errorResponses } from '../../platform/http/schemas';
import { revisionSchemas } from '../../platform/revisions';
import { listJurisdictions, scopeOf } from '../../platform/scope';
import { acceptXlsxBody, ImportStarted, sendWorkbook, XlsxFile, xlsxBodyOf, xlsxContentType } from '../../platform/spreadsheet';
import { transferOfficer } from './officer-transfer';
import {
  addTraining,
  createOfficer,
  getOfficer,
  listOfficers,
  listTraining,
  recordAnnualReview,
  setOfficerStatus,
  updateOfficer,
} from './officers';
import { orgAlerts, orgRatios, orgThresholds } from './oversight';
import { agencyStatus, officerListStatus, submitAgency, submitOfficers } from './revisions';
import * as s from './schema';
import { agencyVersions, createAgency, createJurisdiction, getAgency, listAgencies, updateAgency } from './service';
import {
  exportAgencies,
  exportOfficers,
  exportTraining,
  importOfficers,
  importTraining,
  officerTemplate,
  trainingTemplate,
} from './transfer';
import { createWindow, getWindow, listWindows, retireWindow, updateWindow } from './windows';

const tags = ['机构与区划'];
const officerTags = ['执法人员'];
// role sets are declared once, in platform/auth/capabilities.ts (ADR 0007)
const editors = requireCapability('editLists');
const readers = requireCapability('readLists');
const orgReaders = requireCapability('readOrg');
const justice = requireCapability('supervise');
const windowTags = ['窗口公示'];
// R-D18: an agency's head and disclosure clerk keep its windows (the bureau's supervisors the bureau's own)
const windowEditors = requireCapability('editWindows');

export const orgRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.get(
    '/jurisdictions',
    {
      preValidation: orgReaders,
      schema: {
        tags,
        operationId: 'listJurisdictions',
        summary: '行政区划列表',
        description: '调用者范围内的行政区划（按 GB/T 2260 代码组成的树）。业务角色和系统管理员可调用。',
        response: { 200: s.JurisdictionList, ...errorResponses },
      },
    },
    (request) => listJurisdictions(ctx, scopeOf(actorOf(request))),
  );
  app.post(
    '/jurisdictions',
    {
      preValidation: requireCapability('manageJurisdictions'),
      schema: {
        tags,
        operationId: 'createJurisdiction',
        summary: '新增行政区划',
        description: '在行政区划树中新增一级区划。仅系统管理员；代码不合规或上级不存在 400，代码已存在 409。',
        body: s.CreateJurisdictionBody,
        response: { 201: s.JurisdictionView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createJurisdiction(ctx, actorOf(request), request.body as s.CreateJurisdictionBody)),
  );

  // Agencies (R-D01)
  app.get(
    '/agencies',
    {
      preValidation: orgReaders,
      schema: {
        tags,
        operationId: 'listAgencies',
        summary: '执法主体列表',
        description: '调用者范围内的行政执法主体（工作版本，含待确认的变更状态）。业务角色和系统管理员可调用。',
        response: { 200: s.AgencyList, ...errorResponses },
      },
    },
    (request) => listAgencies(ctx, actorOf(request)),
  );
  app.get(
    '/agencies/export',
    {
      preValidation: orgReaders,
      schema: {
        tags,
        operationId: 'exportAgencies',
        summary: '导出执法主体名录（.xlsx，与列表同范围）',
        description: '把调用者范围内的执法主体导出为 .xlsx 文件，范围与列表相同。业务角色和系统管理员可调用。',
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await exportAgencies(ctx, actorOf(request));
      return sendWorkbook(reply, file.buffer, file.filename);
    },
  );
  app.post(
    '/agencies',
    {
      preValidation: requireCapability('createAgency'),
      schema: {
        tags,
        operationId: 'createAgency',
        summary: '新增执法主体（待司法局确认后公示）',
        description:
          '新增行政执法主体，生成第 1 版，经司法局确认后才进入公开名录。司法局（执法监督人员）和系统管理员可调用；名称或统一社会信用代码重复 409。',
        body: s.CreateAgencyBody,
        response: { 201: s.AgencyView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAgency(ctx, actorOf(request), request.body as s.CreateAgencyBody)),
  );
  app.get(
    '/agencies/:id',
    {
      preValidation: orgReaders,
      schema: {
        tags,
        operationId: 'getAgency',
        summary: '执法主体详情',
        description: '一个执法主体的当前工作版本，响应头 ETag 为修改时须带的版本。业务角色和系统管理员可调用；不在范围内 404。',
        params: s.IdParams,
        response: { 200: s.AgencyView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await getAgency(ctx, actorOf(request), (request.params as s.IdParams).id);
      sendEtag(reply, view.version);
      return view;
    },
  );
  app.patch(
    '/agencies/:id',
    {
      preValidation: requireCapability('editAgency'),
      schema: {
        tags,
        operationId: 'updateAgency',
        summary: '修改执法主体（生成新版本，待司法局确认）',
        description:
          '修改执法主体并生成新版本（须附理由），经司法局确认后公示；须带 If-Match。机关负责人（本机关）、司法局和系统管理员可调用；版本过期 412，名称重复 409。',
        headers: IfMatchHeaders,
        params: s.IdParams,
        body: s.UpdateAgencyBody,
        response: { 200: s.AgencyView, ...errorResponses },
      },
    },
    (request) =>
      updateAgency(ctx, actorOf(request), (request.params as s.IdParams).id, request.body as s.UpdateAgencyBody, expectedVersion(request)),
  );
  app.get(
    '/agencies/:id/versions',
    {
      preValidation: orgReaders,
      schema: {
        tags,
        operationId: 'listAgencyVersions',
        summary: '执法主体版本历史',
        description: '执法主体的全部版本（最新在前），含每版的变更理由、修改人和确认状态。业务角色和系统管理员可调用；不在范围内 404。',
        params: s.IdParams,
        response: { 200: s.AgencyVersionList, ...errorResponses },
      },
    },
    (request) => agencyVersions(ctx, actorOf(request), (request.params as s.IdParams).id),
  );
  app.post(
    '/agencies/:id/submit',
    {
      preValidation: requireCapability('editAgency'),
      schema: {
        tags,
        operationId: 'submitAgency',
        summary: '提交执法主体的变更，待司法局确认后公示名录（冻结提交时的内容）',
        description:
          '把执法主体尚未公示的变更提交司法局确认，冻结提交时的内容。机关负责人、司法局和系统管理员可调用；没有待提交的变更 409。',
        params: s.IdParams,
        body: s.SubmitBody,
        response: { 200: revisionSchemas.RevisionView, ...errorResponses },
      },
    },
    (request) => submitAgency(ctx, actorOf(request), (request.params as s.IdParams).id, request.body as s.SubmitBody),
  );
  app.get(
    '/agencies/:id/revision-status',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'getAgencyRevisionStatus',
        summary: '执法主体变更的待确认提交与司法局退回意见',
        description: '执法主体是否有待司法局确认的提交，以及最近一次退回的意见。业务角色可调用；不在范围内 404。',
        params: s.IdParams,
        response: { 200: s.SubjectStatus, ...errorResponses },
      },
    },
    (request) => agencyStatus(ctx, actorOf(request), (request.params as s.IdParams).id),
  );
  app.post(
    '/agencies/:id/officers/submit',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'submitAgencyOfficers',
        summary: '提交该机关的人员变更，待司法局确认后公示（冻结提交时的内容）',
        description:
          '把本机关执法人员清单尚未公示的变更提交司法局确认，冻结提交时的内容。可编辑清单的角色（机关负责人、公示审核人员、法制审核人员、司法局）可调用；没有待提交的变更 409。',
        params: s.IdParams,
        body: s.SubmitBody,
        response: { 200: revisionSchemas.RevisionView, ...errorResponses },
      },
    },
    (request) => submitOfficers(ctx, actorOf(request), (request.params as s.IdParams).id, request.body as s.SubmitBody),
  );
  app.get(
    '/agencies/:id/officers/revision-status',
    {
      preValidation: readers,
      schema: {
        tags: officerTags,
        operationId: 'getAgencyOfficersRevisionStatus',
        summary: '该机关人员变更的待确认提交与司法局退回意见',
        description: '本机关执法人员清单是否有待司法局确认的提交，以及最近一次退回的意见。业务角色可调用；不在范围内 404。',
        params: s.IdParams,
        response: { 200: s.SubjectStatus, ...errorResponses },
      },
    },
    (request) => officerListStatus(ctx, actorOf(request), (request.params as s.IdParams).id),
  );

  // Officers, certificates, training (R-P01..R-P04)
  app.get(
    '/officers',
    {
      preValidation: readers,
      schema: {
        tags: officerTags,
        operationId: 'listOfficers',
        summary: '人员列表',
        description: '调用者范围内的执法人员（工作版本），可按机关、证件状态等筛选。业务角色可调用。',
        querystring: s.OfficerListQuery,
        response: { 200: s.OfficerList, ...errorResponses },
      },
    },
    (request) => listOfficers(ctx, actorOf(request), request.query as s.OfficerListQuery),
  );
  app.post(
    '/officers',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'createOfficer',
        summary: '新增人员（待司法局确认后公示）',
        description: '新增执法人员及其执法证件信息，经司法局确认后公示。可编辑清单的角色可调用；公民身份号码或证件号重复 409。',
        body: s.CreateOfficerBody,
        response: { 201: s.OfficerView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createOfficer(ctx, actorOf(request), request.body as s.CreateOfficerBody)),
  );
  app.get(
    '/officers/:id',
    {
      preValidation: readers,
      schema: {
        tags: officerTags,
        operationId: 'getOfficer',
        summary: '人员详情、证件状态历史、年审',
        description: '一名执法人员的当前工作版本、证件状态历史和年审记录，响应头 ETag 为修改时须带的版本。业务角色可调用；不在范围内 404。',
        params: s.IdParams,
        response: { 200: s.OfficerDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const detail = await getOfficer(ctx, actorOf(request), (request.params as s.IdParams).id);
      sendEtag(reply, detail.officer.version);
      return detail;
    },
  );
  app.patch(
    '/officers/:id',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'updateOfficer',
        summary: '修改人员信息（生成新版本，待司法局确认）',
        description:
          '修改执法人员信息并生成新版本（须附理由），经司法局确认后公示；须带 If-Match。可编辑清单的角色可调用；版本过期 412，证件号重复 409。',
        headers: IfMatchHeaders,
        params: s.IdParams,
        body: s.UpdateOfficerBody,
        response: { 200: s.OfficerView, ...errorResponses },
      },
    },
    (request) =>
      updateOfficer(
        ctx,
        actorOf(request),
        (request.params as s.IdParams).id,
        request.body as s.UpdateOfficerBody,
        expectedVersion(request),
      ),
  );
  app.post(
    '/officers/:id/transfer',
    {
      preValidation: justice,
      schema: {
        tags: officerTags,
        operationId: 'transferOfficer',
        summary: '调动执法人员（司法局办理；原证件注销，调入后须重新申领，R-P02）',
        description:
          '把执法人员调入另一机关：原证件注销，调入后须重新申领。仅司法局（执法监督人员）；人员已不在岗 409，目标机关不在范围内 404。',
        params: s.IdParams,
        body: s.TransferOfficerBody,
        response: { 200: s.TransferOfficerReply, ...errorResponses },
      },
    },
    (request) => transferOfficer(ctx, actorOf(request), (request.params as s.IdParams).id, request.body as s.TransferOfficerBody),
  );
  app.post(
    '/officers/:id/status',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'changeOfficerCertificateStatus',
        summary: '变更证件状态（红黄绿、注销）',
        description:
          '变更执法证件状态（红码、黄码、绿码或注销，须附理由）；须带 If-Match。可编辑清单的角色可调用；证件已注销或状态未变 409，版本过期 412。',
        headers: IfMatchHeaders,
        params: s.IdParams,
        body: s.StatusChangeBody,
        response: { 200: s.OfficerView, ...errorResponses },
      },
    },
    (request) =>
      setOfficerStatus(
        ctx,
        actorOf(request),
        (request.params as s.IdParams).id,
        request.body as s.StatusChangeBody,
        expectedVersion(request),
      ),
  );
  app.post(
    '/officers/:id/annual-reviews',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'recordOfficerAnnualReview',
        summary: '登记年审结果（不合格转为红码）',
        description: '登记执法人员某年度的年审结果，不合格时证件转为红码。可编辑清单的角色可调用；不在范围内 404。',
        params: s.IdParams,
        body: s.AnnualReviewBody,
        response: { 201: s.OfficerView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordAnnualReview(ctx, actorOf(request), (request.params as s.IdParams).id, request.body as s.AnnualReviewBody)),
  );
  app.get(
    '/officers/:id/training',
    {
      preValidation: readers,
      schema: {
        tags: officerTags,
        operationId: 'listOfficerTraining',
        summary: '培训记录与年度学时',
        description: '执法人员的培训记录及各年度的学时合计。业务角色可调用；不在范围内 404。',
        params: s.IdParams,
        response: { 200: s.TrainingList, ...errorResponses },
      },
    },
    (request) => listTraining(ctx, actorOf(request), (request.params as s.IdParams).id),
  );
  app.post(
    '/officers/:id/training',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'recordOfficerTraining',
        summary: '登记培训记录',
        description: '为执法人员登记一条培训记录（日期、内容、学时）。可编辑清单的角色可调用；不在范围内 404。',
        params: s.IdParams,
        body: s.TrainingBody,
        response: { 201: s.TrainingView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addTraining(ctx, actorOf(request), (request.params as s.IdParams).id, request.body as s.TrainingBody)),
  );

  // The justice bureau's views
  app.get(
    '/org/thresholds',
    {
      preValidation: readers,
      schema: {
        tags: officerTags,
        operationId: 'getOrgThresholds',
        summary: '本平台适用的阈值：法制审核人员比例、培训学时、证件到期提示天数、变更公示期限（R-L06、R-P03、R-D08）',
        description: '本平台适用的阈值：法制审核人员比例、年度培训学时、证件到期提示天数、变更公示期限（工作日）。业务角色可调用。',
        response: { 200: s.OrgThresholds, ...errorResponses },
      },
    },
    (request) => orgThresholds(ctx, actorOf(request)),
  );
  app.get(
    '/org/ratios',
    {
      preValidation: justice,
      schema: {
        tags: officerTags,
        operationId: 'getOrgRatios',
        summary: '法制审核人员比例（5%）、培训学时（30+30）、60 日内到期证件',
        description: '司法局辖区内各机关的法制审核人员比例、培训学时达标情况和即将到期的证件。仅司法局（执法监督人员）。',
        querystring: s.YearQuery,
        response: { 200: s.RatiosReply, ...errorResponses },
      },
    },
    (request) => orgRatios(ctx, actorOf(request), (request.query as s.YearQuery).year),
  );
  app.get(
    '/org/alerts',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'listOrgAlerts',
        summary: '超过 5 个工作日未公开的变更',
        description: '执法主体和人员清单中超过 5 个工作日仍未公示的变更，用于提醒。可编辑清单的角色可调用。',
        response: { 200: s.AlertsReply, ...errorResponses },
      },
    },
    (request) => orgAlerts(ctx, actorOf(request)),
  );

  // Service windows and their post information boards (R-D18); saving publishes at once
  app.get(
    '/agencies/:agencyId/service-windows',
    {
      preValidation: readers,
      schema: {
        tags: windowTags,
        operationId: 'listServiceWindows',
        summary: '本机关的政务服务窗口（司法局可看辖区内各机关）',
        description: '一个机关的政务服务窗口及其岗位信息公示牌（司法局可看辖区内各机关）。业务角色可调用；机关不在范围内 404。',
        params: s.ServiceWindowParams,
        querystring: s.ServiceWindowListQuery,
        response: { 200: s.ServiceWindowList, ...errorResponses },
      },
    },
    (request) =>
      listWindows(ctx, actorOf(request), (request.params as s.ServiceWindowParams).agencyId, request.query as s.ServiceWindowListQuery),
  );
  app.post(
    '/agencies/:agencyId/service-windows',
    {
      preValidation: windowEditors,
      schema: {
        tags: windowTags,
        operationId: 'createServiceWindow',
        summary: '新设服务窗口（保存即公示岗位信息公示牌，R-D18）',
        description: '新设政务服务窗口，保存即公示其岗位信息公示牌。机关负责人、公示审核人员和司法局可调用；窗口编号重复或机关已撤销 409。',
        params: s.ServiceWindowParams,
        body: s.CreateServiceWindowBody,
        response: { 201: s.ServiceWindowView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createWindow(
            ctx,
            actorOf(request),
            (request.params as s.ServiceWindowParams).agencyId,
            request.body as s.CreateServiceWindowBody,
          ),
        ),
  );
  app.get(
    '/agencies/:agencyId/service-windows/:id',
    {
      preValidation: readers,
      schema: {
        tags: windowTags,
        operationId: 'getServiceWindow',
        summary: '服务窗口详情与版本历史',
        description: '一个服务窗口的当前内容与版本历史，响应头 ETag 为修改时须带的版本。业务角色可调用；不在范围内 404。',
        params: s.ServiceWindowIdParams,
        response: { 200: s.ServiceWindowDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = request.params as s.ServiceWindowIdParams;
      const detail = await getWindow(ctx, actorOf(request), p.agencyId, p.id);
      sendEtag(reply, detail.window.version);
      return detail;
    },
  );
  app.patch(
    '/agencies/:agencyId/service-windows/:id',
    {
      preValidation: windowEditors,
      schema: {
        tags: windowTags,
        operationId: 'updateServiceWindow',
        summary: '修改服务窗口（生成新版本并立即重新公示）',
        description:
          '修改服务窗口，生成新版本并立即重新公示；须带 If-Match。机关负责人、公示审核人员和司法局可调用；窗口已撤销 409，版本过期 412。',
        headers: IfMatchHeaders,
        params: s.ServiceWindowIdParams,
        body: s.UpdateServiceWindowBody,
        response: { 200: s.ServiceWindowView, ...errorResponses },
      },
    },
    (request) => {
      const p = request.params as s.ServiceWindowIdParams;
      return updateWindow(ctx, actorOf(request), p.agencyId, p.id, request.body as s.UpdateServiceWindowBody, expectedVersion(request));
    },
  );
  app.post(
    '/agencies/:agencyId/service-windows/:id/retire',
    {
      preValidation: windowEditors,
      schema: {
        tags: windowTags,
        operationId: 'retireServiceWindow',
        summary: '撤销服务窗口（公示牌从公示清单移除，历史版本保留）',
        description:
          '撤销服务窗口（须附理由），公示牌从公示清单移除，历史版本保留；须带 If-Match。机关负责人、公示审核人员和司法局可调用；已撤销 409，版本过期 412。',
        headers: IfMatchHeaders,
        params: s.ServiceWindowIdParams,
        body: s.RetireServiceWindowBody,
        response: { 200: s.ServiceWindowView, ...errorResponses },
      },
    },
    (request) => {
      const p = request.params as s.ServiceWindowIdParams;
      return retireWindow(ctx, actorOf(request), p.agencyId, p.id, request.body as s.RetireServiceWindowBody, expectedVersion(request));
    },
  );

  // issue 3 §5: .xlsx template, export and import (a background job; all rows or none)
  const sheets = [
    { path: 'officers', op: 'Officers', label: '执法人员', template: officerTemplate, importList: importOfficers },
    { path: 'training', op: 'Training', label: '培训记录', template: trainingTemplate, importList: importTraining },
  ];
  for (const sh of sheets) {
    app.get(
      `/${sh.path}/template`,
      {
        preValidation: editors,
        schema: {
          tags: officerTags,
          operationId: `get${sh.op}ImportTemplate`,
          summary: `下载${sh.label}导入模板（.xlsx）`,
          description: `下载${sh.label}的 .xlsx 导入模板，含各列说明与可选值。可编辑清单的角色可调用。`,
          response: { 200: XlsxFile, ...errorResponses },
        },
      },
      async (_request, reply) => sendWorkbook(reply, await sh.template(), `${sh.label}导入模板.xlsx`),
    );
  }
  app.get(
    '/officers/export',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'exportOfficers',
        summary: '导出本单位执法人员（.xlsx，工作版本）',
        description: '把一个机关的执法人员（工作版本）导出为 .xlsx 文件。可编辑清单的角色可调用；机关不在范围内 404。',
        response: { 200: XlsxFile, ...errorResponses },
        querystring: s.ExportQuery,
      },
    },
    async (request, reply) => {
      const file = await exportOfficers(ctx, actorOf(request), (request.query as s.ExportQuery).agencyId);
      return sendWorkbook(reply, file.buffer, file.filename);
    },
  );
  app.get(
    '/training/export',
    {
      preValidation: editors,
      schema: {
        tags: officerTags,
        operationId: 'exportTraining',
        summary: '导出本单位培训记录（.xlsx）',
        description: '把一个机关某年度的培训记录导出为 .xlsx 文件。可编辑清单的角色可调用；机关不在范围内 404。',
        response: { 200: XlsxFile, ...errorResponses },
        querystring: s.ExportQuery,
      },
    },
    async (request, reply) => {
      const q = request.query as s.ExportQuery;
      const file = await exportTraining(ctx, actorOf(request), q.agencyId, q.year);
      return sendWorkbook(reply, file.buffer, file.filename);
    },
  );
  await app.register(async (imports) => {
    acceptXlsxBody(imports);
    for (const sh of sheets) {
      imports.post(
        `/${sh.path}/import`,
        {
          preValidation: editors,
          schema: {
            tags: officerTags,
            operationId: `import${sh.op}`,
            summary: `导入${sh.label}到本单位（后台任务；逐行校验，全部写入或全部不写入）`,
            description: `上传 .xlsx 文件导入${sh.label}到本单位：返回后台任务编号，逐行校验，全部写入或全部不写入，结果按任务编号查询。可编辑清单的角色可调用；文件不是 .xlsx 415。`,
            consumes: [xlsxContentType],
            response: { 202: ImportStarted, ...errorResponses },
          },
        },
        async (request, reply) =>
          reply.code(202).send({ jobId: await sh.importList(ctx, actorOf(request), xlsxBodyOf(request), request.log) }),
      );
    }
  });
};
