import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/**/*.test.ts', 'e2e/**/*.test.ts'],
    // builds the web app for the end-to-end tests when it is missing or stale
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage tests share one PostgreSQL server; each test file creates its own schema, so files
    // may run in parallel safely.
    pool: 'forks',
  },
})
