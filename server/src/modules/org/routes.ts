import type { FastifyPluginAsync } from 'fastify';
import { actorOf, businessRoles, requireRoles } from '../../platform/auth';
import type { RouteOptions } from '../../platform/context';
import { expectedVersion, sendEtag } from '../../platform/http/if-match';
import { errorResponses } from '../../platform/http/schemas';
import { revisionSchemas } from '../../platform/revisions';
import { acceptXlsxBody, ImportStarted, sendWorkbook, xlsxBodyOf, xlsxContentType } from '../../platform/spreadsheet';
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
import { agencyVersions, createAgency, createJurisdiction, getAgency, listAgencies, listJurisdictions, updateAgency } from './service';
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
const editors = requireRoles('agency_head', 'disclosure_clerk', 'reviewer', 'supervisor');
const readers = requireRoles(...businessRoles);
const justice = requireRoles('supervisor');
const windowTags = ['窗口公示'];
// R-D18: an agency's head and disclosure clerk keep its windows (the bureau's supervisors the bureau's own)
const windowEditors = requireRoles('agency_head', 'disclosure_clerk', 'supervisor');

export const orgRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  app.get('/jurisdictions', { schema: { tags, summary: '行政区划列表', response: { 200: s.JurisdictionList, ...errorResponses } } }, () =>
    listJurisdictions(ctx),
  );
  app.post(
    '/jurisdictions',
    {
      preValidation: requireRoles('system_admin'),
      schema: { tags, summary: '新增行政区划', body: s.CreateJurisdictionBody, response: { 201: s.JurisdictionView, ...errorResponses } },
    },
    async (request, reply) =>
      reply.code(201).send(await createJurisdiction(ctx, actorOf(request), request.body as s.CreateJurisdictionBody)),
  );

  // Agencies (R-D01)
  app.get('/agencies', { schema: { tags, summary: '执法主体列表', response: { 200: s.AgencyList, ...errorResponses } } }, (request) =>
    listAgencies(ctx, actorOf(request)),
  );
  app.get('/agencies/export', { schema: { tags, summary: '导出执法主体名录（.xlsx，与列表同范围）' } }, async (request, reply) => {
    const file = await exportAgencies(ctx, actorOf(request));
    return sendWorkbook(reply, file.buffer, file.filename);
  });
  app.post(
    '/agencies',
    {
      preValidation: requireRoles('system_admin', 'supervisor'),
      schema: {
        tags,
        summary: '新增执法主体（待司法局确认后公示）',
        body: s.CreateAgencyBody,
        response: { 201: s.AgencyView, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAgency(ctx, actorOf(request), request.body as s.CreateAgencyBody)),
  );
  app.get(
    '/agencies/:id',
    { schema: { tags, summary: '执法主体详情', params: s.IdParams, response: { 200: s.AgencyView, ...errorResponses } } },
    async (request, reply) => {
      const view = await getAgency(ctx, actorOf(request), (request.params as s.IdParams).id);
      sendEtag(reply, view.version);
      return view;
    },
  );
  app.patch(
    '/agencies/:id',
    {
      preValidation: requireRoles('system_admin', 'supervisor', 'agency_head'),
      schema: {
        tags,
        summary: '修改执法主体（生成新版本，待司法局确认）',
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
    { schema: { tags, summary: '执法主体版本历史', params: s.IdParams, response: { 200: s.AgencyVersionList, ...errorResponses } } },
    (request) => agencyVersions(ctx, actorOf(request), (request.params as s.IdParams).id),
  );
  app.post(
    '/agencies/:id/submit',
    {
      preValidation: requireRoles('system_admin', 'supervisor', 'agency_head'),
      schema: {
        tags,
        summary: '提交执法主体的变更，待司法局确认后公示名录（冻结提交时的内容）',
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
        summary: '执法主体变更的待确认提交与司法局退回意见',
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
        summary: '提交该机关的人员变更，待司法局确认后公示（冻结提交时的内容）',
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
        summary: '该机关人员变更的待确认提交与司法局退回意见',
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
        summary: '人员列表',
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
        summary: '新增人员（待司法局确认后公示）',
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
        summary: '人员详情、证件状态历史、年审',
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
        summary: '修改人员信息（生成新版本，待司法局确认）',
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
        summary: '调动执法人员（司法局办理；原证件注销，调入后须重新申领，R-P02）',
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
        summary: '变更证件状态（红黄绿、注销）',
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
        summary: '登记年审结果（不合格转为红码）',
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
        summary: '培训记录与年度学时',
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
        summary: '登记培训记录',
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
        summary: '本平台适用的阈值：法制审核人员比例、培训学时、证件到期提示天数、变更公示期限（R-L06、R-P03、R-D08）',
        response: { 200: s.OrgThresholds, ...errorResponses },
      },
    },
    () => orgThresholds(),
  );
  app.get(
    '/org/ratios',
    {
      preValidation: justice,
      schema: {
        tags: officerTags,
        summary: '法制审核人员比例（5%）、培训学时（30+30）、60 日内到期证件',
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
      schema: { tags: officerTags, summary: '超过 5 个工作日未公开的变更', response: { 200: s.AlertsReply, ...errorResponses } },
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
        summary: '本机关的政务服务窗口（司法局可看辖区内各机关）',
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
        summary: '新设服务窗口（保存即公示岗位信息公示牌，R-D18）',
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
        summary: '服务窗口详情与版本历史',
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
        summary: '修改服务窗口（生成新版本并立即重新公示）',
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
        summary: '撤销服务窗口（公示牌从公示清单移除，历史版本保留）',
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
    { path: 'officers', label: '执法人员', template: officerTemplate, importList: importOfficers },
    { path: 'training', label: '培训记录', template: trainingTemplate, importList: importTraining },
  ];
  for (const sh of sheets) {
    app.get(
      `/${sh.path}/template`,
      { preValidation: editors, schema: { tags: officerTags, summary: `下载${sh.label}导入模板（.xlsx）` } },
      async (_request, reply) => sendWorkbook(reply, await sh.template(), `${sh.label}导入模板.xlsx`),
    );
  }
  app.get(
    '/officers/export',
    { preValidation: editors, schema: { tags: officerTags, summary: '导出本单位执法人员（.xlsx，工作版本）', querystring: s.ExportQuery } },
    async (request, reply) => {
      const file = await exportOfficers(ctx, actorOf(request), (request.query as s.ExportQuery).agencyId);
      return sendWorkbook(reply, file.buffer, file.filename);
    },
  );
  app.get(
    '/training/export',
    { preValidation: editors, schema: { tags: officerTags, summary: '导出本单位培训记录（.xlsx）', querystring: s.ExportQuery } },
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
            summary: `导入${sh.label}到本单位（后台任务；逐行校验，全部写入或全部不写入）`,
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
