import type { Kysely } from 'kysely';
import type { Database } from '../database';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Store } from './db/connect';
import type { Journal } from './journal/append';

/** What every service gets: the store, the clock, the journal, the configuration. */
export interface AppContext {
  store: Store;
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
  journal: Journal;
}

/** Options of every route plugin: `app.register(plugin, { prefix, ctx })`. */
export interface RouteOptions {
  ctx: AppContext;
}
