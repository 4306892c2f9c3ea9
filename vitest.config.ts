import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    // CI runs on a loaded 2-core machine where the Java time-skipping server occasionally drops an update
    // (see test/workflows/lib/wait-for-decision.test.ts); one retry on CI, none locally so flakes stay visible.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]] : ['default'],
  },
});
