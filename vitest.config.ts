import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    // Builds dist/ once, before any test, whenever a source is newer than it: tests that run
    // real processes (the binary, crash writer, spooler child, worker preparer) see this code.
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
