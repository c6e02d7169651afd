/**
 * A sheet spec: the columns of one list as agencies already keep it (Chinese headers), with the
 * type and checks of each. One spec serves the template, the import and the export, so the three
 * never disagree (issue 3 §5).
 */

/** `text`; `integer`/`decimal` (numbers stored as text accepted); `date` → `YYYY-MM-DD`; `enum`: Chinese label → id; `list`: items separated by 、 or ； (ids when `options` are given). */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'enum' | 'list';

export interface ColumnOption {
  /** the stored id, e.g. `penalty` */
  id: string;
  /** what the sheet shows, e.g. `行政处罚` */
  label: string;
}

/** The value a column yields after parsing. */
export type CellValue = string | number | string[] | null;

export interface ColumnSpec<R = Record<string, unknown>> {
  /** Chinese header as in the agencies' own forms, e.g. `事项名称` */
  header: string;
  /** the property of the parsed row, e.g. `name` */
  key: Extract<keyof R, string>;
  type: ColumnType;
  /** an empty cell is a problem (text, numbers, dates, enum) or an empty list is (list) */
  required?: boolean;
  /** text and each list item: at most this many characters */
  maxLength?: number;
  /** integer and decimal: bounds (inclusive) */
  min?: number;
  max?: number;
  /** decimal: at most this many digits after the point (e.g. 2 for yuan) */
  scale?: number;
  /** enum (required) and list (optional): the allowed values */
  options?: readonly ColumnOption[];
  /** no two rows may share a value (e.g. an item code) */
  unique?: boolean;
  /** shown in the template's header comment and its instructions sheet */
  note?: string;
  /** column width in the template and export, in characters */
  width?: number;
  /**
   * A last check once the value is typed: answers a Chinese reason, or nothing when the value is
   * fine. Runs only when the cell itself parsed; `row` holds the other columns' parsed values
   * (those that parsed), so cross-column checks work.
   */
  validate?: (value: CellValue, row: Partial<R>) => string | undefined | null;
}

export interface SheetSpec<R = Record<string, unknown>> {
  columns: readonly ColumnSpec<R>[];
  /** most data rows one import takes (default 100,000); a larger file is refused, to be split */
  maxRows?: number;
  /** headers that may appear in a file and are skipped, e.g. `序号`, `备注`; default `['序号']` */
  ignoreHeaders?: readonly string[];
}

/** One problem of an import, as the user sees it in Excel. */
export interface ImportProblem {
  /** 1-based row number as Excel shows it */
  row: number;
  /** the Chinese header of the column, or '' for a problem of the whole row */
  column: string;
  /** the cell's text as read, '' for an empty cell */
  value: string;
  /** Chinese reason */
  reason: string;
}

/** Defines a spec with its row type inferred from the usage site. */
export function defineSheet<R>(spec: SheetSpec<R>): SheetSpec<R> {
  return spec;
}
