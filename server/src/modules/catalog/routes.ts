import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireCapability } from '../../platform/auth';
import type { RouteOptions } from '../../platform/context';
import { IfMatchHeaders } from '../../platform/http/api-contract';
import { expectedVersion, sendEtag } from '../../platform/http/if-match';
import { errorResponses } from '../../platform/http/schemas';
import { revisionSchemas } from '../../platform/revisions';
import { acceptXlsxBody, ImportStarted, sendWorkbook, XlsxFile, xlsxBodyOf, xlsxContentType } from '../../platform/spreadsheet';
import { catalogListKinds, listKindLabels, listKindPaths } from './rules';
import * as s from './schema';
import { createEntry, entryHistory, evaluateForAgency, getEntry, listAlerts, listEntries, submitList, updateEntry } from './service';
import type { CatalogListKind } from './tables';
import { templateRoutes } from './templates-routes';
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
// role sets are declared once, in platform/auth/capabilities.ts (ADR 0007)
const readers = requireCapability('readLists');
const editors = requireCapability('editLists');

/**
 * The names of each list in operationIds (R-S10): `listCatalogItems`, `createCatalogItem` … Written
 * out, not derived from the path, so a client's method names change only when this table does.
 */
const operationNames: Record<CatalogListKind, { one: string; many: string }> = {
  items: { one: 'CatalogItem', many: 'CatalogItems' },
  discretion_standards: { one: 'DiscretionStandard', many: 'DiscretionStandards' },
  three_lists: { one: 'ThreeListEntry', many: 'ThreeListEntries' },
  review_catalog: { one: 'ReviewCatalogEntry', many: 'ReviewCatalogEntries' },
  av_duties: { one: 'AvDuty', many: 'AvDuties' },
  inspection_items: { one: 'InspectionItem', many: 'InspectionItems' },
};

type KindBody = s.KindData[keyof s.KindData] & { reason: string };

/** Workbench API of the enforcement catalog (issue 3), mounted under /api/v1 behind the auth hook. */
export const catalogRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  // document templates, versioned by jurisdiction and effective date (issue 9 §5)
  await app.register(templateRoutes, { ctx });
  for (const kind of catalogListKinds) {
    const base = `/catalog/${listKindPaths[kind]}`;
    const label = listKindLabels[kind];
    const data = s.dataSchemas[kind];
    const body = s.changeBody(data);
    const view = s.entryView(data);
    const { one, many } = operationNames[kind];

    app.get(
      base,
      {
        preValidation: readers,
        schema: {
          tags,
          operationId: `list${many}`,
          summary: `${label}（工作版本）`,
          description: `本单位${label}的工作版本（含未公示的变更及每个条目的状态）；司法局可用 agencyId 查看辖区内其他单位。业务角色可调用；agencyId 不在范围内 404。`,
          querystring: s.ListQuery,
          response: { 200: s.entryList(data), ...errorResponses },
        },
      },
      (request) => listEntries(ctx, actorOf(request), kind, (request.query as { agencyId?: string }).agencyId),
    );
    app.post(
      base,
      {
        preValidation: editors,
        schema: {
          tags,
          operationId: `create${one}`,
          summary: `新增${label}条目`,
          description: `在本单位${label}中新增条目（须附理由），提交并经司法局确认后公示。机关负责人、公示审核人员、法制审核人员和司法局可调用；编码重复 409。`,
          body,
          response: { 201: view, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await createEntry(ctx, actorOf(request), kind, request.body as never)),
    );
    app.get(
      `${base}/:entryId/history`,
      {
        preValidation: readers,
        schema: {
          tags,
          operationId: `list${one}History`,
          summary: `${label}条目的版本历史`,
          description: `${label}中一个条目的全部版本（最新在前），含每版的理由、修改人和是否已公示。业务角色可调用；不在范围内 404。`,
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
        schema: {
          tags,
          operationId: `get${one}`,
          summary: `${label}条目（最新版本）`,
          description: `${label}中一个条目的最新版本，响应头 ETag 为修改时须带的版本。业务角色可调用；不在范围内 404。`,
          params: s.EntryParams,
          response: { 200: view, ...errorResponses },
        },
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
        schema: {
          tags,
          operationId: `update${one}`,
          summary: `修改${label}条目（新版本）`,
          description: `修改${label}中的条目，生成新版本（须附理由）；须带 If-Match。机关负责人、公示审核人员、法制审核人员和司法局可调用；版本过期 412，条目已删除或编码重复 409。`,
          headers: IfMatchHeaders,
          params: s.EntryParams,
          body,
          response: { 200: view, ...errorResponses },
        },
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
          operationId: `delete${one}`,
          summary: `删除${label}条目（记为删除版本，历史保留）`,
          description: `删除${label}中的条目：记为删除版本（须附理由），历史保留，确认后从公示中移除；须带 If-Match。可编辑清单的角色可调用；版本过期 412，已删除 409。`,
          headers: IfMatchHeaders,
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
          operationId: `submit${many}`,
          summary: `提交${label}的变更，待司法局确认（冻结提交时的内容）`,
          description: `把本单位${label}尚未公示的变更提交司法局确认，冻结提交时的内容。可编辑清单的角色可调用；没有待提交的变更 409。`,
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
      schema: {
        tags,
        operationId: 'listCatalogAlerts',
        summary: '超过 5 个工作日仍未公示的清单变更（R-D08）',
        description: '各清单中超过 5 个工作日仍未公示的变更，用于提醒（司法局看辖区内各单位）。业务角色可调用。',
        response: { 200: s.AlertList, ...errorResponses },
      },
    },
    (request) => listAlerts(ctx, actorOf(request)),
  );
  app.post(
    '/catalog/review-catalog/evaluate',
    {
      preValidation: readers,
      schema: {
        tags,
        operationId: 'evaluateReviewCatalog',
        summary: '按法制审核目录判断拟作出的决定是否须法制审核（R-L02）',
        description: '按本单位已公示的重大执法决定法制审核目录，判断拟作出的执法决定是否须经法制审核，并给出依据条目。业务角色可调用。',
        body: s.EvaluateBody,
        response: { 200: s.ReviewEvaluation, ...errorResponses },
      },
    },
    (request) => evaluateForAgency(ctx, actorOf(request), request.body as s.EvaluateBody),
  );

  // issue 3 §5: .xlsx template, export and import (a background job) of items and discretion standards
  const sheets = [
    { path: 'items', op: 'CatalogItems', label: '执法事项', template: itemTemplate, exportList: exportItems, importList: importItems },
    {
      path: 'discretion-standards',
      op: 'DiscretionStandards',
      label: '裁量基准',
      template: discretionTemplate,
      exportList: exportStandards,
      importList: importStandards,
    },
  ];
  // … and export only of the other lists (every list exports): same readers and agencyId scope as their GET
  const exportOnly = [
    { path: 'three-lists', op: 'ThreeListEntries', label: '三张清单', exportList: exportThreeLists },
    { path: 'review-catalog', op: 'ReviewCatalogEntries', label: '法制审核目录', exportList: exportReviewCatalog },
    { path: 'av-duties', op: 'AvDuties', label: '音像记录事项清单', exportList: exportAvDuties },
    { path: 'inspection-items', op: 'InspectionItems', label: '随机抽查事项清单', exportList: exportInspectionItems },
  ];
  for (const sh of sheets) {
    app.get(
      `/catalog/${sh.path}/template`,
      {
        preValidation: readers,
        schema: {
          tags,
          operationId: `get${sh.op}ImportTemplate`,
          summary: `下载${sh.label}导入模板（.xlsx）`,
          description: `下载${sh.label}的 .xlsx 导入模板，含各列说明与可选值。业务角色可调用。`,
          response: { 200: XlsxFile, ...errorResponses },
        },
      },
      async (_request, reply) => sendWorkbook(reply, await sh.template(), `${sh.label}导入模板.xlsx`),
    );
  }
  for (const sh of [...sheets, ...exportOnly]) {
    app.get(
      `/catalog/${sh.path}/export`,
      {
        preValidation: readers,
        schema: {
          tags,
          operationId: `export${sh.op}`,
          summary: `导出${sh.label}（.xlsx，工作版本）`,
          description: `把本单位${sh.label}的工作版本导出为 .xlsx 文件，范围与列表相同（司法局可用 agencyId）。业务角色可调用；agencyId 不在范围内 404。`,
          response: { 200: XlsxFile, ...errorResponses },
          querystring: s.ListQuery,
        },
      },
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
            operationId: `import${sh.op}`,
            summary: `导入${sh.label}（后台任务；逐行校验，全部写入或全部不写入）`,
            description: `上传 .xlsx 文件导入${sh.label}：返回后台任务编号，逐行校验，全部写入或全部不写入，结果按任务编号查询。可编辑清单的角色可调用；文件不是 .xlsx 415。`,
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
