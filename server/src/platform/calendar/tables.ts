import type { ColumnType, Generated } from 'kysely';

export type CalendarOverrideKind = 'holiday' | 'workday' | 'official';

/**
 * Migration 0003. Append-only (a trigger rejects UPDATE, DELETE and TRUNCATE). `date` is a SQL
 * `date`: read it with `to_char(date, 'YYYY-MM-DD')`, never as a JS Date (node-postgres would
 * turn it into local midnight, a day off under TZ=Asia/Shanghai).
 */
export interface CalendarOverrideTable {
  id: Generated<number>;
  date: ColumnType<string, string, never>;
  kind: ColumnType<CalendarOverrideKind, CalendarOverrideKind, never>;
  name: ColumnType<string, string, never>;
  source: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  created_by: ColumnType<string, string, never>;
}

export interface CalendarTables {
  calendar_override: CalendarOverrideTable;
}
