import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { type Actor, journalActor } from '../auth';
import type { AppContext } from '../context';
import { type AnyDb, own } from '../db/tables';
import { AppError, notFound } from '../errors';
import { instanceOf } from './instance';
import { type Periodic, startPeriodic } from './periodic';
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
 *
 * Several processes (issue 10 §2, ADR 0012): a job's row names the process running it (`owner`)
 * and that process writes `heartbeat_at` every `jobHeartbeatSeconds` until the job ends. Only the
 * owner runs the work and records its end (guarded by owner and status); a job whose heartbeat is
 * three beats old is failed by `sweepJobs` in whichever process holds the jobs.sweep lease. Work
 * is never started again elsewhere (the inputs, e.g. an uploaded workbook, live only in the
 * memory of the request's process): a job runs at most once.
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
  /** the process running it (instanceOf(ctx)) */
  owner: string;
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
  const owner = instanceOf(ctx);
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
        owner,
        heartbeat_at: createdAt,
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
  const live: LiveJob = { id, kind, owner, createdBy: actor.userId, createdAt, total: safeTotal, done: 0, settled: Promise.resolve() };
  let lastWrite = 0;
  let writing = false;
  // one write at a time, fired without waiting (see above); a progress write is a heartbeat too
  const write = (set: { done?: number; total?: number; updated_at?: Date }) => {
    writing = true;
    void jobDb(ctx.db)
      .updateTable('job')
      .set({ ...set, heartbeat_at: ctx.clock.now() })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('owner', '=', owner)
      .execute()
      .catch(() => {}) // progress is advisory; the end of the job is what counts
      .finally(() => {
        writing = false;
      });
  };
  const progress: Progress = async (done, newTotal) => {
    if (newTotal !== undefined) live.total = Math.max(0, Math.floor(newTotal));
    live.done = Math.max(0, Math.min(Math.floor(done), live.total || Number.MAX_SAFE_INTEGER));
    const now = performance.now();
    if (writing || now - lastWrite < progressWriteInterval) return;
    lastWrite = now;
    write({ done: live.done, total: live.total, updated_at: ctx.clock.now() });
    // let the server answer polls between chunks of CPU-bound work
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  // the heartbeat goes on while the job waits for a place and while its work reports nothing
  const heartbeat = setInterval(() => {
    if (!writing) write({});
  }, ctx.config.jobHeartbeatSeconds * 1000);
  heartbeat.unref();

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
    .then((recorded) => {
      // the sweeper took this job for dead (the process was silent for three heartbeats) and
      // failed it first; its end stays as the sweeper wrote it (never both failed and succeeded)
      if (!recorded)
        (opts.log?.error ?? defaultLog)({ jobId: id, kind }, 'job ended after it had been marked interrupted; its end is not recorded');
    })
    .catch((e: unknown) => (opts.log?.error ?? defaultLog)({ err: e, jobId: id, kind }, 'could not record the end of a job'))
    .finally(() => {
      clearInterval(heartbeat);
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
): Promise<boolean> {
  const at = ctx.clock.now();
  // only the owner ends its job, and only while no one else has (the sweeper): answers false then
  const mine = (r: { numUpdatedRows: bigint }[]) => r.some((x) => x.numUpdatedRows > 0n);
  return ctx.db.transaction().execute(async (trx) => {
    if (status === 'succeeded') {
      const result = outcome.result ?? {};
      const updated = await jobDb(trx)
        .updateTable('job')
        .set({ status, done: live.total || live.done, total: live.total, result: JSON.stringify(result), finished_at: at, updated_at: at })
        .where('id', '=', live.id)
        .where('status', '=', 'running')
        .where('owner', '=', live.owner)
        .execute();
      if (!mine(updated)) return false;
      await ctx.journal.append(trx, {
        actor: journalActor(actor),
        action: 'job.succeed',
        entity: { type: 'job', id: live.id },
        payload: { kind: live.kind, total: live.total, result },
      });
      return true;
    }
    const failure = failureOf(outcome.error);
    const problemCount = failure.problems.length;
    const updated = await jobDb(trx)
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
      .where('status', '=', 'running')
      .where('owner', '=', live.owner)
      .execute();
    if (!mine(updated)) return false;
    await ctx.journal.append(trx, {
      actor: journalActor(actor),
      action: 'job.fail',
      entity: { type: 'job', id: live.id },
      payload: { kind: live.kind, code: failure.code, message: failure.message, problemCount },
    });
    return true;
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

/** A running job whose heartbeat is older than this many heartbeats is taken as dead. */
export const missedHeartbeats = 3;

export interface SweepOptions {
  /**
   * Every running job not live in this process is dead, whatever its heartbeat: true only where
   * this process owns the store alone and has just started (PGlite), so no one else runs a job.
   */
  all?: boolean;
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time, for the reason a job was failed. */
function beijingSecond(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Why a job was failed: the dead process and its last sign of life (shown to the user as the error). */
export function interruptedReason(owner: string | null, lastHeartbeat: Date): string {
  return `任务因所在的服务进程（${owner ?? '未知进程'}）停止而中断，该进程最后一次心跳于 ${beijingSecond(lastHeartbeat)}（北京时间）；导入在写入前中断时不会写入任何数据，请核对后重新操作`;
}

/**
 * Marks as failed (code INTERRUPTED) every running job whose process is dead: its heartbeat is
 * `missedHeartbeats` × `jobHeartbeatSeconds` old (or, with `all`, any job not live here), each in
 * its own transaction with its `job.fail` entry. Jobs live in this process are never touched: on
 * PGlite their heartbeat may wait behind their own import's transaction. The update is guarded by
 * status and heartbeat again, so a job that beat (or ended) meanwhile stays as it is. Answers how many
 * were marked.
 */
export async function sweepJobs(ctx: AppContext, opts: SweepOptions = {}): Promise<number> {
  const live = liveOf(ctx);
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - missedHeartbeats * ctx.config.jobHeartbeatSeconds * 1000);
  let query = jobDb(ctx.db).selectFrom('job').select(['id', 'kind', 'owner', 'heartbeat_at', 'updated_at']).where('status', '=', 'running');
  if (!opts.all) query = query.where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'updated_at'), '<', cutoff));
  const stale = (await query.execute()).filter((j) => !live.has(j.id));
  let marked = 0;
  for (const job of stale) {
    const lastHeartbeat = job.heartbeat_at ?? job.updated_at;
    const message = interruptedReason(job.owner, lastHeartbeat);
    const done = await ctx.db.transaction().execute(async (trx) => {
      const updated = await jobDb(trx)
        .updateTable('job')
        .set({
          status: 'failed',
          result: JSON.stringify({ code: 'INTERRUPTED', message, problemCount: 1 }),
          problems: JSON.stringify([{ reason: message }]),
          finished_at: now,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        // still silent: a beat that landed since the select keeps the job (compared with the
        // cutoff, not the value read: the store keeps microseconds, a JS Date only milliseconds)
        .$if(!opts.all, (qb) => qb.where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'updated_at'), '<', cutoff)))
        .execute();
      if (!updated.some((u) => u.numUpdatedRows > 0n)) return false;
      await ctx.journal.append(trx, {
        actor: { id: null, name: 'system' },
        action: 'job.fail',
        entity: { type: 'job', id: job.id },
        payload: {
          kind: job.kind,
          code: 'INTERRUPTED',
          message,
          problemCount: 1,
          owner: job.owner,
          lastHeartbeatAt: lastHeartbeat.toISOString(),
        },
      });
      return true;
    });
    if (done) marked++;
  }
  return marked;
}

/**
 * At the start of a server that owns its store alone (PGlite): every job the store says is
 * running belongs to a server that stopped, so each is marked failed at once (`sweepJobs` with
 * `all`). With several servers on one PostgreSQL this would fail the others' jobs: there the
 * heartbeat sweep (`startJobSweeper`) decides. Answers how many were marked.
 */
export function failInterruptedJobs(ctx: AppContext): Promise<number> {
  return sweepJobs(ctx, { all: true });
}

/** The jobs.sweep lease's periodic work: one process sweeps every heartbeat interval. */
export function startJobSweeper(ctx: AppContext, onError?: (error: unknown) => void): Periodic {
  return startPeriodic(ctx, {
    name: 'jobs.sweep',
    intervalSeconds: ctx.config.jobHeartbeatSeconds,
    run: () => sweepJobs(ctx),
    onError,
  });
}
