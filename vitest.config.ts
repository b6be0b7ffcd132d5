import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: more workers only add contention for the end-to-end runs.
    maxWorkers: 2,
    env: {
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_DISABLE_REMOTE_GENERATION: '1',
      PROMPTFOO_DISABLE_SHARING: '1',
      NODE_NO_WARNINGS: '1',
    },
  },
});
