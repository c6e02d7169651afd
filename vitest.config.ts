import { configDefaults, defineConfig } from 'vitest/config';
import { engineIndependent, postgresOnly } from './server/test/engine-independent';

// The one test command (README, .ci/run): the whole suite on PGlite, or on PostgreSQL when
// DATABASE_URL is set. Browser tests live in e2e/ with their own config.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
    // The PostgreSQL pass leaves out only the files that touch no store or force PGlite
    // (server/test/engine-independent.ts, checked by its test): they ran in the PGlite pass and
    // would prove the same again. Every file that reaches the database runs on both engines.
    // The PGlite pass leaves out the few files that need several processes on one PostgreSQL.
    exclude: process.env.DATABASE_URL
      ? [...configDefaults.exclude, ...Object.keys(engineIndependent)]
      : [...configDefaults.exclude, ...Object.keys(postgresOnly)],
    env: { TZ: 'UTC' },
    // one migrated store per run that each file's store is copied from (server/test/store.ts)
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
