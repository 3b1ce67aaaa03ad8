import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteHandle,
  type Transaction,
} from 'kysely'
import pg from 'pg'
import type { Database } from './schema'
import { startWalCheckpointer } from './wal-checkpointer'

export type { Database } from './schema'
export type Dialect = 'sqlite' | 'postgres'
/** A database handle or an open transaction: repositories accept either. */
export type Db = Kysely<Database> | Transaction<Database>

export interface DatabaseHandle {
  readonly db: Kysely<Database>
  readonly dialect: Dialect
  /** The PostgreSQL pool, for LISTEN/NOTIFY and advisory locks; undefined on SQLite. */
  readonly pool: pg.Pool | undefined
  /** PostgreSQL schema the handle works in, when not the default search path. */
  readonly schema?: string | undefined
  destroy(): Promise<void>
}

// timestamptz and timestamp come back as ISO-8601 strings, the same shape SQLite stores, so the
// rest of the code sees one type. int8 (count(*)) comes back as a number: our counts stay far below 2^53.
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString())
pg.types.setTypeParser(1114, (v) => new Date(`${v}Z`).toISOString())
pg.types.setTypeParser(20, (v) => Number(v))
pg.types.setTypeParser(1700, (v) => Number(v))

/** How often the checkpoint worker moves the SQLite log into the database file. */
const CHECKPOINT_INTERVAL_MS = 100
const BACKSTOP_CHECKPOINT_PAGES = 10_000

/** Statements kept per SQLite database: room for the multi-row shapes of every batch size. */
const STATEMENT_CACHE_SIZE = 1000

/**
 * better-sqlite3 compiles SQL on every `prepare`, and Kysely prepares for every query: keeping the
 * recent statements by their SQL skips that work for the queries the app runs again and again
 * (least recently used first out). A statement that is still iterating (a streamed select) is busy
 * and cannot run a second query, so a second caller then gets a fresh statement of its own.
 */
function cacheStatements(sqlite: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): SqliteHandle {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = cache.get(sql)
      cache.delete(sql)
      const statement = cached && !cached.busy ? cached : sqlite.prepare(sql)
      cache.set(sql, statement)
      if (cache.size > size) {
        const oldest = cache.keys().next().value
        if (oldest !== undefined) cache.delete(oldest)
      }
      return statement
    },
  }
}

export interface CreateDbOptions {
  /** PostgreSQL only: `search_path` for every connection (tests use one schema per file). */
  schema?: string
  poolSize?: number
  /** In-memory SQLite only: start from this serialized database instead of an empty one. */
  sqliteImage?: Buffer
}

export function createDb(url: string, options: CreateDbOptions = {}): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length) || ':memory:'
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    const sqlite = new SqliteDatabase(file === ':memory:' && options.sqliteImage ? options.sqliteImage : file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = NORMAL')
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cacheStatements(sqlite) }) })
    if (file === ':memory:') return { db, dialect: 'sqlite', pool: undefined, destroy: () => db.destroy() }
    // Checkpoints move to a worker thread (see wal-checkpointer.ts); the connection's own automatic
    // checkpoint only steps in if the log grows past this many pages (about 40 MB) all the same.
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`)
    const checkpointer = startWalCheckpointer(file, CHECKPOINT_INTERVAL_MS)
    return {
      db,
      dialect: 'sqlite',
      pool: undefined,
      destroy: async () => {
        await checkpointer.stop()
        await db.destroy()
      },
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Statements issued together on one connection go out without waiting for each other's
    // answers (see inbound/inbound-transaction.ts); Kysely's own transactions still run one at a time.
    pipeline: true,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', pool, schema: options.schema, destroy: () => db.destroy() }
}
