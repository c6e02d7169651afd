import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../src/platform/context';
import {
  actAsInstance,
  drainJobs,
  getJob,
  leaseOf,
  missedHeartbeats,
  type Progress,
  startJob,
  startJobSweeper,
  sweepJobs,
  waitForJob,
} from '../src/platform/jobs';
import { testEngine } from './store';
import { type TwoProcesses, twoProcesses } from './two-processes';

// Issue 10 §2 (ADR 0012): a job is a row with its owner and a heartbeat. The process holding the
// jobs.sweep lease fails a running job whose owner went silent, with a reason naming it; the
// owner's late end does not overwrite that; live jobs of another process are left alone.
let p: TwoProcesses;
beforeAll(async () => {
  p = await twoProcesses({ JOB_HEARTBEAT_SECONDS: '1' });
});
const gates: (() => void)[] = [];
afterAll(async () => {
  for (const open of gates) open(); // a failed test leaves no job waiting forever
  await drainJobs(p.a);
  await drainJobs(p.b);
  await p.close();
});

/** A job in `ctx` whose work reports `done` and then waits until released. */
async function gatedJob(ctx: AppContext, log?: (msg?: string) => void) {
  let release!: () => void;
  let reported!: () => void;
  const atProgress = new Promise<void>((r) => {
    reported = r;
  });
  const id = await startJob(
    ctx,
    p.actor,
    'probe.gated',
    10,
    async (progress: Progress) => {
      await progress(4);
      reported();
      await new Promise<void>((r) => {
        release = r;
        gates.push(r);
      });
      return { n: 10 };
    },
    log && { log: { error: (_obj, msg) => log(msg) } },
  );
  await atProgress;
  return { id, release: () => release() };
}

const rowOf = (ctx: AppContext, id: string) =>
  ctx.db.selectFrom('job').select(['status', 'owner', 'heartbeat_at', 'done']).where('id', '=', id).executeTakeFirstOrThrow();
const actionsOf = async (ctx: AppContext, id: string) =>
  (await ctx.db.selectFrom('journal_entry').select('action').where('entity_id', '=', id).orderBy('seq').execute()).map((r) => r.action);

describe(`jobs across processes (${testEngine})`, () => {
  it('a job records its owner and heartbeat; another process polls it from the row', async () => {
    const job = await gatedJob(p.a);
    const row = await rowOf(p.a, job.id);
    expect(row).toMatchObject({ status: 'running', owner: 'process-a' });
    expect(row.heartbeat_at).toEqual(p.clock.now());
    // process B has no memory of it: its answer comes from the row, progress included
    await vi.waitFor(async () => expect((await getJob(p.b, p.actor, job.id)).done).toBe(4));
    expect(await getJob(p.b, p.actor, job.id)).toMatchObject({ status: 'running', total: 10, finishedAt: null });
    job.release();
    await waitForJob(p.a, job.id);
    expect(await getJob(p.b, p.actor, job.id)).toMatchObject({ status: 'succeeded', result: { n: 10 } });
  });

  it('the heartbeat goes on while the work is silent, so a live job of another process is not marked', async () => {
    const job = await gatedJob(p.a);
    p.clock.advance((missedHeartbeats + 2) * 1000); // the row's heartbeat is now older than three beats…
    // …until the next beat (JOB_HEARTBEAT_SECONDS=1 in real time) writes the clock's time again
    const now = p.clock.now();
    await vi.waitFor(async () => expect((await rowOf(p.b, job.id)).heartbeat_at).toEqual(now), { timeout: 5000 });
    expect(await sweepJobs(p.b)).toBe(0);
    expect((await rowOf(p.b, job.id)).status).toBe('running');
    job.release();
    await waitForJob(p.a, job.id);
    expect((await rowOf(p.b, job.id)).status).toBe('succeeded');
  });

  it('its own live jobs are never swept by a process, however old their heartbeat', async () => {
    const job = await gatedJob(p.a);
    p.clock.advance(3600_000); // e.g. on PGlite the beat waits behind the job's own transaction
    expect(await sweepJobs(p.a)).toBe(0);
    job.release();
    await waitForJob(p.a, job.id);
    expect((await rowOf(p.a, job.id)).status).toBe('succeeded');
  });

  it('a job whose owner stopped beating is failed by the sweeping process with the reason; its late end changes nothing', async () => {
    // process A hangs (or was killed) after the job's first progress: its heartbeat never comes
    // (the beat of this stand-in for A is an hour in real time); B's sweep runs a minute later
    const hung: AppContext = { ...p.a, config: { ...p.a.config, jobHeartbeatSeconds: 3600 } };
    actAsInstance(hung, 'process-a');
    const logged: (string | undefined)[] = [];
    const job = await gatedJob(hung, (msg) => logged.push(msg));
    const lastBeat = (await rowOf(p.a, job.id)).heartbeat_at!;
    p.clock.advance(60_000);
    const errors: unknown[] = [];
    const sweeper = startJobSweeper(p.b, (e) => errors.push(e));
    expect(await sweeper.tick()).toBe(true);
    expect((await leaseOf(p.b.db, 'jobs.sweep'))?.holder).toBe('process-b');
    const failed = await getJob(p.b, p.actor, job.id);
    expect(failed).toMatchObject({ status: 'failed', done: 4, error: { code: 'INTERRUPTED' } });
    const message = failed.error!.message;
    expect(message).toContain('process-a'); // names the dead process…
    const beijing = new Date(lastBeat.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(message).toContain(beijing); // …and its last heartbeat, in Beijing time
    expect(message).toContain('中断');
    const entry = await p.b.db
      .selectFrom('journal_entry')
      .select(['action', 'actor_name', 'payload'])
      .where('entity_id', '=', job.id)
      .where('action', '=', 'job.fail')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'job.fail', actor_name: 'system' });
    const payload = typeof entry.payload === 'string' ? JSON.parse(entry.payload) : entry.payload;
    expect(payload).toMatchObject({ code: 'INTERRUPTED', owner: 'process-a', lastHeartbeatAt: lastBeat.toISOString() });
    // A comes back and its work ends: the end is not recorded over the sweeper's (never both)
    job.release();
    await waitForJob(hung, job.id);
    expect(await getJob(hung, p.actor, job.id)).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
    expect(await actionsOf(p.a, job.id)).toEqual(['job.start', 'job.fail']);
    expect(logged).toEqual(['job ended after it had been marked interrupted; its end is not recorded']);
    // a second sweep finds nothing left
    expect(await sweepJobs(p.a)).toBe(0);
    await sweeper.stop();
    expect(errors).toEqual([]);
  });

  it('jobs from before the heartbeat (no owner) are judged by their last update', async () => {
    const at = new Date(p.clock.now().getTime() - 3600_000);
    await p.a.db
      .insertInto('job')
      .values({
        id: 'old-job',
        kind: 'probe.old',
        status: 'running',
        total: 1,
        done: 0,
        created_by: p.actor.userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    expect(await sweepJobs(p.b)).toBe(1);
    expect((await getJob(p.b, p.actor, 'old-job')).error?.message).toContain('未知进程');
  });

  it('a heartbeat written with microseconds (by SQL, not by us) is judged all the same', async () => {
    const at = new Date(p.clock.now().getTime() - 3600_000);
    await sql`insert into job (id, kind, status, total, done, created_by, created_at, updated_at, owner, heartbeat_at)
      values ('micro-job', 'probe.micro', 'running', 1, 0, ${p.actor.userId}, ${at}, ${at}, 'process-x',
        ${at}::timestamptz + interval '123 microseconds')`.execute(p.a.db);
    expect(await sweepJobs(p.b)).toBe(1);
    expect((await getJob(p.b, p.actor, 'micro-job')).error?.message).toContain('process-x');
  });
});
