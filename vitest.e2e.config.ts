import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: build the site once, serve dist/ on a free localhost port, drive
// Debian's Chromium with playwright-core. One browser at a time: the machine has two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
