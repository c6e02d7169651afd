/**
 * Spreadsheet import and export (issue 3 §5): one column spec per list serves the downloadable
 * template, the import (every row checked before anything is written, all rows or none, as a
 * background job with progress) and the export. See docs/import.md.
 */
export { cellOfValue, convertCell, normalizeHeader, splitList } from './cells';
export {
  acceptXlsxBody,
  contentDisposition,
  ImportStarted,
  maxImportBytes,
  sendWorkbook,
  XlsxFile,
  xlsxBodyOf,
  xlsxContentType,
} from './http';
export { type ImportCommitContext, type ImportRequest, importRefused, runImport } from './import';
export type { CellValue, ColumnOption, ColumnSpec, ColumnType, ImportProblem, SheetSpec } from './spec';
export { defineSheet } from './spec';
export {
  describeColumn,
  exportWorkbook,
  instructionsSheetName,
  type ParseResult,
  parseWorkbook,
  type TemplateOptions,
  templateWorkbook,
} from './workbook';
