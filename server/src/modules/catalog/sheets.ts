import {
  type CellValue,
  type ColumnSpec,
  defineSheet as defineBaseSheet,
  type ImportProblem,
  type SheetSpec,
} from '../../platform/spreadsheet';
import { findPersonalData } from '../disclosure';
import { actCategoryLabels, avDutyLabels, dataProblems, penaltyKindLabels, reviewRuleKindLabels, threeListLabels } from './rules';
import {
  type AvDutyData,
  actCategories,
  avDuties,
  circumstanceLevels,
  type DiscretionLevel,
  type DiscretionStandardData,
  type InspectionItemData,
  type ItemData,
  type LegalBasis,
  penaltyKinds,
  type ReviewRuleData,
  reviewRuleKinds,
  type ServiceGuide,
  type ThreeListData,
  threeListKinds,
} from './schema';

/**
 * The .xlsx forms of the item list and the discretion standards (issue 3 §5): Chinese headers as
 * agencies keep them; one spec serves template, import and export (platform/spreadsheet).
 *
 * Legal bases are written as agencies write them, one per line or separated by “；”:
 * `《中华人民共和国食品安全法》第一百二十二条第一款`. The quoted text of the (first) basis has its
 * own column. Flowchart steps: one per line, `环节｜说明｜时限` (说明 and 时限 optional).
 */

/** R-D02, issue 6 §4: a text cell holding personal data is refused, naming its row and column. */
function personalDataCell(value: CellValue): string | null {
  const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  for (const t of texts) {
    const hit = findPersonalData(t);
    if (hit) return `${hit.message}，个人信息不得公示`;
  }
  return null;
}

/** Every sheet of the catalog: its text and list columns also pass the personal-data detector. */
function defineSheet<R>(spec: SheetSpec<R>): SheetSpec<R> {
  return defineBaseSheet({
    ...spec,
    columns: spec.columns.map((c) =>
      c.type === 'text' || c.type === 'list'
        ? { ...c, validate: (v: CellValue, row: Partial<R>) => c.validate?.(v, row) || personalDataCell(v) }
        : c,
    ),
  });
}

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const checkCode = (v: unknown) => (typeof v === 'string' && !codePattern.test(v) ? '编码只能含字母、数字及 _ . -，不超过 40 个字符' : null);
const basisPattern = /^(《[^》]+》)\s*(第[〇零一二三四五六七八九十百千万0-9]+条(?:之[一二三四五六七八九十]+)?)\s*(.*)$/;

/** `《法》第X条第Y款；《法》第Z条` → legal bases; a reason for the first piece that is not one. */
export function parseBases(text: string): { bases: LegalBasis[]; problem: string | null } {
  const bases: LegalBasis[] = [];
  for (const piece of text.split(/[；;\r\n]+/).map((s) => s.trim())) {
    if (!piece) continue;
    const m = basisPattern.exec(piece);
    if (!m) return { bases, problem: `“${piece}”应写作《法律法规名称》第X条（款、项可选），多项用“；”或换行分隔` };
    bases.push({ law: m[1] as string, article: m[2] as string, clause: m[3] ? (m[3] as string) : null, text: null });
  }
  return { bases, problem: bases.length ? null : '至少填写一项依据' };
}
const checkBases = (v: unknown) => (typeof v === 'string' ? parseBases(v).problem : null);
export const formatBases = (bases: readonly LegalBasis[]) => bases.map((b) => `${b.law}${b.article}${b.clause ?? ''}`).join('；\n');

export function parseFlow(text: string | null): ItemData['flowchart'] {
  if (!text) return [];
  return text
    .split(/[\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((line) => {
      const [step, description, timeLimit] = line.split('｜').map((s) => s.trim());
      return { step: step as string, description: description || null, timeLimit: timeLimit || null };
    });
}
export const formatFlow = (steps: ItemData['flowchart']) =>
  (steps ?? []).map((s) => [s.step, s.description ?? '', s.timeLimit ?? ''].join('｜').replace(/｜+$/, '')).join('\n');

const guideColumns: [keyof ServiceGuide, string, number][] = [
  ['acceptingBody', '受理机构', 200],
  ['approvingBody', '决定机构', 200],
  ['conditions', '办理条件', 4000],
  ['preferentialPolicies', '优惠政策', 2000],
  ['materials', '申请材料', 4000],
  ['process', '办理流程', 4000],
  ['timeLimit', '办理时限', 200],
  ['fees', '收费标准', 500],
  ['supervision', '监督投诉渠道', 500],
  ['accountability', '责任追究', 1000],
  ['remedy', '救济途径', 1000],
  ['officeHours', '办公时间', 200],
  ['address', '办公地址', 200],
  ['phone', '咨询电话', 40],
];

export type ItemSheetRow = {
  code: string;
  name: string;
  actCategory: string;
  legalBases: string;
  basisText: string | null;
  duties: string | null;
  flowchart: string | null;
} & { [K in keyof ServiceGuide]: string | null };

export const itemSheet = defineSheet<ItemSheetRow>({
  columns: [
    { header: '事项编码', key: 'code', type: 'text', required: true, unique: true, maxLength: 40, validate: checkCode, width: 14 },
    { header: '事项名称', key: 'name', type: 'text', required: true, maxLength: 200, width: 40 },
    {
      header: '执法类别',
      key: 'actCategory',
      type: 'enum',
      required: true,
      options: actCategories.map((id) => ({ id, label: actCategoryLabels[id] })),
      width: 12,
    },
    {
      header: '法律依据',
      key: 'legalBases',
      type: 'text',
      required: true,
      maxLength: 4000,
      validate: checkBases,
      note: '如：《中华人民共和国食品安全法》第一百二十二条第一款；多项用“；”或换行分隔',
      width: 40,
    },
    { header: '依据条文内容', key: 'basisText', type: 'text', maxLength: 4000, note: '第一项依据的条文原文', width: 50 },
    { header: '职责权限', key: 'duties', type: 'text', maxLength: 2000, width: 30 },
    ...guideColumns.map(([key, header, maxLength]): ColumnSpec<ItemSheetRow> => ({ header, key, type: 'text', maxLength, width: 20 })),
    {
      header: '流程图环节',
      key: 'flowchart',
      type: 'text',
      maxLength: 20000,
      note: '每行一个环节：环节名称｜说明｜时限（说明、时限可省略）',
      width: 40,
    },
  ],
  ignoreHeaders: ['序号', '备注', '实施主体'],
});

export function itemFromRow(r: ItemSheetRow): ItemData {
  const bases = parseBases(r.legalBases).bases;
  if (bases[0] && r.basisText) bases[0] = { ...bases[0], text: r.basisText };
  const guide = Object.fromEntries(guideColumns.filter(([k]) => r[k]).map(([k]) => [k, r[k]])) as ServiceGuide;
  return {
    code: r.code,
    name: r.name,
    actCategory: r.actCategory as ItemData['actCategory'],
    legalBases: bases,
    duties: r.duties,
    serviceGuide: Object.keys(guide).length ? guide : null,
    flowchart: parseFlow(r.flowchart),
  };
}

export function itemToRow(d: ItemData): ItemSheetRow {
  const guide = d.serviceGuide ?? {};
  return {
    code: d.code,
    name: d.name,
    actCategory: d.actCategory,
    legalBases: formatBases(d.legalBases),
    basisText: d.legalBases[0]?.text ?? null,
    duties: d.duties ?? null,
    flowchart: formatFlow(d.flowchart) || null,
    ...(Object.fromEntries(guideColumns.map(([k]) => [k, guide[k] ?? null])) as { [K in keyof ServiceGuide]: string | null }),
  };
}

export interface DiscretionSheetRow {
  code: string;
  itemCode: string | null;
  violation: string;
  legalBasis: string;
  penaltyBasis: string;
  penaltyText: string | null;
  level: string;
  conditions: string;
  penalty: string;
  fineMin: number | null;
  fineMax: number | null;
  gainsMultipleMin: number | null;
  gainsMultipleMax: number | null;
}

/** One row per circumstance level; the rows of one standard share its code (R-D07). */
export const discretionSheet = defineSheet<DiscretionSheetRow>({
  columns: [
    {
      header: '基准编码',
      key: 'code',
      type: 'text',
      required: true,
      maxLength: 40,
      validate: checkCode,
      note: '同一裁量基准的各情节等级各占一行，编码相同',
      width: 14,
    },
    {
      header: '事项编码',
      key: 'itemCode',
      type: 'text',
      maxLength: 40,
      validate: checkCode,
      note: '本单位执法事项清单中的事项编码',
      width: 14,
    },
    { header: '违法行为', key: 'violation', type: 'text', required: true, maxLength: 500, width: 36 },
    { header: '违法依据', key: 'legalBasis', type: 'text', required: true, maxLength: 4000, validate: checkBases, width: 36 },
    { header: '处罚依据', key: 'penaltyBasis', type: 'text', required: true, maxLength: 4000, validate: checkBases, width: 36 },
    { header: '处罚依据条文', key: 'penaltyText', type: 'text', maxLength: 4000, width: 50 },
    {
      header: '情节等级',
      key: 'level',
      type: 'enum',
      required: true,
      options: circumstanceLevels.map((l) => ({ id: l, label: l })),
      width: 10,
    },
    { header: '适用情形', key: 'conditions', type: 'text', required: true, maxLength: 2000, width: 36 },
    { header: '处罚内容', key: 'penalty', type: 'text', required: true, maxLength: 1000, width: 36 },
    { header: '罚款下限（元）', key: 'fineMin', type: 'decimal', min: 0, scale: 2, width: 14 },
    { header: '罚款上限（元）', key: 'fineMax', type: 'decimal', min: 0, scale: 2, width: 14 },
    { header: '倍数下限', key: 'gainsMultipleMin', type: 'decimal', min: 0, scale: 2, note: '违法所得、货值金额等的倍数', width: 10 },
    { header: '倍数上限', key: 'gainsMultipleMax', type: 'decimal', min: 0, scale: 2, width: 10 },
  ],
  ignoreHeaders: ['序号', '备注'],
});

const levelColumns: Record<string, string> = {
  level: '情节等级',
  fineMin: '罚款下限（元）',
  fineMax: '罚款上限（元）',
  gainsMultipleMin: '倍数下限',
  gainsMultipleMax: '倍数上限',
};

/** Groups level rows into standards; problems name the row and column (issue 3 §5). */
export function standardsFromRows(
  rows: readonly DiscretionSheetRow[],
  rowNumbers: readonly number[],
): { standards: { data: DiscretionStandardData; rows: number[] }[]; problems: ImportProblem[] } {
  const groups = new Map<string, { data: DiscretionStandardData; rows: number[] }>();
  const problems: ImportProblem[] = [];
  rows.forEach((r, i) => {
    const rowNo = rowNumbers[i] as number;
    const level: DiscretionLevel = {
      level: r.level as DiscretionLevel['level'],
      conditions: r.conditions,
      penalty: r.penalty,
      fineMin: r.fineMin,
      fineMax: r.fineMax,
      gainsMultipleMin: r.gainsMultipleMin,
      gainsMultipleMax: r.gainsMultipleMax,
    };
    const g = groups.get(r.code);
    if (!g) {
      const penaltyBasis = parseBases(r.penaltyBasis).bases;
      if (penaltyBasis[0] && r.penaltyText) penaltyBasis[0] = { ...penaltyBasis[0], text: r.penaltyText };
      groups.set(r.code, {
        data: {
          code: r.code,
          itemCode: r.itemCode,
          violation: r.violation,
          legalBasis: parseBases(r.legalBasis).bases,
          penaltyBasis,
          levels: [level],
        },
        rows: [rowNo],
      });
      return;
    }
    const first = g.data;
    for (const [key, header] of [
      ['violation', '违法行为'],
      ['itemCode', '事项编码'],
    ] as const) {
      if ((first[key] ?? null) !== (r[key] ?? null))
        problems.push({
          row: rowNo,
          column: header,
          value: String(r[key] ?? ''),
          reason: `与同一基准（${r.code}）第 ${g.rows[0]} 行不一致`,
        });
    }
    if (formatBases(first.legalBasis) !== formatBases(parseBases(r.legalBasis).bases))
      problems.push({ row: rowNo, column: '违法依据', value: r.legalBasis, reason: `与同一基准（${r.code}）第 ${g.rows[0]} 行不一致` });
    first.levels.push(level);
    g.rows.push(rowNo);
  });
  for (const g of groups.values()) {
    for (const p of dataProblems('discretion_standards', g.data)) {
      const m = /^levels\.(\d+)\.(\w+)$/.exec(p.field);
      const idx = m ? Number(m[1]) : 0;
      const column = m ? (levelColumns[m[2] as string] ?? '') : '';
      const lvl = g.data.levels[idx] as DiscretionLevel;
      const value = m ? String((lvl as unknown as Record<string, unknown>)[m[2] as string] ?? '') : '';
      problems.push({ row: g.rows[idx] as number, column, value, reason: p.message });
    }
  }
  return { standards: [...groups.values()], problems };
}

export function standardToRows(d: DiscretionStandardData): DiscretionSheetRow[] {
  return d.levels.map((l) => ({
    code: d.code,
    itemCode: d.itemCode ?? null,
    violation: d.violation,
    legalBasis: formatBases(d.legalBasis),
    penaltyBasis: formatBases(d.penaltyBasis),
    penaltyText: d.penaltyBasis[0]?.text ?? null,
    level: l.level,
    conditions: l.conditions,
    penalty: l.penalty,
    fineMin: l.fineMin,
    fineMax: l.fineMax,
    gainsMultipleMin: l.gainsMultipleMin,
    gainsMultipleMax: l.gainsMultipleMax,
  }));
}

// ---------------------------------------------------------------------------------------------
// Export-only forms (issue 3 §5 “every list exports”): the three lists, the review catalog, the AV
// list and the random-inspection items. Same headers and conventions as above, so a later import
// can take these specs unchanged.

export interface ThreeListSheetRow {
  code: string;
  list: string;
  violation: string;
  legalBasis: string;
  basisText: string | null;
  conditions: string;
  measure: string | null;
}

export const threeListSheet = defineSheet<ThreeListSheetRow>({
  columns: [
    { header: '编码', key: 'code', type: 'text', required: true, unique: true, maxLength: 40, validate: checkCode, width: 14 },
    {
      header: '清单类别',
      key: 'list',
      type: 'enum',
      required: true,
      options: threeListKinds.map((id) => ({ id, label: threeListLabels[id] })),
      width: 18,
    },
    { header: '违法行为', key: 'violation', type: 'text', required: true, maxLength: 500, width: 40 },
    { header: '法律依据', key: 'legalBasis', type: 'text', required: true, maxLength: 4000, validate: checkBases, width: 40 },
    { header: '依据条文内容', key: 'basisText', type: 'text', maxLength: 4000, note: '第一项依据的条文原文', width: 50 },
    { header: '适用条件', key: 'conditions', type: 'text', required: true, maxLength: 2000, width: 40 },
    { header: '处理措施', key: 'measure', type: 'text', maxLength: 500, width: 24 },
  ],
  ignoreHeaders: ['序号', '备注'],
});

export function threeListToRow(d: ThreeListData): ThreeListSheetRow {
  return {
    code: d.code,
    list: d.list,
    violation: d.violation,
    legalBasis: formatBases(d.legalBasis),
    basisText: d.legalBasis[0]?.text ?? null,
    conditions: d.conditions,
    measure: d.measure ?? null,
  };
}

/** 行政处罚法 labels contain “、”, the list separator of a cell: in the sheet it reads “／”. */
const sheetLabel = (label: string) => label.replaceAll('、', '／');

export interface ReviewRuleSheetRow {
  code: string;
  name: string;
  kind: string;
  description: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  actCategories: string[];
  penaltyKinds: string[];
  naturalPersonThreshold: number | null;
  organisationThreshold: number | null;
}

export const reviewRuleSheet = defineSheet<ReviewRuleSheetRow>({
  columns: [
    { header: '编码', key: 'code', type: 'text', required: true, unique: true, maxLength: 40, validate: checkCode, width: 12 },
    { header: '规则名称', key: 'name', type: 'text', required: true, maxLength: 200, width: 30 },
    {
      header: '规则类型',
      key: 'kind',
      type: 'enum',
      required: true,
      options: reviewRuleKinds.map((id) => ({ id, label: sheetLabel(reviewRuleKindLabels[id]) })),
      width: 16,
    },
    { header: '说明', key: 'description', type: 'text', required: true, maxLength: 2000, width: 50 },
    { header: '生效日期', key: 'effectiveFrom', type: 'date', required: true, width: 12 },
    {
      header: '失效日期',
      key: 'effectiveTo',
      type: 'date',
      validate: (v, row) => (typeof v === 'string' && row.effectiveFrom && v < row.effectiveFrom ? '失效日期早于生效日期' : null),
      width: 12,
    },
    {
      header: '执法类别',
      key: 'actCategories',
      type: 'list',
      options: actCategories.map((id) => ({ id, label: actCategoryLabels[id] })),
      note: '规则类型为“执法类别”时填写，多项用“、”分隔',
      width: 20,
    },
    {
      header: '处罚种类',
      key: 'penaltyKinds',
      type: 'list',
      options: penaltyKinds.map((id) => ({ id, label: sheetLabel(penaltyKindLabels[id]) })),
      note: '规则类型为“处罚种类”时填写，多项用“、”分隔',
      width: 30,
    },
    { header: '自然人罚款标准（元）', key: 'naturalPersonThreshold', type: 'decimal', min: 0, scale: 2, width: 14 },
    { header: '法人或其他组织罚款标准（元）', key: 'organisationThreshold', type: 'decimal', min: 0, scale: 2, width: 14 },
  ],
  ignoreHeaders: ['序号', '备注'],
});

export function reviewRuleToRow(d: ReviewRuleData): ReviewRuleSheetRow {
  return {
    code: d.code,
    name: d.name,
    kind: d.kind,
    description: d.description,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: d.effectiveTo ?? null,
    actCategories: [...(d.actCategories ?? [])],
    penaltyKinds: [...(d.penaltyKinds ?? [])],
    naturalPersonThreshold: d.naturalPersonThreshold ?? null,
    organisationThreshold: d.organisationThreshold ?? null,
  };
}

export interface AvDutySheetRow {
  code: string;
  step: string;
  duty: string;
  basis: string | null;
}

export const avDutySheet = defineSheet<AvDutySheetRow>({
  columns: [
    { header: '编码', key: 'code', type: 'text', required: true, unique: true, maxLength: 40, validate: checkCode, width: 12 },
    { header: '执法环节', key: 'step', type: 'text', required: true, maxLength: 100, width: 24 },
    {
      header: '记录要求',
      key: 'duty',
      type: 'enum',
      required: true,
      options: avDuties.map((id) => ({ id, label: avDutyLabels[id] })),
      width: 16,
    },
    { header: '依据', key: 'basis', type: 'text', maxLength: 1000, width: 50 },
  ],
  ignoreHeaders: ['序号', '备注'],
});

export const avDutyToRow = (d: AvDutyData): AvDutySheetRow => ({ code: d.code, step: d.step, duty: d.duty, basis: d.basis ?? null });

export interface InspectionSheetRow {
  code: string;
  name: string;
  basis: string;
  basisText: string | null;
  target: string;
  content: string;
  ratio: string;
  method: string;
  frequency: string;
}

export const inspectionSheet = defineSheet<InspectionSheetRow>({
  columns: [
    { header: '编码', key: 'code', type: 'text', required: true, unique: true, maxLength: 40, validate: checkCode, width: 14 },
    { header: '抽查事项', key: 'name', type: 'text', required: true, maxLength: 200, width: 30 },
    { header: '抽查依据', key: 'basis', type: 'text', required: true, maxLength: 4000, validate: checkBases, width: 40 },
    { header: '依据条文内容', key: 'basisText', type: 'text', maxLength: 4000, note: '第一项依据的条文原文', width: 50 },
    { header: '抽查对象', key: 'target', type: 'text', required: true, maxLength: 500, width: 24 },
    { header: '抽查内容', key: 'content', type: 'text', required: true, maxLength: 2000, width: 40 },
    { header: '抽查比例', key: 'ratio', type: 'text', required: true, maxLength: 200, width: 18 },
    { header: '抽查方式', key: 'method', type: 'text', required: true, maxLength: 200, width: 18 },
    { header: '抽查频次', key: 'frequency', type: 'text', required: true, maxLength: 200, width: 16 },
  ],
  ignoreHeaders: ['序号', '备注'],
});

export function inspectionToRow(d: InspectionItemData): InspectionSheetRow {
  return {
    code: d.code,
    name: d.name,
    basis: formatBases(d.basis),
    basisText: d.basis[0]?.text ?? null,
    target: d.target,
    content: d.content,
    ratio: d.ratio,
    method: d.method,
    frequency: d.frequency,
  };
}
