import { type RawBuilder, type SqlBool, sql } from 'kysely'
import type { CursorKey } from '../pagination'

/** Rows strictly after `key` in newest-first order, for `.where(...)` on `table`. */
export function olderThan(table: string, key: CursorKey): RawBuilder<SqlBool> {
  const createdAt = sql.ref(`${table}.created_at`)
  const id = sql.ref(`${table}.id`)
  return sql<SqlBool>`(${createdAt} < ${key.createdAt} or (${createdAt} = ${key.createdAt} and ${id} < ${key.id}))`
}

/** `%text%` for LIKE with `escape '\'`, so a search for "50%" or "a_b" means those characters. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`
}

export function likeExpression(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${likeContains(text)} escape '\\'`
}

/** Case-insensitive "contains" on a plain text column (ASCII case folding on SQLite). */
export function lowerLikeExpression(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${likeContains(text.toLowerCase())} escape '\\'`
}
