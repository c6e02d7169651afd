import { inject } from 'vitest';
import { insertAccount } from '../src/platform/auth';
import type { Actor } from '../src/platform/auth/actor';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { type Clock, manualClock } from '../src/platform/clock';
import { type Config, loadConfig } from '../src/platform/config';
import type { AppContext } from '../src/platform/context';
import { openStore, type Store } from '../src/platform/db/connect';
import { actAsInstance } from '../src/platform/jobs';
import { createJournal } from '../src/platform/journal/append';
import { testStart } from './app';
import { freshDatabase, openTestStore } from './store';

export interface TwoProcesses {
  /** two contexts standing for two server processes ('process-a', 'process-b') on one database */
  a: AppContext;
  b: AppContext;
  clock: ReturnType<typeof manualClock>;
  /** an account to own jobs */
  actor: Actor;
  close(): Promise<void>;
}

/**
 * Two stores standing for two server processes' connections to one database: on PostgreSQL two
 * stores (two connection pools) on one fresh database; on PGlite, which one process owns, the one
 * store twice. `close` closes both and drops the database.
 */
export async function twoStores(): Promise<{ stores: [Store, Store]; close(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const store = await openTestStore();
    return { stores: [store, store], close: () => store.close() };
  }
  const db = await freshDatabase(base, inject('pgTemplate'));
  const stores: [Store, Store] = [
    await openStore({ databaseUrl: db.url, purpose: 'test a' }),
    await openStore({ databaseUrl: db.url, purpose: 'test b' }),
  ];
  return {
    stores,
    close: async () => {
      await stores[0].close();
      await stores[1].close();
      await db.drop();
    },
  };
}

/** A server's context on `store`: its own journal and scratch file store, the given config and clock. */
export function contextOn(store: Store, config: Config, clock: Clock): AppContext {
  return {
    store,
    db: store.db,
    config,
    clock,
    journal: createJournal(config.journalHash, clock, { serialised: store.engine === 'pglite' }),
    blobs: scratchBlobStore(config.journalHash),
  };
}

/**
 * Two server processes on one database for the scheduler's tests (issue 10 §2): on PostgreSQL two
 * stores (two connection pools) on one fresh database; on PGlite, which one process owns, two
 * contexts on the one store. Each context has its own instance id; both read one manual clock.
 */
export async function twoProcesses(env: Record<string, string> = {}): Promise<TwoProcesses> {
  const clock = manualClock(testStart);
  const config = { ...loadConfig(env), dataDir: '/nonexistent' };
  const { stores, close } = await twoStores();
  const make = (store: Store, id: string): AppContext => {
    const ctx = contextOn(store, config, clock);
    actAsInstance(ctx, id);
    return ctx;
  };
  const a = make(stores[0], 'process-a');
  const b = make(stores[1], 'process-b');
  const username = 'job_owner';
  const view = (await a.db.transaction().execute((trx) =>
    insertAccount(trx, a, null, {
      username,
      displayName: '任务发起人',
      roles: [],
      password: 'sanxiang-demo-1',
      mustChangePassword: false,
    }),
  )) as { id: string };
  const actor: Actor = {
    userId: view.id,
    username,
    displayName: '任务发起人',
    roles: [],
    agencyId: null,
    jurisdictionCode: null,
    clientIp: null,
    sessionId: 'test',
  };
  return {
    a,
    b,
    clock,
    actor,
    close,
  };
}
