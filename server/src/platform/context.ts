import type { Kysely } from 'kysely';
import type { Database } from '../database';
import type { BlobStore } from './blobs/types';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Store } from './db/connect';
import type { Journal } from './journal/append';

/** What every service gets: the store, the clock, the journal, the configuration, the files (blob store). */
export interface AppContext {
  store: Store;
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
  journal: Journal;
  /** content-addressed files (platform/blobs, ADR 0009): DATA_DIR/blobs/ or S3 */
  blobs: BlobStore;
}

/** Options of every route plugin: `app.register(plugin, { prefix, ctx })`. */
export interface RouteOptions {
  ctx: AppContext;
}
