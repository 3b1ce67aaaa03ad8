import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { type Config, loadConfig } from '../../server/config'
import { createDb, type DatabaseHandle, type Dialect } from '../../server/db/database'
import { migrateToLatest } from '../../server/db/migrate'
import type { HttpClient } from '../../server/provider/provider'
import { assembleDeps } from '../../server/runtime'
import type { AppDeps } from '../../server/service-deps'

export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * A fresh, migrated database for one benchmark run: a SQLite file in the temp folder (WAL, as in
 * production, not :memory:) or a new PostgreSQL schema; `destroy()` closes it and removes the file
 * or drops the schema.
 */
export interface BenchDatabase {
  handle: DatabaseHandle
  dialect: Dialect
  /** The SQLite file, for a second raw connection that bulk-loads data; undefined on PostgreSQL. */
  sqliteFile: string | undefined
  destroy(): Promise<void>
}

export async function openBenchDatabase(dialect: Dialect, poolSize = 10): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(6).toString('hex')}`
  if (dialect === 'sqlite') {
    const file = join(tmpdir(), `parley-${name}.db`)
    const handle = createDb(`sqlite:${file}`)
    await migrateToLatest(handle)
    return {
      handle,
      dialect,
      sqliteFile: file,
      destroy: async () => {
        await handle.destroy()
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
      },
    }
  }
  await adminQuery(`create schema ${name}`)
  const handle = createDb(POSTGRES_URL, { schema: name, poolSize })
  await migrateToLatest(handle)
  return {
    handle,
    dialect,
    sqliteFile: undefined,
    destroy: async () => {
      await handle.destroy()
      await adminQuery(`drop schema ${name} cascade`)
    },
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** SQLite always; PostgreSQL when it answers, else a line saying why it is left out. */
/** Both dialects, or those `BENCH_DIALECTS` names (`sqlite`, `postgres`, comma-separated). */
export async function benchDialects(): Promise<Dialect[]> {
  const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim())
  const unknown = wanted.filter((d) => d !== 'sqlite' && d !== 'postgres')
  if (unknown.length > 0)
    throw new Error(`BENCH_DIALECTS: unknown dialect ${unknown.join(', ')} (sqlite, postgres)`)
  if (!wanted.includes('postgres')) return ['sqlite']
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return wanted as Dialect[]
  } catch (error) {
    console.log(`  PostgreSQL left out: cannot reach ${POSTGRES_URL} (${String(error)})`)
    return wanted.includes('sqlite') ? ['sqlite'] : []
  }
}

export function benchConfig(databaseUrl: string): Config {
  return loadConfig({
    PARLEY_SECRET_KEY: '22'.repeat(32),
    PUBLIC_BASE_URL: 'http://parley.bench',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
  })
}

/** The app's real dependencies (system clock, real provider resolver) over a bench database. */
export function benchDeps(database: BenchDatabase, options: { http?: HttpClient } = {}): AppDeps {
  const url = database.sqliteFile ? `sqlite:${database.sqliteFile}` : POSTGRES_URL
  return assembleDeps(benchConfig(url), database.handle, {
    ...options,
    onError: (error) => console.error('  status update failed:', error),
  })
}
