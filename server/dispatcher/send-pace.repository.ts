import { sql } from 'kysely'
import type { Db, Dialect } from '../db/database'

/** A connection may send one second's worth of messages at once after a quiet spell. */
export const BURST_MS = 1_000

/**
 * Reserves `count` consecutive send times on a connection for `ratePerSecond`, shared by every
 * dispatcher on the database (a generic cell rate algorithm: one upsert moves the connection's next
 * free time on by `count` intervals, from no earlier than `BURST_MS` ago). Returns the times, epoch
 * ms; a time already past means "now". Two dispatchers reserving at once get times that do not
 * overlap, because the upsert takes the row's lock (PostgreSQL) or the single writer (SQLite).
 */
export async function reserveSendTimes(
  db: Db,
  dialect: Dialect,
  input: { connectionId: string; count: number; ratePerSecond: number; nowMs: number },
): Promise<number[]> {
  if (input.count === 0) return []
  const interval = 1000 / input.ratePerSecond
  const earliest = input.nowMs - BURST_MS
  const span = input.count * interval
  const later = dialect === 'postgres' ? sql.raw('greatest') : sql.raw('max')
  const row = await db
    .insertInto('connection_send_pace')
    .values({ connection_id: input.connectionId, next_at_ms: earliest + span })
    .onConflict((oc) =>
      oc.column('connection_id').doUpdateSet({
        next_at_ms: sql<number>`${later}(connection_send_pace.next_at_ms, ${earliest}) + ${span}`,
      }),
    )
    .returning('next_at_ms')
    .executeTakeFirstOrThrow()
  const start = Number(row.next_at_ms) - span
  return Array.from({ length: input.count }, (_, i) => start + i * interval)
}
