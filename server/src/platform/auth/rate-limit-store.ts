import { sql } from 'kysely';
import { type AnyDb, own } from '../db/tables';
import type { AuthTables } from './tables';

/** What @fastify/rate-limit hands a store's `incr` callback: hits in the window, ms until it ends. */
interface Count {
  current: number;
  ttl: number;
}
type Done = (err: Error | null, res?: Count) => void;

/** The route a child store counts for (`routeOptions.routeInfo` of @fastify/rate-limit). */
interface ChildOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A @fastify/rate-limit store over the table `rate_limit_counter` (migration 0029), so every
 * server process on one database counts the same hits (issue 10 §3): with the in-memory store two
 * processes allowed twice LOGIN_RATE_LIMIT_PER_MINUTE. One statement per counted request — an
 * upsert that starts a new window when the old one is over and answers the count — so concurrent
 * hits from any number of processes are counted exactly (the row lock of ON CONFLICT serialises
 * them). Windows are measured on the database's clock, the one clock all processes share.
 *
 * Register with `rateLimit({ store: databaseRateLimitStore(ctx.db), … })`; each route with a
 * `config.rateLimit` gets a child that prefixes its keys with the route (`POST /api/v1/auth/login|`),
 * as the plugin's Redis store does, so one address's logins and proof reads are counted apart.
 */
export function databaseRateLimitStore(db: AnyDb) {
  const counters = own<AuthTables>(db);
  return class DatabaseRateLimitStore {
    readonly prefix: string;

    // the plugin calls `new Store(globalParams)`; a child is made with the route's key prefix
    constructor(_params?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, done: Done, timeWindow: number): void {
      const window = sql`${Math.max(0, Math.trunc(timeWindow))}::integer * interval '1 millisecond'`;
      const over = sql<boolean>`rate_limit_counter.window_started_at + ${window} <= now()`;
      counters
        .insertInto('rate_limit_counter')
        .values({ key: this.prefix + key, window_started_at: sql`now()`, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql`case when ${over} then 1 else rate_limit_counter.hits + 1 end`,
            window_started_at: sql`case when ${over} then now() else rate_limit_counter.window_started_at end`,
          }),
        )
        .returning(['hits', sql<number>`ceil(extract(epoch from (window_started_at + ${window} - now())) * 1000)::integer`.as('ttl')])
        .executeTakeFirstOrThrow()
        .then(
          (row) => done(null, { current: row.hits, ttl: Math.max(0, Number(row.ttl)) }),
          (e: Error) => done(e),
        );
    }

    /** The count without counting (the plugin's `{ increment: false }`). */
    read(key: string, done: Done, timeWindow: number): void {
      const window = sql`${Math.max(0, Math.trunc(timeWindow))}::integer * interval '1 millisecond'`;
      counters
        .selectFrom('rate_limit_counter')
        .select(['hits', sql<number>`ceil(extract(epoch from (window_started_at + ${window} - now())) * 1000)::integer`.as('ttl')])
        .where('key', '=', this.prefix + key)
        .executeTakeFirst()
        .then(
          (row) => done(null, row && Number(row.ttl) > 0 ? { current: row.hits, ttl: Number(row.ttl) } : { current: 0, ttl: 0 }),
          (e: Error) => done(e),
        );
    }

    // typed `object`: the plugin's types name Fastify's RouteOptions, the merged params it passes carry routeInfo
    child(routeOptions: object): DatabaseRateLimitStore {
      const info = (routeOptions as ChildOptions).routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
      return new DatabaseRateLimitStore(undefined, `${this.prefix}${method} ${info.url ?? ''}|`);
    }
  };
}
