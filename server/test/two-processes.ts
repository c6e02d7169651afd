import { inject } from 'vitest';
import { insertAccount } from '../src/platform/auth';
import type { Actor } from '../src/platform/auth/actor';
import { scratchBlobStore } from '../src/platform/blobs/testing';
import { manualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
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
 * Two server processes on one database for the scheduler's tests (issue 10 §2): on PostgreSQL two
 * stores (two connection pools) on one fresh database; on PGlite, which one process owns, two
 * contexts on the one store. Each context has its own instance id; both read one manual clock.
 */
export async function twoProcesses(env: Record<string, string> = {}): Promise<TwoProcesses> {
  const clock = manualClock(testStart);
  const config = { ...loadConfig(env), dataDir: '/nonexistent' };
  const base = process.env.DATABASE_URL;
  let stores: [Store, Store];
  let drop = async () => {};
  if (base) {
    const db = await freshDatabase(base, inject('pgTemplate'));
    stores = [await openStore({ databaseUrl: db.url, purpose: 'test a' }), await openStore({ databaseUrl: db.url, purpose: 'test b' })];
    drop = db.drop;
  } else {
    const store = await openTestStore();
    stores = [store, store];
  }
  const make = (store: Store, id: string): AppContext => {
    const ctx: AppContext = {
      store,
      db: store.db,
      config,
      clock,
      journal: createJournal(config.journalHash, clock, { serialised: store.engine === 'pglite' }),
      blobs: scratchBlobStore(config.journalHash),
    };
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
    async close() {
      await stores[0].close();
      if (stores[1] !== stores[0]) await stores[1].close();
      await drop();
    },
  };
}
