import type { AppContext } from '../context';
import { instanceOf } from './instance';
import { releaseLease, tryLease } from './lease';

/**
 * Periodic work run once across all server processes (issue 10 §2, ADR 0012): every interval
 * each process renews or tries to take the work's lease, and only the holder runs it. A holder
 * that dies (kill -9) stops renewing; another process takes the lease once it has expired, i.e.
 * within `leaseSeconds(interval)` + one interval.
 */

/** A lease outlives three missed renewals, and never less than this many seconds. */
export const minLeaseSeconds = 5;

export function leaseSeconds(intervalSeconds: number): number {
  return Math.max(3 * intervalSeconds, minLeaseSeconds);
}

export interface PeriodicOptions {
  /** the lease's name, e.g. journal.checkpoint */
  name: string;
  /** seconds between rounds; 0 or less disables the work in this process */
  intervalSeconds: number;
  /** one round of the work; runs only while this process holds the lease */
  run: () => Promise<unknown>;
  /** where a failed round (or a failed renewal) is reported; the next round tries again */
  onError?: (error: unknown) => void;
}

export interface Periodic {
  /**
   * One round now (the timer calls it every interval): renews or takes the lease and, if held and
   * no round is running, runs one and waits for it. Answers whether this process holds the lease.
   */
  tick(): Promise<boolean>;
  /** Stops the timer, waits for a round in progress and gives the lease up for the next process. */
  stop(): Promise<void>;
}

export function startPeriodic(ctx: AppContext, opts: PeriodicOptions): Periodic {
  if (!(opts.intervalSeconds > 0)) return { tick: async () => false, stop: async () => {} };
  const holder = instanceOf(ctx);
  const ttl = leaseSeconds(opts.intervalSeconds);
  const onError = opts.onError ?? (() => {});
  let renewing: Promise<boolean> | undefined;
  let running: Promise<void> | undefined;
  let holding = false;
  let stopped = false;

  // renewing goes on while a round runs, so a round longer than the TTL keeps its lease
  const renew = (): Promise<boolean> => {
    renewing ??= tryLease(ctx.db, opts.name, holder, ttl, ctx.clock.now())
      .catch((e: unknown) => {
        onError(e);
        return false;
      })
      .then((held) => {
        holding = held;
        renewing = undefined;
        return held;
      });
    return renewing;
  };

  const tick = async (): Promise<boolean> => {
    if (stopped) return false;
    const held = await renew();
    // rounds never overlap: a tick that finds one running only renews the lease
    if (held && !running && !stopped) {
      running = opts
        .run()
        .then(
          () => {},
          (e: unknown) => onError(e),
        )
        .finally(() => {
          running = undefined;
        });
      await running;
    }
    return held;
  };

  const timer = setInterval(() => void tick(), opts.intervalSeconds * 1000);
  timer.unref(); // never keeps the process alive
  return {
    tick,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await renewing;
      await running;
      if (holding) await releaseLease(ctx.db, opts.name, holder, ctx.clock.now()).catch(onError);
      holding = false;
    },
  };
}
