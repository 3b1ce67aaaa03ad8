import type { Kysely } from 'kysely'

/**
 * The retention purge deletes the notifications and download links of the messages it removes,
 * found by message id: without these indexes each batch of the purge read both whole tables.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notifications_message_idx').on('notifications').column('message_id').execute()
  await db.schema
    .createIndex('attachment_links_message_idx')
    .on('attachment_links')
    .column('message_id')
    .execute()
}
