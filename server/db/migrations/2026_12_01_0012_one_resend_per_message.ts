import { type Kysely, sql } from 'kysely'

/**
 * A failed message is resent once: two resends at the same moment both passed the service's check on
 * PostgreSQL and made two charged copies. The resend index becomes unique, so the second insert
 * fails and its transaction (the debit too) rolls back.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_resent_from_idx').execute()
  await db.schema
    .createIndex('messages_resent_from_idx')
    .on('messages')
    .column('resent_from_id')
    .unique()
    .where(sql.ref('resent_from_id'), 'is not', null)
    .execute()
}
