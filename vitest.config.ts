import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    // Builds dist/ once, before any test, whenever a source is newer than it: tests that run
    // real processes (the binary, crash writer, spooler child, worker preparer) see this code.
    globalSetup: ['test/support/build-once.ts'],
    // Two files at a time: on 2 cores vitest would run one (cores - 1), yet most files spend
    // their time waiting on child processes, servers, the disk and the browser. Measured on the
    // 2-core CI machine: the suite in 7 min 52 s instead of 13 min 30 s, the same 3,123 passing.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
