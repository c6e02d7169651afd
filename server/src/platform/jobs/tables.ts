import type { ColumnType } from 'kysely';

export type JobStatus = 'running' | 'succeeded' | 'failed';

/** One problem of a failed job: row/column/value for an import, only a reason otherwise. */
export interface JobProblem {
  row?: number;
  column?: string;
  value?: string;
  reason: string;
}

/** Migration 0007. Progress columns change while the job runs; nothing else is ever rewritten. */
export interface JobTable {
  id: ColumnType<string, string, never>;
  kind: ColumnType<string, string, never>;
  status: JobStatus;
  total: number;
  done: number;
  result: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  problems: ColumnType<JobProblem[] | null, string | null, string | null>;
  created_by: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
  finished_at: Date | null;
}

// a type alias (not an interface) so that it fits Kysely's `withTables<T extends Record<…>>`
export type JobTables = {
  job: JobTable;
};
