/**
 * Whether a statement failed on a unique key: `index` names it on PostgreSQL (the constraint or
 * unique index), `column` on SQLite (its message names `table.column`, or the index when it is on an
 * expression).
 */
export function isUniqueViolation(
  error: unknown,
  key: { table: string; column: string; index: string },
): boolean {
  if (!(error instanceof Error)) return false
  const { code, constraint } = error as Error & { code?: unknown; constraint?: unknown }
  if (code === '23505') return constraint === key.index
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // An index on an expression, e.g. lower(email), is named by the index instead.
    return error.message.includes(`${key.table}.${key.column}`) || error.message.includes(`'${key.index}'`)
  }
  return false
}
