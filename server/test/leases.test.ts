import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseOf, leaseSeconds, releaseLease, startPeriodic, tryLease } from '../src/platform/jobs';
import { testEngine } from './store';
import { type TwoProcesses, twoProcesses } from './two-processes';

// Issue 10 §2 (ADR 0012): each piece of periodic work runs in exactly one of the servers on one
// database, and moves to another when its holder dies. Two contexts stand for two processes (two
// connection pools on PostgreSQL); the clock is moved by hand, rounds are run by `tick()`.
let p: TwoProcesses;
beforeAll(async () => {
  p = await twoProcesses();
});
afterAll(() => p.close());

const later = (seconds: number) => new Date(p.clock.now().getTime() + seconds * 1000);

describe(`tryLease (${testEngine})`, () => {
  it('is exclusive, renewable by its holder, taken over only after it expired', async () => {
    const now = p.clock.now();
    expect(await tryLease(p.a.db, 'probe.one', 'process-a', 30, now)).toBe(true);
    expect(await tryLease(p.b.db, 'probe.one', 'process-b', 30, now)).toBe(false);
    expect(await tryLease(p.a.db, 'probe.one', 'process-a', 30, later(20))).toBe(true); // renewed until +50 s
    expect(await tryLease(p.b.db, 'probe.one', 'process-b', 30, later(45))).toBe(false);
    const renewed = await leaseOf(p.a.db, 'probe.one');
    expect(renewed).toMatchObject({ holder: 'process-a', acquiredAt: now, expiresAt: later(50) });
    // the holder died (no more renewals): once expired, the other takes it, with its own acquired_at
    expect(await tryLease(p.b.db, 'probe.one', 'process-b', 30, later(50))).toBe(true);
    expect(await leaseOf(p.b.db, 'probe.one')).toMatchObject({ holder: 'process-b', acquiredAt: later(50) });
    expect(await tryLease(p.a.db, 'probe.one', 'process-a', 30, later(51))).toBe(false);
  });

  it('a released lease is free at once', async () => {
    const now = p.clock.now();
    expect(await tryLease(p.a.db, 'probe.release', 'process-a', 30, now)).toBe(true);
    await releaseLease(p.b.db, 'probe.release', 'process-b', now); // not the holder: changes nothing
    expect(await tryLease(p.b.db, 'probe.release', 'process-b', 30, now)).toBe(false);
    await releaseLease(p.a.db, 'probe.release', 'process-a', now);
    expect(await tryLease(p.b.db, 'probe.release', 'process-b', 30, now)).toBe(true);
  });

  it('of many racing for a free lease at the same instant, exactly one gets it', async () => {
    const now = p.clock.now();
    const holders = Array.from({ length: 10 }, (_, i) => `racer-${i}`);
    const got = await Promise.all(holders.map((h, i) => tryLease(i % 2 ? p.b.db : p.a.db, 'probe.race', h, 30, now)));
    expect(got.filter(Boolean)).toHaveLength(1);
    expect((await leaseOf(p.a.db, 'probe.race'))?.holder).toBe(holders[got.indexOf(true)]);
  });
});

describe(`startPeriodic (${testEngine})`, () => {
  it('runs each round in exactly one of two processes; the other takes over when the holder dies', async () => {
    const runs = { a: 0, b: 0 };
    // an hour's interval: the timers never fire during the test, rounds are ticked by hand
    const opts = (who: 'a' | 'b') => ({ name: 'probe.periodic', intervalSeconds: 3600, run: async () => void runs[who]++ });
    const pa = startPeriodic(p.a, opts('a'));
    const pb = startPeriodic(p.b, opts('b'));
    for (let round = 0; round < 5; round++) {
      const held = await Promise.all([pa.tick(), pb.tick()]);
      expect(held.filter(Boolean)).toHaveLength(1);
      p.clock.advance(3600_000);
    }
    expect(runs.a + runs.b).toBe(5);
    expect(Math.min(runs.a, runs.b)).toBe(0); // the holder keeps it while it renews
    const [first, second, firstRuns] = runs.a ? [pa, pb, 'a' as const] : [pb, pa, 'b' as const];
    // the holder is killed (-9): no more ticks and no release. Within the TTL the other waits…
    p.clock.advance(leaseSeconds(3600) * 1000 - 3600_000 - 1000);
    expect(await second.tick()).toBe(false);
    // …and takes over once the lease has expired
    p.clock.advance(2000);
    expect(await second.tick()).toBe(true);
    expect(runs.a + runs.b).toBe(6);
    expect(runs[firstRuns]).toBe(5);
    await first.stop(); // a revived holder finds the lease gone and does not release the other's
    expect(await second.tick()).toBe(true);
    await second.stop(); // gives the lease up: free at once
    const third = startPeriodic(p.a, { name: 'probe.periodic', intervalSeconds: 3600, run: async () => {} });
    expect(await third.tick()).toBe(true);
    await third.stop();
  });

  it('rounds never overlap; a round longer than the TTL keeps its lease by renewing', async () => {
    let release!: () => void;
    let started = 0;
    let running!: () => void;
    const isRunning = new Promise<void>((r) => {
      running = r;
    });
    const pa = startPeriodic(p.a, {
      name: 'probe.long',
      intervalSeconds: 10,
      run: () => {
        started++;
        running();
        return new Promise<void>((r) => {
          release = r;
        });
      },
    });
    const pb = startPeriodic(p.b, { name: 'probe.long', intervalSeconds: 10, run: async () => void started++ });
    const firstRound = pa.tick();
    await isRunning;
    for (let i = 0; i < 5; i++) {
      p.clock.advance(10_000); // 50 s in all: past the 30 s TTL, but renewed every round
      expect(await pa.tick()).toBe(true);
      expect(await pb.tick()).toBe(false);
    }
    expect(started).toBe(1);
    release();
    await firstRound;
    await pa.stop();
    await pb.stop();
  });

  it('an interval of 0 disables the work', async () => {
    const off = startPeriodic(p.a, { name: 'probe.off', intervalSeconds: 0, run: async () => {} });
    expect(await off.tick()).toBe(false);
    await off.stop();
    expect(await leaseOf(p.a.db, 'probe.off')).toBeUndefined();
  });
});
