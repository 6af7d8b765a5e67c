import { defineConfig } from 'vitest/config';

// Unit, format, engine, analysis and experiment tests. Browser end-to-end tests have their own
// config (vitest.e2e.config.ts) because they need a built site and Chromium.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Two cores on the reference machine: two forks keep the machine responsive.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
