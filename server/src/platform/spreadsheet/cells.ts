import type { CellValue, ColumnSpec } from './spec';

/**
 * Pure conversions from what exceljs reads out of a cell to the typed value of a column. Every
 * refusal is a Chinese reason the user can act on in Excel.
 */

/** The parts of a column the cell conversions read (independent of the row type). */
export type ColumnShape = Pick<ColumnSpec, 'type' | 'required' | 'maxLength' | 'min' | 'max' | 'scale' | 'options'>;

/** A cell as exceljs gives it: primitives, Date, rich text, formulas, hyperlinks, errors. */
export type RawCell = unknown;

type Plain =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; n: number }
  | { kind: 'date'; d: Date }
  | { kind: 'error'; text: string };

const dayMs = 86_400_000;
const excelEpoch = Date.UTC(1899, 11, 30);

/** Flattens rich text, formulas (their cached result), hyperlinks and booleans. */
export function plainOf(raw: RawCell): Plain {
  if (raw === null || raw === undefined) return { kind: 'empty' };
  if (typeof raw === 'number') return Number.isFinite(raw) ? { kind: 'number', n: raw } : { kind: 'error', text: String(raw) };
  if (typeof raw === 'string') {
    const text = raw.replace(/[\u00a0\u3000]/g, ' ').trim();
    return text === '' ? { kind: 'empty' } : { kind: 'text', text };
  }
  if (typeof raw === 'boolean') return { kind: 'text', text: raw ? '是' : '否' };
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { kind: 'empty' } : { kind: 'date', d: raw };
  if (typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (Array.isArray(o.richText)) return plainOf((o.richText as { text?: string }[]).map((r) => r.text ?? '').join(''));
    if ('error' in o) return { kind: 'error', text: String(o.error) };
    if ('formula' in o || 'sharedFormula' in o) return plainOf(o.result);
    if ('text' in o) return plainOf(o.text);
  }
  return { kind: 'text', text: String(raw) };
}

/** The cell as the user sees it, for problem reports. */
export function displayOf(raw: RawCell): string {
  const p = plainOf(raw);
  switch (p.kind) {
    case 'empty':
      return '';
    case 'number':
      return String(p.n);
    case 'date':
      return dateOfInstant(p.d);
    default:
      return p.text;
  }
}

export type CellResult = { ok: true; value: CellValue } | { ok: false; reason: string };

const ok = (value: CellValue): CellResult => ({ ok: true, value });
const bad = (reason: string): CellResult => ({ ok: false, reason });

/** Converts one cell by its column's type and bounds (not `validate` nor `unique`, which need the row or the sheet). */
export function convertCell(column: ColumnShape, raw: RawCell): CellResult {
  const p = plainOf(raw);
  if (p.kind === 'error') return bad(`单元格为错误值 ${p.text}，请改为实际内容`);
  if (p.kind === 'empty') {
    if (column.required) return bad('必填项，不能为空');
    return ok(column.type === 'list' ? [] : null);
  }
  switch (column.type) {
    case 'text':
      return textCell(column, p);
    case 'integer':
    case 'decimal':
      return numberCell(column, p);
    case 'date':
      return dateCell(p);
    case 'enum':
      return enumCell(column, p);
    case 'list':
      return listCell(column, p);
  }
}

function textCell(column: ColumnShape, p: Exclude<Plain, { kind: 'empty' | 'error' }>): CellResult {
  let text: string;
  if (p.kind === 'number') {
    if (Number.isInteger(p.n) && !Number.isSafeInteger(p.n)) {
      return bad('数字位数过多，Excel 已按数值保存而丢失末尾数字；请把该列设为“文本”格式后重新输入');
    }
    text = String(p.n);
  } else if (p.kind === 'date') {
    text = dateOfInstant(p.d);
  } else {
    text = p.text;
  }
  const length = [...text].length;
  if (column.maxLength !== undefined && length > column.maxLength) return bad(`不能超过 ${column.maxLength} 个字（现有 ${length} 个）`);
  return ok(text);
}

/** Full-width digits and signs as typed with a Chinese input method, thousands separators removed. */
export function normalizeNumberText(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\uff0e|。/g, '.')
    .replace(/\uff0d|－/g, '-')
    .replace(/\uff0b/g, '+')
    .replace(/[,，\s]/g, '');
}

function numberCell(column: ColumnShape, p: Exclude<Plain, { kind: 'empty' | 'error' }>): CellResult {
  const integer = column.type === 'integer';
  let n: number;
  let digits: string;
  if (p.kind === 'number') {
    n = p.n;
    digits = String(p.n);
  } else if (p.kind === 'text') {
    digits = normalizeNumberText(p.text);
    const pattern = integer ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
    if (!pattern.test(digits)) return bad(integer ? '应为整数' : '应为数字');
    n = Number(digits);
  } else {
    return bad(integer ? '应为整数，不是日期' : '应为数字，不是日期');
  }
  if (integer && !Number.isInteger(n)) return bad('应为整数');
  if (integer && !Number.isSafeInteger(n)) return bad('数值过大');
  if (!integer && column.scale !== undefined) {
    const fraction = /\.(\d+)$/.exec(digits.replace(/e.*$/i, ''))?.[1] ?? '';
    if (fraction.replace(/0+$/, '').length > column.scale) {
      return bad(column.scale === 0 ? '不能有小数' : `最多保留 ${column.scale} 位小数`);
    }
  }
  if (column.min !== undefined && n < column.min) return bad(`不能小于 ${column.min}`);
  if (column.max !== undefined && n > column.max) return bad(`不能大于 ${column.max}`);
  return ok(n);
}

/** `YYYY-MM-DD` of an instant read from Excel (exceljs gives dates at UTC midnight, sometimes a millisecond early). */
export function dateOfInstant(d: Date): string {
  return new Date(d.getTime() + 500).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` when y-m-d is a real calendar date between 1900 and 2199, else undefined. */
export function legalDate(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
}

const dateReason = '应为日期，格式如 2026-03-02（也可写 2026/3/2、2026年3月2日）';

function dateCell(p: Exclude<Plain, { kind: 'empty' | 'error' }>): CellResult {
  if (p.kind === 'date') return ok(dateOfInstant(p.d));
  if (p.kind === 'number') {
    // 20260302 typed as a number, or an Excel serial day number in an unformatted cell
    if (Number.isInteger(p.n) && p.n >= 19000101 && p.n <= 21991231) {
      const date = legalDate(Math.floor(p.n / 10000), Math.floor(p.n / 100) % 100, p.n % 100);
      return date ? ok(date) : bad(dateReason);
    }
    if (p.n >= 1 && p.n < 109574) return ok(dateOfInstant(new Date(excelEpoch + Math.round(p.n * dayMs))));
    return bad(dateReason);
  }
  const text = normalizeNumberText(p.text);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const date = m ? legalDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  return date ? ok(date) : bad(dateReason);
}

function optionFor(column: ColumnShape, text: string) {
  return column.options?.find((o) => o.label === text) ?? column.options?.find((o) => o.id === text);
}

const optionList = (column: ColumnShape) => (column.options ?? []).map((o) => o.label).join('、');

function enumCell(column: ColumnShape, p: Exclude<Plain, { kind: 'empty' | 'error' }>): CellResult {
  const text = p.kind === 'text' ? p.text : p.kind === 'number' ? String(p.n) : dateOfInstant(p.d);
  const option = optionFor(column, text);
  return option ? ok(option.id) : bad(`应为以下之一：${optionList(column)}`);
}

/** Splits a list cell on 、 ； ; and line breaks. */
export function splitList(text: string): string[] {
  return text
    .split(/[、；;\r\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function listCell(column: ColumnShape, p: Exclude<Plain, { kind: 'empty' | 'error' }>): CellResult {
  const text = p.kind === 'text' ? p.text : p.kind === 'number' ? String(p.n) : dateOfInstant(p.d);
  const items: string[] = [];
  for (const item of splitList(text)) {
    if (column.maxLength !== undefined && [...item].length > column.maxLength) return bad(`“${item}”超过 ${column.maxLength} 个字`);
    let value = item;
    if (column.options) {
      const option = optionFor(column, item);
      if (!option) return bad(`“${item}”不在可选范围内（${optionList(column)}）；多项之间用“、”或“；”分隔`);
      value = option.id;
    }
    if (!items.includes(value)) items.push(value);
  }
  if (column.required && items.length === 0) return bad('必填项，不能为空');
  return ok(items);
}

/** How a header is compared: no spaces or line breaks, no required marks (*, （必填）). */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[(（]必填[)）]/g, '')
    .replace(/[(（]选填[)）]/g, '');
}

/** How a typed value is written back to a cell (export): ids → labels, lists joined with 、. */
export function cellOfValue(column: ColumnShape, value: unknown): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  const label = (v: unknown) => column.options?.find((o) => o.id === v)?.label ?? String(v);
  switch (column.type) {
    case 'enum':
      return label(value);
    case 'list':
      return Array.isArray(value) ? (value.length === 0 ? null : value.map(label).join('、')) : label(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : String(value);
    case 'date': {
      const s = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : s;
    }
    default:
      return String(value);
  }
}
