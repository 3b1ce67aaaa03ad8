import { sql } from 'kysely'
import type { Db, Dialect } from '../db/database'

/**
 * Multi-row inserts for mailshots: one statement per batch instead of one per row. On SQLite a
 * batch is one multi-row VALUES, kept under its 32,766 bound parameters. On PostgreSQL a batch is
 * one INSERT ... SELECT FROM unnest(one array per column): a handful of parameters however many
 * rows, which is several times quicker than VALUES lists at this size.
 */

export type ColumnKind = 'text' | 'int4' | 'timestamptz'
/** Every column of a table with its PostgreSQL type; a column added to the table must be added here. */
export type ColumnTypes<T> = { [K in keyof T]-?: ColumnKind }

const SQLITE_PARAMETERS = 30_000
const POSTGRES_ROWS = 5_000

function unnestSelect<T>(types: ColumnTypes<T>, rows: readonly T[]) {
  const columns = Object.keys(types) as (keyof T & string)[]
  const arrays = columns.map(
    (column) => sql`${rows.map((row) => row[column] ?? null)}::${sql.raw(types[column])}[]`,
  )
  return {
    names: sql.join(columns.map((column) => sql.ref(column))),
    select: sql`select * from unnest(${sql.join(arrays)})`,
  }
}

export async function insertRows<T>(
  db: Db,
  dialect: Dialect,
  table: string,
  types: ColumnTypes<T>,
  rows: readonly T[],
  options: { ignoreDuplicates?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return
  if (dialect === 'postgres') {
    for (let i = 0; i < rows.length; i += POSTGRES_ROWS) {
      const { names, select } = unnestSelect(types, rows.slice(i, i + POSTGRES_ROWS))
      const conflict = options.ignoreDuplicates ? sql` on conflict do nothing` : sql``
      await sql`insert into ${sql.table(table)} (${names}) ${select}${conflict}`.execute(db)
    }
    return
  }
  const size = Math.max(1, Math.floor(SQLITE_PARAMETERS / Object.keys(types).length))
  for (let i = 0; i < rows.length; i += size) {
    // The rows are typed by ColumnTypes<T>; Kysely cannot follow a table chosen by name.
    const query = db.insertInto(table as 'messages').values(rows.slice(i, i + size) as never[])
    await (options.ignoreDuplicates ? query.onConflict((oc) => oc.doNothing()) : query).execute()
  }
}

/**
 * Upserts rows on a unique key, setting `update` columns from the new row, and returns what
 * `returning` names of every row, inserted or updated. The keys must be unique within `rows`.
 */
export async function upsertRows<T, R>(
  db: Db,
  dialect: Dialect,
  input: {
    table: string
    types: ColumnTypes<T>
    rows: readonly T[]
    conflict: (keyof T & string)[]
    update: (keyof T & string)[]
    returning: (keyof T & string)[]
  },
): Promise<R[]> {
  const out: R[] = []
  const perBatch =
    dialect === 'postgres' ? POSTGRES_ROWS : Math.floor(SQLITE_PARAMETERS / Object.keys(input.types).length)
  for (let i = 0; i < input.rows.length; i += perBatch) {
    const batch = input.rows.slice(i, i + perBatch)
    const set = sql.join(input.update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))
    const tail = sql`on conflict (${sql.join(input.conflict.map((c) => sql.ref(c)))}) do update set ${set}
      returning ${sql.join(input.returning.map((c) => sql.ref(c)))}`
    if (dialect === 'postgres') {
      const { names, select } = unnestSelect(input.types, batch)
      const result = await sql<R>`insert into ${sql.table(input.table)} (${names}) ${select} ${tail}`.execute(
        db,
      )
      out.push(...result.rows)
      continue
    }
    const columns = Object.keys(input.types) as (keyof T & string)[]
    const values = sql.join(batch.map((row) => sql`(${sql.join(columns.map((c) => row[c] ?? null))})`))
    const names = sql.join(columns.map((c) => sql.ref(c)))
    const result =
      await sql<R>`insert into ${sql.table(input.table)} (${names}) values ${values} ${tail}`.execute(db)
    out.push(...result.rows)
  }
  return out
}
