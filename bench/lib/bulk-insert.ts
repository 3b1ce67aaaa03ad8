import SqliteDatabase from 'better-sqlite3'
import type pg from 'pg'
import type { BenchDatabase } from './bench-database'

/** PostgreSQL array type each column is sent as; SQLite takes the same values as they are. */
export type ColumnType = 'text' | 'integer' | 'timestamptz' | 'jsonb'
export type CellValue = string | number | null

export interface TableSpec {
  table: string
  columns: ReadonlyArray<readonly [name: string, type: ColumnType]>
}

/**
 * Loads generated rows fast, one transaction per `write`: on SQLite through a second raw connection
 * with prepared multi-row INSERTs, on PostgreSQL as one INSERT ... SELECT FROM unnest(array per column)
 * on a session of its own. Only for generating benchmark data: it skips the app's repositories, and
 * its session neither checks foreign keys (the rows are consistent by construction) nor waits for
 * durable commits.
 */
export interface BulkWriter {
  write(spec: TableSpec, rows: readonly CellValue[][]): Promise<void>
  /**
   * Drops the plain secondary indexes of `tables` (not those behind primary keys or unique
   * constraints) and returns a function that recreates them from their own saved definitions:
   * building an index once after a big load is far quicker than growing it row by row.
   */
  deferIndexes(tables: readonly string[]): Promise<() => Promise<void>>
  close(): Promise<void>
}

const SQLITE_MAX_VARIABLES = 32_766

export async function openBulkWriter(database: BenchDatabase): Promise<BulkWriter> {
  if (database.sqliteFile) return sqliteWriter(database.sqliteFile)
  const pool = database.handle.pool
  if (!pool) throw new Error('A PostgreSQL bench database has no pool to bulk-load through')
  return postgresWriter(await pool.connect())
}

function postgresWriter(client: pg.PoolClient): BulkWriter {
  const ready = (async () => {
    await client.query('set synchronous_commit = off')
    await client.query("set maintenance_work_mem = '256MB'")
    // Needs a superuser; without one the load still works, only slower.
    await client.query('set session_replication_role = replica').catch(() => undefined)
  })()
  return {
    async write(spec, rows) {
      await ready
      if (rows.length === 0) return
      // Parsing the arrays is most of the server's work: a column with one value in every row goes
      // as that value, a column null in every row not at all (it takes its default, null).
      const columns = spec.columns
        .map(([name, type], c) => ({ name, type, values: rows.map((row) => row[c] ?? null) }))
        .filter((column) => column.values.some((v) => v !== null))
      const isConstant = (values: CellValue[]) => values.every((v) => v === values[0])
      // unnest needs at least one array, so the first column always goes as one.
      const sent = columns.map((column, i) => ({ ...column, asArray: i === 0 || !isConstant(column.values) }))
      const params = sent.map((column) => (column.asArray ? column.values : column.values[0]))
      const names = sent.map((column) => column.name).join(', ')
      const selected = sent.map((column, i) => (column.asArray ? `u.c${i}` : `$${i + 1}::${column.type}`))
      const arrays = sent.flatMap((column, i) => (column.asArray ? [`$${i + 1}::${column.type}[]`] : []))
      const aliases = sent.flatMap((column, i) => (column.asArray ? [`c${i}`] : []))
      await client.query(
        `insert into ${spec.table} (${names}) select ${selected.join(', ')} ` +
          `from unnest(${arrays.join(', ')}) as u(${aliases.join(', ')})`,
        params,
      )
    },
    async deferIndexes(tables) {
      await ready
      const { rows } = await client.query<{ indexname: string; indexdef: string }>(
        `select i.indexname, i.indexdef from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = any($1)
            and not exists (select 1 from pg_constraint c
                             where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`,
        [tables],
      )
      for (const index of rows) await client.query(`drop index ${index.indexname}`)
      return async () => {
        for (const index of rows) await client.query(index.indexdef)
      }
    },
    // The session settings above must not reach the app: the connection is closed, not pooled.
    close: async () => client.release(true),
  }
}

function sqliteWriter(file: string): BulkWriter {
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = OFF')
  // 256 MB of page cache: the load touches indexes much larger than the 2 MB default.
  sqlite.pragma('cache_size = -262144')
  const statements = new Map<string, SqliteDatabase.Statement>()
  const statement = (spec: TableSpec, rowCount: number) => {
    const key = `${spec.table}:${spec.columns.map(([name]) => name).join()}:${rowCount}`
    let prepared = statements.get(key)
    if (!prepared) {
      const names = spec.columns.map(([name]) => name).join(', ')
      const tuple = `(${spec.columns.map(() => '?').join(', ')})`
      const tuples = Array.from({ length: rowCount }, () => tuple).join(', ')
      prepared = sqlite.prepare(`insert into ${spec.table} (${names}) values ${tuples}`)
      statements.set(key, prepared)
    }
    return prepared
  }
  return {
    async write(fullSpec, rows) {
      if (rows.length === 0) return
      // Columns null in every row are left out (they default to null), saving a bind per row each.
      const kept = fullSpec.columns.flatMap((_, c) => (rows.some((row) => row[c] != null) ? [c] : []))
      const spec = { table: fullSpec.table, columns: kept.map((c) => fullSpec.columns[c]!) }
      const slim =
        kept.length === fullSpec.columns.length ? rows : rows.map((row) => kept.map((c) => row[c] ?? null))
      const perStatement = Math.max(1, Math.min(500, Math.floor(SQLITE_MAX_VARIABLES / spec.columns.length)))
      sqlite.transaction(() => {
        for (let start = 0; start < slim.length; start += perStatement) {
          const chunk = slim.slice(start, start + perStatement)
          statement(spec, chunk.length).run(chunk.flat())
        }
      })()
    },
    async deferIndexes(tables) {
      const indexes = sqlite
        .prepare(
          `select name, sql from sqlite_master
            where type = 'index' and sql is not null and tbl_name in (select value from json_each(?))`,
        )
        .all(JSON.stringify(tables)) as Array<{ name: string; sql: string }>
      for (const index of indexes) sqlite.exec(`drop index "${index.name}"`)
      return async () => {
        for (const index of indexes) sqlite.exec(index.sql)
      }
    },
    close: async () => {
      sqlite.pragma('wal_checkpoint(TRUNCATE)')
      sqlite.close()
    },
  }
}
