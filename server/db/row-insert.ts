import { CompiledQuery, type Insertable, type RawBuilder, sql } from 'kysely'
import type { Database, Db, Dialect } from './database'

/** A statement ready to run: Kysely SQL (which PostgreSQL can nest in a CTE) or compiled text. */
export type Statement = RawBuilder<unknown> | CompiledQuery

export async function runStatement<R>(db: Db, statement: Statement): Promise<R[]> {
  const result = 'execute' in statement ? await statement.execute(db) : await db.executeQuery(statement)
  return result.rows as R[]
}

/** SQLite statement texts by table, columns, row count and tail: a batch repeats a few shapes. */
const valuesTexts = new Map<string, string>()
const MAX_VALUES_TEXTS = 2000

/**
 * One INSERT of rows that all have the same columns (those of the first row), followed by `tail`
 * (ON CONFLICT, RETURNING: constant SQL of the caller's). Kysely's builder makes and compiles a node
 * per value, which for a batch of sixty 33-column messages took longer than SQLite took to store
 * them, so this builds the statement directly:
 * - SQLite: the VALUES text is made once per shape and kept, each call only lists the values;
 * - PostgreSQL: the rows travel as one JSON parameter read with the table's own row type, so the
 *   text is the same for every batch size and the server parses a short statement instead of one
 *   with a parameter per value.
 * The caller keeps SQLite's rows × columns under its parameter limit; `insertAllRows` and
 * `upsertAllRows` split any number of rows themselves.
 */
export function insertRows<T extends keyof Database & string>(
  dialect: Dialect,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  tail = '',
): Statement {
  const columns = Object.keys(rows[0] ?? {})
  const names = columns.map((c) => `"${c}"`).join(', ')
  if (dialect === 'postgres') {
    return sql`insert into ${sql.raw(`"${table}" (${names}) select ${names}`)} from json_populate_recordset(null::${sql.raw(`"${table}"`)}, ${JSON.stringify(rows)}) ${sql.raw(tail)}`
  }
  const key = `${table} ${columns.join(' ')} ${rows.length} ${tail}`
  let text = valuesTexts.get(key)
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`
    text = `insert into "${table}" (${names}) values ${Array.from(rows, () => row).join(', ')} ${tail}`
    if (valuesTexts.size >= MAX_VALUES_TEXTS) valuesTexts.clear()
    valuesTexts.set(key, text)
  }
  const values: unknown[] = []
  for (const row of rows as Record<string, unknown>[]) for (const column of columns) values.push(row[column])
  return CompiledQuery.raw(text, values)
}

/** SQLite's bound parameters per statement, under the 32,766 of the build better-sqlite3 ships. */
const SQLITE_PARAMETERS = 30_000
/** PostgreSQL rows per statement: one JSON parameter however many, but a bounded statement. */
const POSTGRES_ROWS = 5_000

function rowsPerBatch(dialect: Dialect, rows: readonly object[]): number {
  if (dialect === 'postgres') return POSTGRES_ROWS
  return Math.max(1, Math.floor(SQLITE_PARAMETERS / Math.max(1, Object.keys(rows[0] ?? {}).length)))
}

/**
 * Inserts any number of rows (all with the same columns), a batch per statement (see
 * `insertRows`); nothing at all for none. With `ignoreDuplicates` a row clashing with a stored
 * one on a unique key is left out.
 */
export async function insertAllRows<T extends keyof Database & string>(
  db: Db,
  dialect: Dialect,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  options: { ignoreDuplicates?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return
  const tail = options.ignoreDuplicates ? 'on conflict do nothing' : ''
  const size = rowsPerBatch(dialect, rows)
  for (let i = 0; i < rows.length; i += size) {
    await runStatement(db, insertRows(dialect, table, rows.slice(i, i + size), tail))
  }
}

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ')

/**
 * Upserts rows on a unique key, setting `update` columns from the new row, and returns what
 * `returning` names of every row, inserted or updated. The keys must be unique within `rows`.
 */
export async function upsertAllRows<T extends keyof Database & string, R>(
  db: Db,
  dialect: Dialect,
  input: {
    table: T
    rows: readonly Insertable<Database[T]>[]
    conflict: readonly (keyof Database[T] & string)[]
    update: readonly (keyof Database[T] & string)[]
    returning: readonly (keyof Database[T] & string)[]
  },
): Promise<R[]> {
  const out: R[] = []
  if (input.rows.length === 0) return out
  const set = input.update.map((c) => `"${c}" = excluded."${c}"`).join(', ')
  const tail = `on conflict (${quoted(input.conflict)}) do update set ${set} returning ${quoted(input.returning)}`
  const size = rowsPerBatch(dialect, input.rows)
  for (let i = 0; i < input.rows.length; i += size) {
    out.push(
      ...(await runStatement<R>(db, insertRows(dialect, input.table, input.rows.slice(i, i + size), tail))),
    )
  }
  return out
}
