import type { FastifyPluginAsync } from 'fastify';
import { actorOf, businessRoles, requireRoles } from '../../platform/auth';
import type { RouteOptions } from '../../platform/context';
import { expectedVersion, sendEtag } from '../../platform/http/if-match';
import { errorResponses } from '../../platform/http/schemas';
import { revisionSchemas } from '../../platform/revisions';
import { acceptXlsxBody, ImportStarted, sendWorkbook, xlsxBodyOf, xlsxContentType } from '../../platform/spreadsheet';
import { catalogListKinds, listKindLabels, listKindPaths } from './rules';
import * as s from './schema';
import {
  createEntry,
  editorRoles,
  entryHistory,
  evaluateForAgency,
  getEntry,
  listAlerts,
  listEntries,
  submitList,
  updateEntry,
} from './service';
import {
  discretionTemplate,
  exportAvDuties,
  exportInspectionItems,
  exportItems,
  exportReviewCatalog,
  exportStandards,
  exportThreeLists,
  importItems,
  importStandards,
  itemTemplate,
} from './transfer';

const tags = ['执法事项目录'];
const readers = requireRoles(...businessRoles);
const editors = requireRoles(...editorRoles, 'supervisor');

type KindBody = s.KindData[keyof s.KindData] & { reason: string };

/** Workbench API of the enforcement catalog (issue 3), mounted under /api/v1 behind the auth hook. */
export const catalogRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  for (const kind of catalogListKinds) {
    const base = `/catalog/${listKindPaths[kind]}`;
    const label = listKindLabels[kind];
    const data = s.dataSchemas[kind];
    const body = s.changeBody(data);
    const view = s.entryView(data);

    app.get(
      base,
      {
        preValidation: readers,
        schema: {
          tags,
          summary: `${label}（工作版本）`,
          querystring: s.ListQuery,
          response: { 200: s.entryList(data), ...errorResponses },
        },
      },
      (request) => listEntries(ctx, actorOf(request), kind, (request.query as { agencyId?: string }).agencyId),
    );
    app.post(
      base,
      { preValidation: editors, schema: { tags, summary: `新增${label}条目`, body, response: { 201: view, ...errorResponses } } },
      async (request, reply) => reply.code(201).send(await createEntry(ctx, actorOf(request), kind, request.body as never)),
    );
    app.get(
      `${base}/:entryId/history`,
      {
        preValidation: readers,
        schema: {
          tags,
          summary: `${label}条目的版本历史`,
          params: s.EntryParams,
          response: { 200: s.entryHistory(data), ...errorResponses },
        },
      },
      (request) => entryHistory(ctx, actorOf(request), kind, (request.params as { entryId: string }).entryId),
    );
    app.get(
      `${base}/:entryId`,
      {
        preValidation: readers,
        schema: { tags, summary: `${label}条目（最新版本）`, params: s.EntryParams, response: { 200: view, ...errorResponses } },
      },
      async (request, reply) => {
        const view = await getEntry(ctx, actorOf(request), kind, (request.params as { entryId: string }).entryId);
        sendEtag(reply, view.revision);
        return view;
      },
    );
    app.put(
      `${base}/:entryId`,
      {
        preValidation: editors,
        schema: { tags, summary: `修改${label}条目（新版本）`, params: s.EntryParams, body, response: { 200: view, ...errorResponses } },
      },
      (request) =>
        updateEntry(
          ctx,
          actorOf(request),
          kind,
          (request.params as { entryId: string }).entryId,
          request.body as KindBody,
          expectedVersion(request),
        ),
    );
    app.delete(
      `${base}/:entryId`,
      {
        preValidation: editors,
        schema: {
          tags,
          summary: `删除${label}条目（记为删除版本，历史保留）`,
          params: s.EntryParams,
          body: s.RemoveBody,
          response: { 200: view, ...errorResponses },
        },
      },
      (request) =>
        updateEntry(
          ctx,
          actorOf(request),
          kind,
          (request.params as { entryId: string }).entryId,
          request.body as s.ReasonBody,
          expectedVersion(request),
          true,
        ),
    );
    app.post(
      `${base}/submit`,
      {
        preValidation: editors,
        schema: {
          tags,
          summary: `提交${label}的变更，待司法局确认（冻结提交时的内容）`,
          body: s.SubmitBody,
          response: { 200: revisionSchemas.RevisionView, ...errorResponses },
        },
      },
      (request) => submitList(ctx, actorOf(request), kind, request.body as s.SubmitBody),
    );
  }

  app.get(
    '/catalog/alerts',
    {
      preValidation: readers,
      schema: { tags, summary: '超过 5 个工作日仍未公示的清单变更（R-D08）', response: { 200: s.AlertList, ...errorResponses } },
    },
    (request) => listAlerts(ctx, actorOf(request)),
  );
  app.post(
    '/catalog/review-catalog/evaluate',
    {
      preValidation: readers,
      schema: {
        tags,
        summary: '按法制审核目录判断拟作出的决定是否须法制审核（R-L02）',
        body: s.EvaluateBody,
        response: { 200: s.ReviewEvaluation, ...errorResponses },
      },
    },
    (request) => evaluateForAgency(ctx, actorOf(request), request.body as s.EvaluateBody),
  );

  // issue 3 §5: .xlsx template, export and import (a background job) of items and discretion standards
  const sheets = [
    { path: 'items', label: '执法事项', template: itemTemplate, exportList: exportItems, importList: importItems },
    {
      path: 'discretion-standards',
      label: '裁量基准',
      template: discretionTemplate,
      exportList: exportStandards,
      importList: importStandards,
    },
  ];
  // … and export only of the other lists (every list exports): same readers and agencyId scope as their GET
  const exportOnly = [
    { path: 'three-lists', label: '三张清单', exportList: exportThreeLists },
    { path: 'review-catalog', label: '法制审核目录', exportList: exportReviewCatalog },
    { path: 'av-duties', label: '音像记录事项清单', exportList: exportAvDuties },
    { path: 'inspection-items', label: '随机抽查事项清单', exportList: exportInspectionItems },
  ];
  for (const sh of sheets) {
    app.get(
      `/catalog/${sh.path}/template`,
      { preValidation: readers, schema: { tags, summary: `下载${sh.label}导入模板（.xlsx）` } },
      async (_request, reply) => sendWorkbook(reply, await sh.template(), `${sh.label}导入模板.xlsx`),
    );
  }
  for (const sh of [...sheets, ...exportOnly]) {
    app.get(
      `/catalog/${sh.path}/export`,
      { preValidation: readers, schema: { tags, summary: `导出${sh.label}（.xlsx，工作版本）`, querystring: s.ListQuery } },
      async (request, reply) => {
        const file = await sh.exportList(ctx, actorOf(request), (request.query as { agencyId?: string }).agencyId);
        return sendWorkbook(reply, file.buffer, file.filename);
      },
    );
  }
  await app.register(async (imports) => {
    acceptXlsxBody(imports);
    for (const sh of sheets) {
      imports.post(
        `/catalog/${sh.path}/import`,
        {
          preValidation: editors,
          schema: {
            tags,
            summary: `导入${sh.label}（后台任务；逐行校验，全部写入或全部不写入）`,
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
