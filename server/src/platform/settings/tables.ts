import type { ColumnType, Generated } from 'kysely';

/**
 * Migration 0017. Append-only (a trigger rejects UPDATE, DELETE and TRUNCATE). `effective_from` is
 * a SQL `date`: read it with `to_char(effective_from, 'YYYY-MM-DD')`, never as a JS Date (node-postgres
 * would turn it into local midnight, a day off under TZ=Asia/Shanghai). `value` is JSON (a number or a string).
 */
export interface SettingValueTable {
  id: Generated<number>;
  key: ColumnType<string, string, never>;
  jurisdiction_code: ColumnType<string, string, never>;
  value: ColumnType<unknown, string, never>;
  effective_from: ColumnType<string, string, never>;
  reason: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  created_by: ColumnType<string, string, never>;
}

export interface SettingsTables {
  setting_value: SettingValueTable;
}
