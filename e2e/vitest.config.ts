import { defineConfig } from 'vitest/config';

// Browser tests: the real server (`sanxiang demo` on a DATA_DIR of its own) driven through Chromium.
// Run with `npm run test:e2e` (builds web/ first). Needs Debian's chromium (or CHROMIUM_PATH).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    env: { TZ: 'UTC' },
    // the folder of the run's demo templates, each file's DATA_DIR a copy of one (harness.ts)
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    // the first file that needs a demo also builds its template (with the cases ~90 s on CI, up to
    // 200 s allowed), then starts its own server on a copy (up to 120 s)
    hookTimeout: 330_000,
    pool: 'forks',
    // One server and one browser per file; files run one after another to keep ports and CPU calm.
    fileParallelism: false,
  },
});
