import { defineConfig } from 'vitest/config';

// The one test command (README, .ci/run): the whole suite on PGlite, or on PostgreSQL when
// DATABASE_URL is set. Browser tests live in e2e/ with their own config.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
    env: { TZ: 'UTC' },
    // one migrated store per run that each file's store is copied from (server/test/store.ts)
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
