import { sql } from 'kysely';
import type { AppContext } from '../context';
import type { AnyDb, AnyTrx } from '../db/tables';
import type { JournalInput } from '../journal/append';

/**
 * Where one serialised login attempt reads and writes: `db` for its reads (the lock-state), `record`
 * for an audit event of its own, `transact` for the writes of a successful login.
 */
export interface AttemptScope {
  db: AnyDb;
  record(input: JournalInput): Promise<void>;
  transact<T>(fn: (trx: AnyTrx) => Promise<T>): Promise<T>;
}

/**
 * Namespace of the two-key advisory locks taken here (`pg_advisory_xact_lock(7303, hashtext(key))`).
 * Two-key locks never meet the one-key locks of the journal (7302) or of leases: PostgreSQL keeps
 * the two key spaces apart. Two accounts whose keys hash alike merely wait for each other.
 */
const attemptLockSpace = 7303;

/** Per store handle (one per process; shared by two apps on one PGlite store), per account key. */
const queues = new WeakMap<object, Map<string, Promise<void>>>();

/** Runs `fn` after every earlier call with the same key on the same handle has finished. */
async function inTurn<T>(owner: object, key: string, fn: () => Promise<T>): Promise<T> {
  let byKey = queues.get(owner);
  if (!byKey) {
    byKey = new Map();
    queues.set(owner, byKey);
  }
  const previous = byKey.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => {
    release = r;
  });
  const tail = previous.then(() => mine);
  byKey.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (byKey.get(key) === tail) byKey.delete(key);
  }
}

/**
 * Serialises one account's (or pseudo-id's) login attempts — lock-state read, password check,
 * failure record — so that with lockoutThreshold = N at most N wrong passwords are ever checked
 * before the lock shows, whichever processes they reach (issue 10 §3, ADR 0003: the lock-out is
 * derived from the journal, and the check→verify→record of concurrent attempts used to interleave).
 *
 * - Within a process, attempts on one key wait in a queue. On PGlite this is the whole answer: the
 *   store has one owner (one process), and holding a transaction across the password hash (~tens of
 *   ms of argon2) would hold PGlite's only connection and stall every other request meanwhile.
 * - On PostgreSQL the attempt also runs in one transaction holding `pg_advisory_xact_lock` on the
 *   key, which other processes' attempts on that key wait for; the audit events are written in that
 *   transaction (on the same connection: taking a second one from the pool while holding the lock
 *   could exhaust it), and the lock ends with the commit that makes them visible. The queue keeps a
 *   process from parking more than one pooled connection per key on the lock.
 *
 * Errors the attempt answers with (LOGIN_FAILED, ACCOUNT_LOCKED …) are returned, not thrown, by
 * `fn`, so that their audit events commit; an exception rolls the attempt back.
 */
export function serialisedAttempt<T>(ctx: AppContext, key: string, fn: (scope: AttemptScope) => Promise<T>): Promise<T> {
  return inTurn(ctx.db, key, () => {
    if (ctx.store.engine === 'pglite') {
      const transact = <R>(work: (trx: AnyTrx) => Promise<R>) => ctx.db.transaction().execute(work);
      return fn({
        db: ctx.db,
        transact,
        record: async (input) => {
          await transact((trx) => ctx.journal.append(trx, input));
        },
      });
    }
    return ctx.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${attemptLockSpace}, hashtext(${key}))`.execute(trx);
      return fn({
        db: trx,
        transact: (work) => work(trx),
        record: async (input) => {
          await ctx.journal.append(trx, input);
        },
      });
    });
  });
}
