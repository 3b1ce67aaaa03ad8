import { CompiledQuery, type Insertable, type RawBuilder, sql } from 'kysely'
import type { Database, Db, Dialect } from '../db/database'

/** A statement ready to run: Kysely SQL (which PostgreSQL can nest, see `runWrites`) or compiled text. */
export type Statement = RawBuilder<unknown> | CompiledQuery

export async function runStatement<R>(db: Db, statement: Statement): Promise<R[]> {
  const result = 'execute' in statement ? await statement.execute(db) : await db.executeQuery(statement)
  return result.rows as R[]
}

/** SQLite statement texts by table, columns, row count and tail: a batch repeats a few shapes. */
const valuesTexts = new Map<string, string>()
const MAX_VALUES_TEXTS = 2000

/**
 * An INSERT of rows that all have the same columns (those of the first row), followed by `tail`
 * (ON CONFLICT, RETURNING: constant SQL of the caller's). Kysely's builder makes and compiles a node
 * per value, which for a batch of sixty 33-column messages took longer than SQLite took to store
 * them, so this builds the statement directly:
 * - SQLite: the VALUES text is made once per shape and kept, each call only lists the values;
 * - PostgreSQL: the rows travel as one JSON parameter read with the table's own row type, so the
 *   text is the same for every batch size and the server parses a short statement instead of one
 *   with a parameter per value.
 * The caller keeps SQLite's rows × columns under its parameter limit (see `rowsPerStatement`).
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
