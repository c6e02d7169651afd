import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type Actor, journalActor } from '../auth';
import type { AppContext } from '../context';
import { type AnyDb, own } from '../db/tables';
import { AppError, notFound } from '../errors';
import type { JobView } from './schema';
import type { JobProblem, JobStatus, JobTable, JobTables } from './tables';

/**
 * Background jobs (issue 3 §5): `startJob` answers the job id at once and runs the work after the
 * request; the work reports progress, which is kept in memory and written to the job row at most
 * a few times a second. Start and end are journaled.
 *
 * Why memory first: on PGlite the store is one session, and a long import holds it inside its
 * transaction, so a progress write (or a poll reading the row) would wait until the import ends.
 * Polls of a job that runs in this process are therefore answered from memory, and progress
 * writes are fired without waiting (they land when the store is free; on PostgreSQL at once, for
 * other server processes to read).
 */

/** Reports how far the work is: `done` units out of `total` (give `total` when it becomes known). */
export type Progress = (done: number, total?: number) => Promise<void>;

/** Progress is written to the row at most this often (ms). */
export const progressWriteInterval = 250;
/** A failed job keeps this many problems; the count says how many there were. */
export const maxStoredProblems = 1000;
/**
 * Jobs whose work runs at the same time in one process; later ones wait (status running, done 0).
 * An import holds its whole workbook in memory, so a burst of uploads must not all parse at once.
 */
export const maxConcurrentJobs = 2;

interface LiveJob {
  id: string;
  kind: string;
  createdBy: string;
  createdAt: Date;
  total: number;
  done: number;
  settled: Promise<void>;
}

const liveJobs = new WeakMap<AppContext, Map<string, LiveJob>>();
function liveOf(ctx: AppContext): Map<string, LiveJob> {
  let jobs = liveJobs.get(ctx);
  if (!jobs) {
    jobs = new Map();
    liveJobs.set(ctx, jobs);
  }
  return jobs;
}

interface Slots {
  active: number;
  waiting: (() => void)[];
}
const slotsOf = new WeakMap<AppContext, Slots>();

/** Waits for one of the `maxConcurrentJobs` places of this process; answers its release. */
async function takeSlot(ctx: AppContext): Promise<() => void> {
  let slots = slotsOf.get(ctx);
  if (!slots) {
    slots = { active: 0, waiting: [] };
    slotsOf.set(ctx, slots);
  }
  const s = slots;
  if (s.active >= maxConcurrentJobs) await new Promise<void>((resolve) => s.waiting.push(resolve));
  else s.active++;
  return () => {
    // the place passes on directly to the next waiting job, if any
    const next = s.waiting.shift();
    if (next) next();
    else s.active--;
  };
}

// the one cast at this part's edge (ADR 0007): the handle arrives untyped and names the job table only
const jobDb = (db: AnyDb) => own<JobTables>(db);

export interface StartJobOptions {
  /** where an unexpected error of the work is logged (default: stderr); the user sees a masked message */
  log?: { error(obj: unknown, msg?: string): void };
}

/** A failure a job reports with its problems, e.g. an import's invalid rows. */
export function jobProblems(message: string, problems: JobProblem[]): AppError {
  return new AppError('VALIDATION_FAILED', message, { problems });
}

/**
 * Starts `work` in the background as a job of `kind` owned by `actor`; answers its id as soon as
 * the job row (and the `job.start` journal entry) is committed. `work` resolves to a JSON object
 * (the job's `result`) or throws: an `AppError` gives its code and message, and its
 * `details.problems` (if any) become the job's problems; any other error is masked.
 */
export async function startJob<T extends Record<string, unknown>>(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  total: number,
  work: (progress: Progress) => Promise<T>,
  opts: StartJobOptions = {},
): Promise<string> {
  const id = randomUUID();
  const createdAt = ctx.clock.now();
  const safeTotal = Math.max(0, Math.floor(total));
  await ctx.db.transaction().execute(async (trx) => {
    await jobDb(trx)
      .insertInto('job')
      .values({
        id,
        kind,
        status: 'running',
        total: safeTotal,
        done: 0,
        created_by: actor.userId,
        created_at: createdAt,
        updated_at: createdAt,
      })
      .execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'job.start',
      entity: { type: 'job', id },
      payload: { kind, total: safeTotal },
    });
  });

  const jobs = liveOf(ctx);
  const live: LiveJob = { id, kind, createdBy: actor.userId, createdAt, total: safeTotal, done: 0, settled: Promise.resolve() };
  let lastWrite = 0;
  let writing = false;
  const progress: Progress = async (done, newTotal) => {
    if (newTotal !== undefined) live.total = Math.max(0, Math.floor(newTotal));
    live.done = Math.max(0, Math.min(Math.floor(done), live.total || Number.MAX_SAFE_INTEGER));
    const now = performance.now();
    if (writing || now - lastWrite < progressWriteInterval) return;
    lastWrite = now;
    writing = true;
    void jobDb(ctx.db)
      .updateTable('job')
      .set({ done: live.done, total: live.total, updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute()
      .catch(() => {}) // progress is advisory; the end of the job is what counts
      .finally(() => {
        writing = false;
      });
    // let the server answer polls between chunks of CPU-bound work
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  live.settled = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => takeSlot(ctx))
    .then(async (release) => {
      try {
        return await work(progress);
      } finally {
        release();
      }
    })
    .then(
      (result) => finish(ctx, actor, live, 'succeeded', { result }),
      (error: unknown) => {
        if (!(error instanceof AppError)) (opts.log?.error ?? defaultLog)({ err: error, jobId: id, kind }, 'job failed');
        return finish(ctx, actor, live, 'failed', { error });
      },
    )
    .catch((e: unknown) => (opts.log?.error ?? defaultLog)({ err: e, jobId: id, kind }, 'could not record the end of a job'))
    .finally(() => {
      jobs.delete(id);
    });
  jobs.set(id, live);
  return id;
}

function defaultLog(obj: unknown, msg?: string) {
  console.error(msg, obj);
}

function failureOf(error: unknown): { code: string; message: string; problems: JobProblem[] } {
  if (error instanceof AppError) {
    const problems = Array.isArray(error.details.problems) ? (error.details.problems as JobProblem[]) : [{ reason: error.message }];
    return { code: error.code, message: error.message, problems };
  }
  return { code: 'INTERNAL', message: '任务执行时发生内部错误，请联系管理员并提供任务编号', problems: [{ reason: '内部错误' }] };
}

async function finish(
  ctx: AppContext,
  actor: Actor,
  live: LiveJob,
  status: Exclude<JobStatus, 'running'>,
  outcome: { result?: Record<string, unknown>; error?: unknown },
): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (status === 'succeeded') {
      const result = outcome.result ?? {};
      await jobDb(trx)
        .updateTable('job')
        .set({ status, done: live.total || live.done, total: live.total, result: JSON.stringify(result), finished_at: at, updated_at: at })
        .where('id', '=', live.id)
        .execute();
      await ctx.journal.append(trx, {
        actor: journalActor(actor),
        action: 'job.succeed',
        entity: { type: 'job', id: live.id },
        payload: { kind: live.kind, total: live.total, result },
      });
      return;
    }
    const failure = failureOf(outcome.error);
    const problemCount = failure.problems.length;
    await jobDb(trx)
      .updateTable('job')
      .set({
        status,
        done: live.done,
        total: live.total,
        result: JSON.stringify({ code: failure.code, message: failure.message, problemCount }),
        problems: JSON.stringify(failure.problems.slice(0, maxStoredProblems)),
        finished_at: at,
        updated_at: at,
      })
      .where('id', '=', live.id)
      .execute();
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'job.fail',
      entity: { type: 'job', id: live.id },
      payload: { kind: live.kind, code: failure.code, message: failure.message, problemCount },
    });
  });
}

function toJobView(r: Selectable<JobTable>): JobView {
  const failed = r.status === 'failed';
  const stored = (r.result ?? {}) as { code?: string; message?: string; problemCount?: number };
  const problems = r.problems ?? [];
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    total: r.total,
    done: r.done,
    result: failed ? null : r.result,
    error: failed ? { code: stored.code ?? 'INTERNAL', message: stored.message ?? '任务失败' } : null,
    problems,
    problemCount: failed ? (stored.problemCount ?? problems.length) : 0,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
  };
}

/** The caller's own job (anyone else's is 404, as if it did not exist). */
export async function getJob(ctx: AppContext, actor: Actor, id: string): Promise<JobView> {
  const live = liveOf(ctx).get(id);
  if (live) {
    if (live.createdBy !== actor.userId) throw notFound('任务', { id });
    return {
      id,
      kind: live.kind,
      status: 'running',
      total: live.total,
      done: live.done,
      result: null,
      error: null,
      problems: [],
      problemCount: 0,
      createdAt: live.createdAt.toISOString(),
      finishedAt: null,
    };
  }
  const row = await jobDb(ctx.db)
    .selectFrom('job')
    .selectAll()
    .where('id', '=', id)
    .where('created_by', '=', actor.userId)
    .executeTakeFirst();
  if (!row) throw notFound('任务', { id });
  return toJobView(row);
}

/** Resolves when the job has ended and its end is recorded (at once for a job not running here). */
export async function waitForJob(ctx: AppContext, id: string): Promise<void> {
  await liveOf(ctx).get(id)?.settled;
}

/** Resolves when every job running in this process has ended: call before closing the store. */
export async function drainJobs(ctx: AppContext): Promise<void> {
  await Promise.all([...liveOf(ctx).values()].map((j) => j.settled));
}

/**
 * Marks as failed every job the store says is running but no process runs any more (the server
 * stopped during it), journaling each. Call it at server start where one process owns the store
 * (PGlite; or a single PostgreSQL server): with several servers on one PostgreSQL, another
 * server's running jobs would be marked too. Answers how many were marked.
 */
export async function failInterruptedJobs(ctx: AppContext): Promise<number> {
  const live = liveOf(ctx);
  const at = ctx.clock.now();
  const message = '任务因服务停止而中断；导入在写入前中断时不会写入任何数据，请核对后重新操作';
  return ctx.db.transaction().execute(async (trx) => {
    const running = await jobDb(trx).selectFrom('job').select(['id', 'kind']).where('status', '=', 'running').execute();
    const stale = running.filter((j) => !live.has(j.id));
    for (const job of stale) {
      await jobDb(trx)
        .updateTable('job')
        .set({
          status: 'failed',
          result: JSON.stringify({ code: 'INTERRUPTED', message, problemCount: 1 }),
          problems: JSON.stringify([{ reason: message }]),
          finished_at: at,
          updated_at: at,
        })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .execute();
      await ctx.journal.append(trx, {
        actor: { id: null, name: 'system' },
        action: 'job.fail',
        entity: { type: 'job', id: job.id },
        payload: { kind: job.kind, code: 'INTERRUPTED', message, problemCount: 1 },
      });
    }
    return stale.length;
  });
}
