import { sql } from 'kysely';
import { type AnyDb, own } from '../db/tables';
import type { JobTables } from './tables';

/**
 * Leases (issue 10 §2, ADR 0012): a named piece of periodic work is run by the one process that
 * holds its lease. One `insert … on conflict do update … where` statement takes a free or expired
 * lease or renews one's own, atomically on both engines: on PostgreSQL two processes racing for the
 * same name serialise on the row (the second re-checks the `where` against the first's row), and
 * PGlite has a single session. Times come from the caller's clock (DESIGN.md invariant 4); hosts
 * are expected to keep their clocks within a second or so of each other (NTP), far below a TTL.
 */

const leaseDb = (db: AnyDb) => own<JobTables>(db);

/**
 * Takes or renews the lease `name` for `holder` until `now + ttlSeconds`; answers true when
 * `holder` holds it afterwards. A lease held by someone else is taken only once it has expired.
 * A holder renewing keeps its `acquired_at` (how long it has held it).
 */
export async function tryLease(db: AnyDb, name: string, holder: string, ttlSeconds: number, now: Date): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const row = await leaseDb(db)
    .insertInto('lease')
    .values({ name, holder, acquired_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({
          holder: (eb) => eb.ref('excluded.holder'),
          acquired_at: sql<Date>`case when lease.holder = excluded.holder then lease.acquired_at else excluded.acquired_at end`,
          expires_at: (eb) => eb.ref('excluded.expires_at'),
        })
        .where((eb) => eb.or([eb('lease.expires_at', '<=', now), eb('lease.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Gives the lease up at `now` if `holder` holds it, so another process may take it at once. */
export async function releaseLease(db: AnyDb, name: string, holder: string, now: Date): Promise<void> {
  await leaseDb(db)
    .updateTable('lease')
    .set({ expires_at: now })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .where('expires_at', '>', now)
    .execute();
}

/** The lease's current row, if it was ever taken (for status pages and tests). */
export async function leaseOf(db: AnyDb, name: string): Promise<{ holder: string; acquiredAt: Date; expiresAt: Date } | undefined> {
  const row = await leaseDb(db).selectFrom('lease').selectAll().where('name', '=', name).executeTakeFirst();
  return row && { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}
