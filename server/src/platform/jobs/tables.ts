import type { ColumnType } from 'kysely';

export type JobStatus = 'running' | 'succeeded' | 'failed';

/** One problem of a failed job: row/column/value for an import, only a reason otherwise. */
export interface JobProblem {
  row?: number;
  column?: string;
  value?: string;
  reason: string;
}

/**
 * Migrations 0007 and 0028. Progress columns and the heartbeat change while the job runs; status,
 * result and problems are written once when it ends; nothing else is ever rewritten.
 */
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
  /** instanceId of the process running the work (null: a job from before migration 0028) */
  owner: ColumnType<string | null, string | null | undefined, never>;
  /** last sign of life of that process (null: before 0028; updated_at stands in) */
  heartbeat_at: ColumnType<Date | null, Date | null | undefined, Date>;
}

/** Migration 0028: who may run a piece of periodic work until when (bookkeeping, updated in place). */
export interface LeaseTable {
  name: ColumnType<string, string, never>;
  holder: string;
  acquired_at: Date;
  expires_at: Date;
}

// a type alias (not an interface) so that it fits Kysely's `withTables<T extends Record<…>>`
export type JobTables = {
  job: JobTable;
  lease: LeaseTable;
};
