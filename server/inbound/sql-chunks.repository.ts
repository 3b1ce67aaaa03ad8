/**
 * Bound parameters allowed in one statement, under both limits: SQLite's 32,766 (the build
 * better-sqlite3 ships) and PostgreSQL's 65,535. Batch statements split their rows to stay below it.
 */
export const MAX_PARAMETERS = 30_000

/** Values in one `IN (...)` list, so a statement with two such lists still fits. */
export const MAX_IN_LIST = 10_000

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** How many rows of `columns` bound values fit in one multi-row statement. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / columns))
}

/** Runs `query` over `values` in IN-list sized chunks and concatenates the rows. */
export async function selectInChunks<V, R>(
  values: readonly V[],
  query: (chunk: V[]) => Promise<R[]>,
): Promise<R[]> {
  if (values.length === 0) return []
  const out: R[] = []
  for (const chunk of chunksOf(values, MAX_IN_LIST)) out.push(...(await query(chunk)))
  return out
}
