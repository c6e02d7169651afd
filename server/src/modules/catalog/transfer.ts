import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Actor } from '../../platform/auth';
import type { AppContext } from '../../platform/context';
import { exportWorkbook, type ImportProblem, importRefused, runImport, type SheetSpec, templateWorkbook } from '../../platform/spreadsheet';
import { listKindLabels } from './rules';
import {
  type AvDutyData,
  DiscretionStandardData,
  type InspectionItemData,
  type ItemData,
  ItemData as ItemDataSchema,
  type ReviewRuleData,
  type ThreeListData,
} from './schema';
import { agencyInScope, authorOf, entryRows, itemCodesTakenElsewhere, latestPerEntry, writeEntries } from './service';
import {
  type AvDutySheetRow,
  avDutySheet,
  avDutyToRow,
  type DiscretionSheetRow,
  discretionSheet,
  type InspectionSheetRow,
  type ItemSheetRow,
  inspectionSheet,
  inspectionToRow,
  itemFromRow,
  itemSheet,
  itemToRow,
  type ReviewRuleSheetRow,
  reviewRuleSheet,
  reviewRuleToRow,
  standardsFromRows,
  standardToRows,
  type ThreeListSheetRow,
  threeListSheet,
  threeListToRow,
} from './sheets';
import type { CatalogListKind } from './tables';

/**
 * Import and export of the item list and the discretion standards as .xlsx, and export of the
 * other catalog lists (issue 3 §5: every list exports).
 */

const itemCheck = TypeCompiler.Compile(ItemDataSchema);
const standardCheck = TypeCompiler.Compile(DiscretionStandardData);
const importReason = (file: string) => `从 Excel 导入${file}`;

/** A schema problem of one entry (lengths, counts) as an import problem of its row. */
function schemaProblems(check: typeof itemCheck | typeof standardCheck, data: unknown, row: number): ImportProblem[] {
  return [...check.Errors(data)]
    .slice(0, 3)
    .map((e) => ({ row, column: '', value: String(e.value ?? '').slice(0, 100), reason: `${e.path}：${e.message}` }));
}

export async function itemTemplate() {
  return templateWorkbook(itemSheet, '执法事项', {
    notes: [
      '每行一个执法事项；事项编码在本单位清单内唯一。已存在的编码按本表内容形成新版本，新编码新增事项。',
      '导入形成的变更须提交司法局确认后才会公示。',
    ],
    examples: [
      {
        code: 'MKT-01',
        name: '未取得食品生产经营许可从事食品生产经营活动',
        actCategory: 'penalty',
        legalBases: '《中华人民共和国食品安全法》第一百二十二条第一款',
        flowchart: '立案\n调查取证｜执法人员不少于两人\n决定｜｜自立案之日起九十日内',
      },
    ],
  });
}

export async function discretionTemplate() {
  return templateWorkbook(discretionSheet, '裁量基准', {
    notes: ['每个情节等级一行；同一裁量基准的各行基准编码、违法行为、违法依据相同。', '罚款幅度应在法定幅度之内。'],
    examples: [
      {
        code: 'DS-MKT-01',
        itemCode: 'MKT-01',
        violation: '未取得食品生产经营许可从事食品生产经营活动',
        legalBasis: '《中华人民共和国食品安全法》第一百二十二条第一款',
        penaltyBasis: '《中华人民共和国食品安全法》第一百二十二条第一款',
        level: '一般',
        conditions: '货值金额不足一万元，首次违法',
        penalty: '并处五万元以上七万元以下罚款',
        fineMin: 50_000,
        fineMax: 70_000,
      },
    ],
  });
}

/** The working version of one agency's list (what its GET shows), in the list GET's scope. */
async function workingData<D>(ctx: AppContext, actor: Actor, kind: CatalogListKind, agencyId?: string) {
  const agency = await agencyInScope(ctx.db, actor, agencyId, 'read');
  const rows = [...latestPerEntry(await entryRows(ctx.db, kind, agency.id)).values()].filter((r) => !r.removed);
  return { agency, data: rows.sort((a, b) => a.code.localeCompare(b.code)).map((r) => r.data as D) };
}

export async function exportItems(ctx: AppContext, actor: Actor, agencyId?: string) {
  const { agency, data } = await workingData<ItemData>(ctx, actor, 'items', agencyId);
  return {
    buffer: await exportWorkbook(itemSheet, data.map(itemToRow), '执法事项'),
    filename: `${agency.name}${listKindLabels.items}.xlsx`,
  };
}

export async function exportStandards(ctx: AppContext, actor: Actor, agencyId?: string) {
  const { agency, data } = await workingData<DiscretionStandardData>(ctx, actor, 'discretion_standards', agencyId);
  return {
    buffer: await exportWorkbook(discretionSheet, data.flatMap(standardToRows), '裁量基准'),
    filename: `${agency.name}${listKindLabels.discretion_standards}.xlsx`,
  };
}

/** A list exported as .xlsx: the working version, one row per entry, sorted by code. */
async function exportList<D, R>(
  ctx: AppContext,
  actor: Actor,
  kind: CatalogListKind,
  agencyId: string | undefined,
  sheet: { spec: SheetSpec<R>; name: string; toRow: (d: D) => R },
) {
  const { agency, data } = await workingData<D>(ctx, actor, kind, agencyId);
  return {
    buffer: await exportWorkbook(sheet.spec, data.map(sheet.toRow), sheet.name),
    filename: `${agency.name}${listKindLabels[kind]}.xlsx`,
  };
}

export const exportThreeLists = (ctx: AppContext, actor: Actor, agencyId?: string) =>
  exportList<ThreeListData, ThreeListSheetRow>(ctx, actor, 'three_lists', agencyId, {
    spec: threeListSheet,
    name: '三张清单',
    toRow: threeListToRow,
  });

export const exportReviewCatalog = (ctx: AppContext, actor: Actor, agencyId?: string) =>
  exportList<ReviewRuleData, ReviewRuleSheetRow>(ctx, actor, 'review_catalog', agencyId, {
    spec: reviewRuleSheet,
    name: '法制审核目录',
    toRow: reviewRuleToRow,
  });

export const exportAvDuties = (ctx: AppContext, actor: Actor, agencyId?: string) =>
  exportList<AvDutyData, AvDutySheetRow>(ctx, actor, 'av_duties', agencyId, {
    spec: avDutySheet,
    name: '音像记录事项',
    toRow: avDutyToRow,
  });

export const exportInspectionItems = (ctx: AppContext, actor: Actor, agencyId?: string) =>
  exportList<InspectionItemData, InspectionSheetRow>(ctx, actor, 'inspection_items', agencyId, {
    spec: inspectionSheet,
    name: '随机抽查事项',
    toRow: inspectionToRow,
  });

/** Imports items: every row checked first; all rows written as new versions, or none (a job). */
export async function importItems(ctx: AppContext, actor: Actor, buffer: Buffer, log?: { error(obj: unknown, msg?: string): void }) {
  const agency = await agencyInScope(ctx.db, actor, undefined, 'edit');
  return runImport<ItemSheetRow>(ctx, actor, {
    kind: 'catalog.item_import',
    spec: itemSheet,
    buffer,
    ...(log ? { log } : {}),
    commit: async (trx, rows, progress, { rowNumbers }) => {
      const items = rows.map(itemFromRow);
      const problems = items.flatMap((d, i) => schemaProblems(itemCheck, d, rowNumbers[i] as number));
      const elsewhere = await itemCodesTakenElsewhere(
        trx,
        agency.id,
        items.map((d) => d.code),
      );
      items.forEach((d, i) => {
        const other = elsewhere.get(d.code);
        if (other)
          problems.push({
            row: rowNumbers[i] as number,
            column: '事项编码',
            value: d.code,
            reason: `已被${other}使用；事项编码在全平台唯一`,
          });
      });
      if (problems.length) throw importRefused(problems);
      const r = await writeEntries(trx, ctx, authorOf(actor), 'items', agency, items, importReason(listKindLabels.items), progress);
      return { written: r.created.length + r.updated.length };
    },
  });
}

/** Imports discretion standards (one row per circumstance level), all or none (a job). */
export async function importStandards(ctx: AppContext, actor: Actor, buffer: Buffer, log?: { error(obj: unknown, msg?: string): void }) {
  const agency = await agencyInScope(ctx.db, actor, undefined, 'edit');
  return runImport<DiscretionSheetRow>(ctx, actor, {
    kind: 'catalog.discretion_import',
    spec: discretionSheet,
    buffer,
    ...(log ? { log } : {}),
    commit: async (trx, rows, progress, { rowNumbers }) => {
      const { standards, problems } = standardsFromRows(rows, rowNumbers);
      const itemCodes = new Set(
        [...latestPerEntry(await entryRows(trx, 'items', agency.id)).values()].filter((r) => !r.removed).map((r) => r.code),
      );
      for (const s of standards) {
        problems.push(...schemaProblems(standardCheck, s.data, s.rows[0] as number));
        if (s.data.itemCode && !itemCodes.has(s.data.itemCode))
          problems.push({ row: s.rows[0] as number, column: '事项编码', value: s.data.itemCode, reason: '本单位执法事项清单中没有该事项' });
      }
      if (problems.length) throw importRefused(problems.sort((a, b) => a.row - b.row));
      const r = await writeEntries(
        trx,
        ctx,
        authorOf(actor),
        'discretion_standards',
        agency,
        standards.map((s) => s.data),
        importReason(listKindLabels.discretion_standards),
        progress,
      );
      return { written: r.created.length + r.updated.length };
    },
  });
}
