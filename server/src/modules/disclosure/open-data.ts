import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import { Id } from '../../platform/http/schemas';
import { type ListKind, listKinds, publicSchemas } from './kinds';
import type { PublishedEntry } from './queries';

/**
 * Open data (issue 3 §7, R-D19): the path of each kind, its response schemas (exactly the public
 * fields, plus the entry's stable id) and its CSV form.
 */
export const kindSlugs: Record<ListKind, string> = {
  agencies: 'agencies',
  officers: 'officers',
  items: 'items',
  discretion_standards: 'discretion-standards',
  three_lists: 'three-lists',
  review_catalog: 'review-catalog',
  av_duties: 'av-duties',
  inspection_items: 'inspection-items',
  service_windows: 'service-windows',
};

export const kindOfSlug = (slug: string): ListKind | undefined => listKinds.find((k) => kindSlugs[k] === slug);

export const maxPageSize = 500;

export const OpenDataQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: '检索词，多个词须同时匹配（前缀匹配）' })),
    agencyId: Type.Optional(Id('只看某一执法主体的条目')),
    jurisdiction: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$', description: '行政区划代码' })),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: '上一页返回的 nextCursor' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPageSize, default: 100, description: `每页条数，最多 ${maxPageSize}` })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json', description: 'json（默认）或 csv' })),
  },
  { additionalProperties: false },
);
export interface OpenDataQuery {
  q?: string;
  agencyId?: string;
  jurisdiction?: string;
  cursor?: string;
  limit?: number;
  format?: 'json' | 'csv';
}

export const FormatQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })) },
  { additionalProperties: false },
);

/** One published entry as served: its stable id, then exactly its kind's public fields. */
export function entryView(kind: ListKind): TObject {
  const schema = publicSchemas[kind] as TObject;
  return Type.Object(
    { id: Type.String({ description: '条目的稳定标识' }), ...schema.properties },
    { additionalProperties: false, title: kindSlugs[kind] },
  );
}

export function pageView(kind: ListKind): TObject {
  return Type.Object(
    {
      items: Type.Array(entryView(kind)),
      nextCursor: Type.Union([Type.String(), Type.Null()], { description: '下一页的游标；null 表示已是最后一页' }),
    },
    { additionalProperties: false },
  );
}

export const toView = (e: PublishedEntry) => ({ id: e.subjectId, ...e.content });

// ---- lists, versions, one entry of a list (for checking a publication against the journal) ----

const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const journalSeq = nullable(
  Type.Integer({
    minimum: 0,
    description:
      '日志序号：记录本版发布的全过程记录（disclosure.publish）的序号，其内容含本版每个条目的内容哈希；用 /journal/entries/{seq} 与 /journal/proofs/inclusion 核验。早于此功能的版本为 null',
  }),
);
const Change = Type.Object({ subjectId: Type.String(), label: Type.String() }, { additionalProperties: false });

export const ListSummaryView = Type.Object(
  {
    listKey: Type.String({ description: '清单标识，如 items:<执法主体标识>' }),
    listKind: Type.String(),
    agencyId: nullable(Type.String()),
    jurisdictionCode: Type.String(),
    title: Type.String(),
    version: Type.Integer({ description: '当前版本' }),
    publishedAt: Type.String({ format: 'date-time' }),
    entryCount: Type.Integer(),
    journalSeq,
  },
  { additionalProperties: false },
);

export const ListVersionView = Type.Object(
  {
    listKey: Type.String(),
    version: Type.Integer(),
    listKind: Type.String(),
    agencyId: nullable(Type.String()),
    jurisdictionCode: Type.String(),
    title: Type.String(),
    reason: Type.String({ description: '变更说明' }),
    changedAt: Type.String({ format: 'date-time' }),
    confirmed: Type.Boolean({ description: '是否经司法局确认' }),
    publishedAt: Type.String({ format: 'date-time' }),
    entryCount: Type.Integer(),
    changes: Type.Object(
      { added: Type.Array(Change), changed: Type.Array(Change), removed: Type.Array(Change) },
      { additionalProperties: false },
    ),
    journalSeq,
  },
  { additionalProperties: false },
);

export const ListEntryView = Type.Object(
  {
    id: Type.String({ description: '条目的稳定标识（清单内唯一）' }),
    listKey: Type.String(),
    listKind: Type.String(),
    label: Type.String(),
    version: Type.Integer({ description: '发布此内容的清单版本' }),
    supersededIn: nullable(Type.Integer({ description: '取代或移除此内容的清单版本' })),
    content: Type.Object(
      {},
      {
        additionalProperties: true,
        description: '公开字段原样；内容哈希 = sha256(规范 JSON：各级对象的键按序排列后 JSON.stringify)',
      },
    ),
  },
  { additionalProperties: false },
);

// ---- CSV ----------------------------------------------------------------------------------

const common: Record<string, string> = {
  id: '标识',
  name: '名称',
  code: '编码',
  agencyId: '执法主体标识',
  agencyName: '执法主体',
  domains: '执法领域',
  legalBasis: '法律依据',
  legalBases: '法律依据',
  violation: '违法行为',
  conditions: '适用条件',
  basis: '依据',
};

const labels: Record<ListKind, Record<string, string>> = {
  agencies: {
    kind: '主体类别代码',
    kindLabel: '主体类别',
    legalBasis: '职权依据',
    jurisdictionCode: '行政区划代码',
    jurisdictionName: '行政区划',
    uscc: '统一社会信用代码',
    address: '地址',
    phone: '联系电话',
    legalOffice: '法制机构',
    parentName: '上级机关',
    entrustingAgencyName: '委托机关',
  },
  officers: {
    name: '姓名',
    certificateNumber: '执法证号',
    issuingBody: '发证机关',
    status: '证件状态代码',
    statusLabel: '证件状态',
    validUntil: '有效期至',
  },
  items: {
    actCategory: '执法类别代码',
    actCategoryLabel: '执法类别',
    duties: '职责权限',
    serviceGuide: '服务指南',
    flowchart: '流程',
    version: '版本',
  },
  discretion_standards: {
    itemCode: '事项编码',
    penaltyBasis: '处罚依据',
    level: '裁量阶次',
    levelConditions: '适用情形',
    penalty: '处罚标准',
    fineMin: '罚款下限（元）',
    fineMax: '罚款上限（元）',
    gainsMultipleMin: '倍数下限',
    gainsMultipleMax: '倍数上限',
  },
  three_lists: { list: '清单代码', listLabel: '清单', measure: '处理措施' },
  review_catalog: {
    kind: '规则类别代码',
    kindLabel: '规则类别',
    description: '说明',
    effectiveFrom: '生效日期',
    effectiveTo: '失效日期',
  },
  av_duties: { step: '执法环节', duty: '记录要求代码', dutyLabel: '记录要求' },
  inspection_items: { target: '抽查对象', content: '抽查内容', ratio: '抽查比例', method: '抽查方式', frequency: '抽查频次' },
  service_windows: {
    number: '窗口编号',
    name: '窗口名称',
    hall: '服务大厅',
    floor: '楼层',
    openingHours: '办公时间',
    phone: '窗口电话',
    staff: '工作人员（姓名/单位/职务/执法种类/岗位职责）',
    items: '办理事项',
    materials: '申请材料示范文本',
    progressEnquiry: '办理进度查询',
    consultation: '咨询服务',
    complaint: '投诉举报',
    version: '版本',
  },
};

export interface LegalBasisText {
  law: string;
  article: string;
  clause: string | null;
  text: string | null;
}

export const legalBasisCitation = (b: LegalBasisText) => `${b.law}${b.article}${b.clause ?? ''}`;

function isLegalBasisArray(v: unknown): v is LegalBasisText[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === 'object' && 'law' in x && 'article' in x);
}

/** One cell's text: arrays of words joined by "；", legal bases cited, a service guide as label：text. */
function cell(key: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isLegalBasisArray(v)) return v.map(legalBasisCitation).join('；');
  if (key === 'staff' && Array.isArray(v))
    return v
      .map((p: { name: string; unit: string; position: string | null; enforcementCategories: string[]; duties: string }) =>
        [p.name, p.unit, p.position ?? '', p.enforcementCategories.join('、'), p.duties].join('/'),
      )
      .join('；');
  if (key === 'items' && Array.isArray(v)) return v.map((i: { code: string; name: string }) => `${i.code} ${i.name}`).join('；');
  if (key === 'materials' && Array.isArray(v))
    return v
      .map(
        (m: { title: string; text: string; itemCodes: string[] }) =>
          `${m.title}${m.itemCodes.length ? `（${m.itemCodes.join('、')}）` : ''}：${m.text}`,
      )
      .join('；');
  if (key === 'flowchart' && Array.isArray(v))
    return v.map((s: { step: string; timeLimit: string | null }) => (s.timeLimit ? `${s.step}（${s.timeLimit}）` : s.step)).join(' → ');
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('；');
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}：${String(x)}`)
      .join('；');
  return String(v);
}

/** A field that could start a spreadsheet formula is prefixed with a quote (CSV injection). */
function quote(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const header = (kind: ListKind, key: string) => `${labels[kind][key] ?? common[key] ?? key}(${key})`;

/**
 * The CSV of a page of entries: UTF-8 with a BOM (so Excel reads the Chinese), CRLF, a header row
 * "中文名(field)". Discretion standards give one row per circumstance level.
 */
export function toCsv(kind: ListKind, entries: PublishedEntry[]): string {
  const fields = Object.keys((publicSchemas[kind] as TObject).properties);
  const levelFields = ['level', 'levelConditions', 'penalty', 'fineMin', 'fineMax', 'gainsMultipleMin', 'gainsMultipleMax'];
  const expand = kind === 'discretion_standards';
  const keys = ['id', ...fields.filter((f) => !(expand && f === 'levels')), ...(expand ? levelFields : [])];
  const lines = [keys.map((k) => quote(header(kind, k))).join(',')];
  for (const e of entries) {
    const base: Record<string, unknown> = { id: e.subjectId, ...e.content };
    const rows: Record<string, unknown>[] = [];
    if (expand) {
      const levels = (e.content.levels ?? []) as Record<string, unknown>[];
      for (const l of levels.length ? levels : [{}]) rows.push({ ...base, ...l, levelConditions: l.conditions, conditions: undefined });
    } else rows.push(base);
    for (const r of rows) lines.push(keys.map((k) => quote(cell(k, r[k]))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
