import type { Kysely, Transaction } from 'kysely';

/**
 * A store handle whose tables are not named: what a part receives from another (ctx.db, a
 * transaction opened elsewhere). Each module and platform part types its queries over its own
 * tables only (ADR 0007) through `own` below, the one cast at its edge; reading another part's
 * table then does not compile.
 */
// biome-ignore lint/suspicious/noExplicitAny: the handle is deliberately untyped until a part names its tables
export type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above, for a transaction handed from one part to another
export type AnyTrx = Transaction<any>;

export function own<T>(db: AnyTrx): Transaction<T>;
export function own<T>(db: AnyDb): Kysely<T>;
export function own<T>(db: AnyDb): Kysely<T> {
  return db as Kysely<T>;
}
