import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type AppDeps, buildApp } from '../app'
import { FakeClock } from '../clock'
import { loadConfig } from '../config'
import { createDb, type DatabaseHandle, type Dialect } from '../db/database'
import { migrateToLatest } from '../db/migrate'
import type { HttpClient } from '../provider/provider'
import { assembleDeps } from '../runtime'

/**
 * Every storage and route test runs once per dialect, as kysely's own suite does. SQLite always
 * runs; PostgreSQL runs when reachable at TEST_POSTGRES_URL (default 127.0.0.1:5432/test). In CI
 * (CI=true) an unreachable PostgreSQL is an error, not a skip.
 */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

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

/**
 * Runs `fn` holding a server-wide advisory lock. Migrations introspect every schema on the server and
 * fail if another test file drops its schema at that moment, so creating-and-migrating and dropping
 * take turns.
 */
async function withSchemaLock<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    await client.query('select pg_advisory_lock(7274530)')
    return await fn(client)
  } finally {
    await client.query('select pg_advisory_unlock(7274530)').catch(() => {})
    await client.end()
  }
}

/**
 * A fresh, migrated database: in-memory SQLite (or the file given, for tests that share it with a
 * child process), or a new schema on PostgreSQL dropped on destroy.
 */
export async function createTestDatabase(dialect: Dialect, sqliteFile?: string): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const handle = createDb(`sqlite:${sqliteFile ?? ':memory:'}`)
    await migrateToLatest(handle)
    return handle
  }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const inner = createDb(POSTGRES_URL, { schema, poolSize: 12 })
  await withSchemaLock(async (client) => {
    await client.query(`create schema ${schema}`)
    await migrateToLatest(inner)
  })
  return {
    ...inner,
    destroy: async () => {
      await inner.destroy()
      await withSchemaLock((client) => client.query(`drop schema ${schema} cascade`))
    },
  }
}

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
