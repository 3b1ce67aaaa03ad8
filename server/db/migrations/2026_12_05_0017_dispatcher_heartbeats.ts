import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * After a crash, only the texts a dispatcher had really handed to a provider may be "outcome
 * unknown". A claim now names its dispatcher (`claimed_by`), each dispatcher process keeps a
 * heartbeat row while it lives, and a claimed row is marked `started_at` just before its provider
 * call: a dead dispatcher's rows that were never started go back to the queue at once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('messages').addColumn('claimed_by', c.id).execute()
  await db.schema.alterTable('messages').addColumn('started_at', c.timestamp(dialect)).execute()
  await db.schema
    .createTable('dispatchers')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('started_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('expires_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
}
