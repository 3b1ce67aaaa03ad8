import SqliteDatabase from 'better-sqlite3'
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
 * with prepared multi-row INSERTs, on PostgreSQL as one INSERT ... SELECT FROM unnest(array per column).
 * Only for generating benchmark data, so it skips the app's repositories on purpose.
 */
export interface BulkWriter {
  write(spec: TableSpec, rows: readonly CellValue[][]): Promise<void>
  close(): void
}

const SQLITE_MAX_VARIABLES = 32_766

export function openBulkWriter(database: BenchDatabase): BulkWriter {
  if (database.sqliteFile) return sqliteWriter(database.sqliteFile)
  const pool = database.handle.pool
  if (!pool) throw new Error('A PostgreSQL bench database has no pool to bulk-load through')
  return {
    async write(spec, rows) {
      if (rows.length === 0) return
      const names = spec.columns.map(([name]) => name).join(', ')
      const arrays = spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')
      const values = spec.columns.map((_, c) => rows.map((row) => row[c] ?? null))
      await pool.query(`insert into ${spec.table} (${names}) select * from unnest(${arrays})`, values)
    },
    close: () => {},
  }
}

function sqliteWriter(file: string): BulkWriter {
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  // The generated rows are consistent by construction; checking every reference only slows the load.
  sqlite.pragma('foreign_keys = OFF')
  const statements = new Map<string, SqliteDatabase.Statement>()
  const statement = (spec: TableSpec, rowCount: number) => {
    const key = `${spec.table}:${rowCount}`
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
    async write(spec, rows) {
      const perStatement = Math.max(1, Math.min(500, Math.floor(SQLITE_MAX_VARIABLES / spec.columns.length)))
      sqlite.transaction(() => {
        for (let start = 0; start < rows.length; start += perStatement) {
          const chunk = rows.slice(start, start + perStatement)
          statement(spec, chunk.length).run(chunk.flat())
        }
      })()
    },
    close: () => sqlite.close(),
  }
}
