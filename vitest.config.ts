import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start loopback servers and child processes; two cores do not
    // reward more than two files at once.
    maxWorkers: 2,
    pool: 'forks',
    // Builds dist/ when src/ is newer: CLI tests spawn dist/cli.js as users run it.
    globalSetup: ['test/support/global-build.ts'],
  },
});
