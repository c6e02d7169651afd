import { CompiledQuery } from 'kysely';
import type { AnyDb } from '../db/tables';

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

// $1 key, $2 window in ms. Written once as text: this runs on every limited request, and building
// and compiling the query per call cost more CPU than the statement itself on PGlite.
const windowOver = `rate_limit_counter.window_started_at + $2::integer * interval '1 millisecond' <= now()`;
const ttlMs = `greatest(0, ceil(extract(epoch from (window_started_at + $2::integer * interval '1 millisecond' - now())) * 1000))::integer`;
const incrSql = `insert into rate_limit_counter (key, window_started_at, hits) values ($1, now(), 1)
  on conflict (key) do update set
    hits = case when ${windowOver} then 1 else rate_limit_counter.hits + 1 end,
    window_started_at = case when ${windowOver} then now() else rate_limit_counter.window_started_at end
  returning hits, ${ttlMs} as ttl`;
const readSql = `select hits, ${ttlMs} as ttl from rate_limit_counter where key = $1`;

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
  const run = (text: string, params: unknown[]) =>
    db.executeQuery<{ hits: number; ttl: number }>(CompiledQuery.raw(text, params)).then((r) => r.rows[0]);
  const ms = (timeWindow: number) => Math.max(0, Math.trunc(timeWindow));

  return class DatabaseRateLimitStore {
    readonly prefix: string;

    // the plugin calls `new Store(globalParams)`; a child is made with the route's key prefix
    constructor(_params?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, done: Done, timeWindow: number): void {
      run(incrSql, [this.prefix + key, ms(timeWindow)]).then(
        (row) => (row ? done(null, { current: row.hits, ttl: Number(row.ttl) }) : done(new Error('rate_limit_counter: no row'))),
        (e: Error) => done(e),
      );
    }

    /** The count without counting (the plugin's `{ increment: false }`). */
    read(key: string, done: Done, timeWindow: number): void {
      run(readSql, [this.prefix + key, ms(timeWindow)]).then(
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
