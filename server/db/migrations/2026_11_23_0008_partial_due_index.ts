import { type Kysely, sql } from 'kysely'

/**
 * The dispatcher's index holds only the messages it may still claim (those with a next attempt):
 * received texts and finished sends have none, so they no longer write an index entry each.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_due_idx').execute()
  await db.schema
    .createIndex('messages_due_idx')
    .on('messages')
    .columns(['status', 'next_attempt_at'])
    .where(sql.ref('next_attempt_at'), 'is not', null)
    .execute()
}
