import { defineConfig } from 'vitest/config';

// Browser tests: the real server (`sanxiang demo` on a fresh DATA_DIR) driven through Chromium.
// Run with `npm run test:e2e` (builds web/ first). Needs Debian's chromium (or CHROMIUM_PATH).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One server and one browser per file; files run one after another to keep ports and CPU calm.
    fileParallelism: false,
  },
});
