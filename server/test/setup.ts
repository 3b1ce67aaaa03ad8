import pg from 'pg'
import { buildApp } from '../app'
import { FakeClock } from '../clock'
import { loadConfig } from '../config'
import type { Dialect } from '../db/database'
import type { HttpClient } from '../provider/provider'
import { assembleDeps } from '../runtime'
import type { AppDeps } from '../service-deps'
import { createTestDatabase, POSTGRES_URL } from './test-databases'

/**
 * Every storage and route test runs once per dialect, as kysely's own suite does. SQLite always
 * runs; PostgreSQL runs when reachable at TEST_POSTGRES_URL (default 127.0.0.1:5432/test). In CI
 * (CI=true) an unreachable PostgreSQL is an error, not a skip.
 */
async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch (error) {
    if (process.env.CI)
      throw new Error(`PostgreSQL is required in CI but unreachable at ${POSTGRES_URL}: ${error}`)
    console.warn(`Skipping PostgreSQL tests: cannot reach ${POSTGRES_URL} (${String(error)})`)
    return false
  }
}

export const DIALECTS: Dialect[] =
  (process.env.TEST_DIALECTS?.split(',') as Dialect[] | undefined) ??
  ((await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'])

export interface TestContext {
  deps: AppDeps
  clock: FakeClock
  app: Awaited<ReturnType<typeof buildApp>>
  close(): Promise<void>
}

/** An app over a fresh database with a fake clock; `close()` releases both. */
export async function createTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: { sqliteFile?: string; http?: HttpClient } = {},
): Promise<TestContext> {
  const database = await createTestDatabase(dialect, options.sqliteFile)
  const clock = new FakeClock()
  const config = loadConfig({
    PARLEY_SECRET_KEY: '11'.repeat(32),
    PUBLIC_BASE_URL: 'http://parley.test',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SIMULATOR_DELIVERY_DELAY_MS: '0',
    PARLEY_ALLOW_PROVIDER_BASE_URL: 'true',
    ...env,
  })
  const deps: AppDeps = assembleDeps(config, database, {
    clock,
    ...(options.http ? { http: options.http } : {}),
  })
  const app = await buildApp(deps)
  return {
    deps,
    clock,
    app,
    close: async () => {
      await app.close()
      await database.destroy()
    },
  }
}
