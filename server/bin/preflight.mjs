#!/usr/bin/env node
// Runs before `npm start` / `npm run demo` rebuild web/dist: when a server already owns DATA_DIR
// (PGlite), the new one would be refused anyway, and rebuilding first would swap the bundle under
// the running server's open pages (their chunks would vanish). Refuse before building instead.
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register();
if (!process.env.DATABASE_URL) {
  const { liveHolder, StoreLockedError } = await import('../src/platform/db/lock.ts');
  const dir = resolve(process.env.DATA_DIR || './data');
  const holder = liveHolder(dir);
  if (holder) {
    console.error(new StoreLockedError(dir, holder).message);
    process.exit(1);
  }
}
