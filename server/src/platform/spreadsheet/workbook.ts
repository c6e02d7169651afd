import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';

// exceljs (~28 MiB) is loaded at the first import or export, not when the server starts (an idle
// server stays small: bench/uploads, issue 9)
const newWorkbook = async (): Promise<ExcelJS.Workbook> => new (await import('exceljs')).default.Workbook();

import { type CellResult, type ColumnShape, cellOfValue, convertCell, displayOf, normalizeHeader } from './cells';
import type { CellValue, ColumnSpec, ImportProblem, SheetSpec } from './spec';
import { declaredUncompressedSize } from './zip';

/** The instructions sheet and the hidden options sheet of a template: never read as data. */
export const instructionsSheetName = '填写说明';
const optionsSheetName = '选项';
/** Rows of the template that carry the enum drop-downs. */
const templateRows = 10_000;
/** Header rows are looked for among the first rows (a form may open with a title row). */
const headerSearchRows = 10;
/** Largest workbook, uncompressed, that is loaded (exceljs keeps it all in memory: ~1.5 GB at this size). */
export const maxUncompressedBytes = 100 * 1024 * 1024;
/** Default largest number of data rows of one import. */
export const defaultMaxRows = 100_000;

export interface ParseResult<R> {
  /** the rows that are not empty, in sheet order, typed by the spec (only meaningful without problems) */
  rows: R[];
  /** the Excel row number of each entry of `rows` */
  rowNumbers: number[];
  /** every problem found: headers first, then row by row, column by column */
  problems: ImportProblem[];
}

/** Chinese description of a column, for the header comment and the instructions sheet. */
export function describeColumn(column: ColumnShape & Pick<ColumnSpec, 'note' | 'unique'>): string {
  const kind: Record<ColumnSpec['type'], string> = {
    text: '文本',
    integer: '整数',
    decimal: '数字',
    date: '日期，格式如 2026-03-02',
    enum: '从下拉列表中选择',
    list: '可填多项，用“、”或“；”分隔',
  };
  const parts = [column.required ? '必填' : '选填', kind[column.type]];
  if (column.maxLength !== undefined) parts.push(`不超过 ${column.maxLength} 个字${column.type === 'list' ? '（每项）' : ''}`);
  if (column.min !== undefined) parts.push(`不小于 ${column.min}`);
  if (column.max !== undefined) parts.push(`不大于 ${column.max}`);
  if (column.scale !== undefined) parts.push(column.scale === 0 ? '不含小数' : `最多 ${column.scale} 位小数`);
  if (column.unique) parts.push('各行不得重复');
  if (column.options) parts.push(`可选：${column.options.map((o) => o.label).join('、')}`);
  const text = parts.join('；');
  return column.note ? `${column.note}。${text}` : text;
}

async function load(buffer: Buffer | Uint8Array): Promise<ExcelJS.Workbook | undefined> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(buffer as never);
    return wb;
  } catch {
    return undefined;
  }
}

interface HeaderMatch {
  sheet: ExcelJS.Worksheet;
  row: number;
  matched: number;
}

function findHeader<R>(wb: ExcelJS.Workbook, spec: SheetSpec<R>): HeaderMatch | undefined {
  const wanted = new Set(spec.columns.map((c) => normalizeHeader(c.header)));
  for (const sheet of wb.worksheets) {
    if (sheet.name === instructionsSheetName || sheet.name === optionsSheetName) continue;
    let best: HeaderMatch | undefined;
    for (let r = 1; r <= Math.min(headerSearchRows, sheet.rowCount); r++) {
      let matched = 0;
      sheet.getRow(r).eachCell((cell) => {
        if (wanted.has(normalizeHeader(displayOf(cell.value)))) matched++;
      });
      if (matched > 0 && (!best || matched > best.matched)) best = { sheet, row: r, matched };
    }
    if (best) return best;
  }
  return undefined;
}

/**
 * Reads a workbook against a spec and validates EVERY row before anything is written (issue 3 §5).
 * The header row is found among the first rows of the first data sheet (a title row above it is
 * fine); unknown, duplicate and missing required headers are problems. Empty rows (all spec
 * columns empty, e.g. a pre-numbered form) are skipped. Cells merged down several rows give each
 * row the merged value; dates may be real Excel dates, serial numbers or text; numbers may be
 * stored as text (full-width digits and thousands separators accepted).
 */
export async function parseWorkbook<R>(buffer: Buffer | Uint8Array, spec: SheetSpec<R>): Promise<ParseResult<R>> {
  const problems: ImportProblem[] = [];
  const maxRows = spec.maxRows ?? defaultMaxRows;
  const inflated = declaredUncompressedSize(buffer);
  if (inflated !== undefined && inflated > maxUncompressedBytes) {
    problems.push({
      row: 1,
      column: '',
      value: '',
      reason: `文件内容过多（解压后超过 ${maxUncompressedBytes / 1024 / 1024} MB），请分批导入，每批不超过 ${maxRows} 行`,
    });
    return { rows: [], rowNumbers: [], problems };
  }
  const wb = await load(buffer);
  if (!wb) {
    problems.push({
      row: 1,
      column: '',
      value: '',
      reason: '无法读取文件：不是有效的 Excel 工作簿（.xlsx）；.xls 或 WPS 文件请另存为 .xlsx 后再导入',
    });
    return { rows: [], rowNumbers: [], problems };
  }
  const header = findHeader(wb, spec);
  if (!header) {
    problems.push({
      row: 1,
      column: '',
      value: '',
      reason: `未找到表头：前 ${headerSearchRows} 行中没有模板中的列名（${spec.columns.map((c) => c.header).join('、')}），请使用下载的模板`,
    });
    return { rows: [], rowNumbers: [], problems };
  }
  const { sheet, row: headerRow } = header;
  if (sheet.actualRowCount - 1 > maxRows) {
    problems.push({ row: 1, column: '', value: '', reason: `数据超过 ${maxRows} 行（约 ${sheet.actualRowCount - 1} 行），请分批导入` });
    return { rows: [], rowNumbers: [], problems };
  }

  // Which sheet column holds which spec column.
  const byHeader = new Map(spec.columns.map((c) => [normalizeHeader(c.header), c]));
  const ignored = new Set((spec.ignoreHeaders ?? ['序号']).map(normalizeHeader));
  const columnAt = new Map<number, ColumnSpec<R>>();
  const seen = new Map<ColumnSpec<R>, number>();
  sheet.getRow(headerRow).eachCell((cell, col) => {
    if (cell.isMerged && cell.master !== cell) return; // a header merged across columns counts once
    const raw = displayOf(cell.value);
    const name = normalizeHeader(raw);
    if (name === '') return;
    const column = byHeader.get(name);
    if (!column) {
      if (!ignored.has(name)) {
        problems.push({ row: headerRow, column: raw, value: raw, reason: `无法识别的列“${raw}”，请使用模板中的列名` });
      }
      return;
    }
    if (seen.has(column)) {
      problems.push({ row: headerRow, column: column.header, value: raw, reason: `列“${column.header}”重复出现` });
      return;
    }
    seen.set(column, col);
    columnAt.set(col, column);
  });
  for (const column of spec.columns) {
    if (column.required && !seen.has(column)) {
      problems.push({ row: headerRow, column: column.header, value: '', reason: `缺少必填列“${column.header}”` });
    }
  }

  const rows: R[] = [];
  const rowNumbers: number[] = [];
  const firstRowOf = new Map<ColumnSpec<R>, Map<string, number>>();
  for (const c of spec.columns) if (c.unique) firstRowOf.set(c, new Map());
  const columns = [...seen.entries()];

  // Only rows that hold something: a sheet styled down to row 1,048,576 is not walked row by row.
  const dataRows: ExcelJS.Row[] = [];
  sheet.eachRow((excelRow, r) => {
    if (r > headerRow) dataRows.push(excelRow);
  });
  for (const excelRow of dataRows) {
    const r = excelRow.number;
    const raws = columns.map(([column, col]) => [column, excelRow.getCell(col).value] as const);
    if (raws.every(([, raw]) => displayOf(raw) === '')) continue;

    const values: Partial<Record<string, CellValue>> = {};
    const results: [ColumnSpec<R>, unknown, CellResult][] = [];
    for (const [column, raw] of raws) {
      const result = convertCell(column, raw);
      results.push([column, raw, result]);
      if (result.ok) values[column.key] = result.value;
    }
    for (const column of spec.columns) {
      if (!seen.has(column)) values[column.key] = column.type === 'list' ? [] : null;
    }
    for (const [column, raw, result] of results) {
      if (!result.ok) {
        problems.push({ row: r, column: column.header, value: displayOf(raw), reason: result.reason });
        continue;
      }
      const reason = column.validate?.(result.value, values as Partial<R>);
      if (reason) {
        problems.push({ row: r, column: column.header, value: displayOf(raw), reason });
        continue;
      }
      const firsts = firstRowOf.get(column);
      if (firsts && result.value !== null && !(Array.isArray(result.value) && result.value.length === 0)) {
        const key = JSON.stringify(result.value);
        const first = firsts.get(key);
        if (first !== undefined) problems.push({ row: r, column: column.header, value: displayOf(raw), reason: `与第 ${first} 行重复` });
        else firsts.set(key, r);
      }
    }
    rows.push(values as R);
    rowNumbers.push(r);
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ row: headerRow + 1, column: '', value: '', reason: '表中没有数据行' });
  }
  return { rows, rowNumbers, problems };
}

function styleHeader<R>(sheet: ExcelJS.Worksheet, spec: SheetSpec<R>, withNotes: boolean) {
  sheet.columns = spec.columns.map((c) => ({
    header: c.required ? `*${c.header}` : c.header,
    key: c.key,
    width: c.width ?? Math.max(12, Math.min(40, [...c.header].length * 2 + 4)),
    style: c.type === 'text' ? { numFmt: '@' } : c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const row = sheet.getRow(1);
  row.height = 28;
  spec.columns.forEach((column, i) => {
    const cell = row.getCell(i + 1);
    cell.font = { bold: true, color: { argb: column.required ? 'FFC00000' : 'FF1F1F1F' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    cell.numFmt = '@';
    if (withNotes) cell.note = describeColumn(column);
  });
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** exceljs keeps range validations in `worksheet.dataValidations` but leaves it out of its typings. */
function validationsOf(sheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}

export interface TemplateOptions<R> {
  /** general instructions, one line each, on the instructions sheet */
  notes?: readonly string[];
  /** example rows (typed values, as `parseWorkbook` yields them), shown on the instructions sheet */
  examples?: readonly Partial<R>[];
}

/**
 * The template agencies download: the data sheet with a styled header (required columns marked
 * *, red), a comment on each header explaining the column, drop-downs for enum columns, text
 * format for text columns; then an instructions sheet (notes, each column, examples).
 */
export async function templateWorkbook<R>(spec: SheetSpec<R>, sheetName: string, opts: TemplateOptions<R> = {}): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = 'Sanxiang 三项';
  const sheet = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  styleHeader(sheet, spec, true);

  const enums = spec.columns.map((c, i) => [c, i + 1] as const).filter(([c]) => c.type === 'enum' && c.options?.length);
  if (enums.length > 0) {
    const options = wb.addWorksheet(optionsSheetName, { state: 'hidden' });
    enums.forEach(([column, col], k) => {
      const letter = columnLetter(k + 1);
      options.getCell(`${letter}1`).value = column.header;
      column.options!.forEach((o, j) => {
        options.getCell(`${letter}${j + 2}`).value = o.label;
      });
      const target = columnLetter(col);
      validationsOf(sheet).add(`${target}2:${target}${templateRows + 1}`, {
        type: 'list',
        allowBlank: !column.required,
        formulae: [`${optionsSheetName}!$${letter}$2:$${letter}$${column.options!.length + 1}`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: column.header,
        error: `请从下拉列表中选择：${column.options!.map((o) => o.label).join('、')}`,
      });
    });
  }

  const help = wb.addWorksheet(instructionsSheetName);
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 90;
  let r = 1;
  help.getCell(r, 1).value = `“${sheetName}”填写说明`;
  help.getCell(r, 1).font = { bold: true, size: 14 };
  r += 2;
  const notes = [
    `在“${sheetName}”工作表中从第 2 行起每行填写一条，不要修改表头；标 * 的列必填。`,
    '导入时先检查所有行，任何一行有问题都不会写入，并列出每个问题所在的行、列、内容和原因；改正后重新导入即可。',
    ...(opts.notes ?? []),
  ];
  for (const note of notes) help.getCell(r++, 1).value = note;
  r++;
  ['列名', '是否必填', '说明'].forEach((h, i) => {
    const cell = help.getCell(r, i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  r++;
  for (const column of spec.columns) {
    help.getCell(r, 1).value = column.header;
    help.getCell(r, 2).value = column.required ? '必填' : '选填';
    help.getCell(r, 3).value = describeColumn(column);
    help.getCell(r, 3).alignment = { wrapText: true, vertical: 'top' };
    r++;
  }
  if (opts.examples?.length) {
    r++;
    help.getCell(r++, 1).value = '示例（仅供参考，请在第一个工作表中填写）：';
    spec.columns.forEach((column, i) => {
      const cell = help.getCell(r, i + 1);
      cell.value = column.header;
      cell.font = { bold: true };
    });
    r++;
    for (const example of opts.examples) {
      spec.columns.forEach((column, i) => {
        const cell = help.getCell(r, i + 1);
        cell.value = cellOfValue(column, (example as Record<string, unknown>)[column.key]);
        if (column.type === 'date') cell.numFmt = 'yyyy-mm-dd';
      });
      r++;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * A list as .xlsx with the same headers as the template, so an export edited in Excel imports
 * back: enum ids become their labels, lists are joined with 、, dates are Excel dates. Rows may
 * come from an async iterable (e.g. keyset pages of a large list); the workbook is written as a
 * stream, row by row, so 100,000 rows do not sit in memory as cell objects.
 */
export async function exportWorkbook<R>(
  spec: SheetSpec<R>,
  rows: Iterable<Partial<R>> | AsyncIterable<Partial<R>>,
  sheetName: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const { default: excel } = await import('exceljs');
  const wb = new excel.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = 'Sanxiang 三项';
  const sheet = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  styleHeader(sheet, spec, false);
  sheet.getRow(1).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(spec.columns.map((column) => cellOfValue(column, (row as Record<string, unknown>)[column.key]))).commit();
    count++;
  }
  if (count > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  sheet.commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
