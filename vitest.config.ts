import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage tests share one PostgreSQL server; each test file creates its own schema, so files
    // may run in parallel safely.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine, where most of a
    // test file's time is spent waiting on PostgreSQL, SQLite's file, a child process or the browser.
    // Two workers overlap those waits (a full run on 2 idle cores: 596 s with one, 328 s with two).
    maxWorkers: 2,
    // Each worker process runs its test files one after another with one module cache, instead of
    // importing the app's ~600 modules again for every file (a full run on 2 idle cores: 466 s
    // isolated). Tests therefore keep no state in modules: a test that must make a module misbehave
    // does it through the real part (a database trigger), not vi.mock.
    isolate: false,
    setupFiles: ['./server/test/database-cleanup.ts'],
    reporters: ['default', './server/test/slowest-files.reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/**/*.test.ts'] },
      },
      {
        extends: true,
        // builds the web app for the browser tests when it is missing or stale
        test: { name: 'browser', include: ['e2e/**/*.test.ts'], globalSetup: ['e2e/global-setup.ts'] },
      },
    ],
  },
})
