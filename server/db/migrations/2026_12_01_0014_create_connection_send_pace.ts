import type { Kysely } from 'kysely'
import { columns as c } from '../columns'

/**
 * A connection's rate limit held in the database, not in each dispatcher: with several worker
 * processes each one paced itself, so N of them sent at N times the rate. One row per connection,
 * written once per claim.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connection_send_pace')
    .addColumn('connection_id', c.id, (col) =>
      col.primaryKey().references('connections.id').onDelete('cascade'),
    )
    .addColumn('next_at_ms', 'double precision', (col) => col.notNull())
    .execute()
}
