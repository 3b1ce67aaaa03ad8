import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { createDb, type DatabaseHandle, type Dialect } from '../db/database'
import { migrateToLatest } from '../db/migrate'

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

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

/** Migrated PostgreSQL schemas this process has finished with, emptied, for its next tests. */
const spareSchemas: string[] = []

/** What migrations leave in a schema (each relation's name and kind), the same for every schema. */
let migratedShape: string | undefined

/** The relations (tables, indexes, sequences, views) in a schema and their column counts, as one string. */
async function shapeOf(client: pg.Client, schema: string): Promise<string> {
  const { rows } = await client.query<{ shape: string | null }>(
    `select string_agg(c.relname || ':' || c.relkind::text || ':' || c.relnatts, ',' order by c.relname) as shape
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`,
    [schema],
  )
  return rows[0]?.shape ?? ''
}

async function createMigratedSchema(): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`
  const inner = createDb(POSTGRES_URL, { schema, poolSize: 1 })
  try {
    await withSchemaLock(async (client) => {
      await client.query(`create schema ${schema}`)
      await migrateToLatest(inner)
      migratedShape ??= await shapeOf(client, schema)
    })
  } finally {
    await inner.destroy()
  }
  return schema
}

/**
 * Empties a schema for reuse: every table but the migrations' own, in one statement. A schema a test
 * changed (a table or index of its own), or one still locked after a few seconds (a process of the
 * test still connected), is dropped instead.
 */
async function recycleSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  try {
    await client.query(`set lock_timeout = '5s'`)
    if ((await shapeOf(client, schema)) !== migratedShape) throw new Error(`schema ${schema} was changed`)
    const { rows } = await client.query<{ tablename: string }>(
      `select tablename from pg_tables where schemaname = $1 and tablename not like 'kysely_migration%'`,
      [schema],
    )
    const tables = rows.map((r) => `${schema}."${r.tablename}"`).join(', ')
    if (tables) await client.query(`truncate table ${tables} restart identity cascade`)
    spareSchemas.push(schema)
  } catch {
    await withSchemaLock((lock) => lock.query(`drop schema ${schema} cascade`))
  } finally {
    await client.end()
  }
}

/** Drops the spare schemas; the setup file `database-cleanup.ts` runs it after each test file. */
export async function dropSpareSchemas(): Promise<void> {
  const schemas = spareSchemas.splice(0)
  if (schemas.length === 0) return
  await withSchemaLock((client) => client.query(`drop schema ${schemas.join(', ')} cascade`))
}

let sqliteImage: Promise<Buffer> | undefined

/**
 * A migrated in-memory SQLite database, serialized once per process: every in-memory test database
 * starts as a copy of it instead of running the migrations again.
 */
function migratedSqliteImage(): Promise<Buffer> {
  sqliteImage ??= (async () => {
    const handle = createDb('sqlite::memory:')
    const file = join(tmpdir(), `parley-test-image-${randomBytes(6).toString('hex')}.db`)
    try {
      await migrateToLatest(handle)
      await sql`vacuum into ${sql.lit(file)}`.execute(handle.db)
      return readFileSync(file)
    } finally {
      await handle.destroy()
      rmSync(file, { force: true })
    }
  })()
  return sqliteImage
}

/**
 * A fresh, migrated database: in-memory SQLite (or the file given, for tests that share it with a
 * child process), or an empty migrated schema on PostgreSQL. Creating and migrating a schema takes
 * turns with every other test process (see withSchemaLock), so a schema a test is done with is
 * emptied and handed to the process's next test instead of being dropped.
 */
export async function createTestDatabase(dialect: Dialect, sqliteFile?: string): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    if (!sqliteFile) return createDb('sqlite::memory:', { sqliteImage: await migratedSqliteImage() })
    const handle = createDb(`sqlite:${sqliteFile}`)
    await migrateToLatest(handle)
    return handle
  }
  const schema = spareSchemas.pop() ?? (await createMigratedSchema())
  const inner = createDb(POSTGRES_URL, { schema, poolSize: 12 })
  return {
    ...inner,
    destroy: async () => {
      await inner.destroy()
      await recycleSchema(schema)
    },
  }
}
