import { type Kysely, sql } from 'kysely'

/**
 * Every message wrote an entry in each index of `messages`, though most rows have nothing for some
 * of them. The mailshot and resend indexes now hold only the rows that have a mailshot or an
 * original, and the person index goes: journals are read through `message_people` (several people
 * can share a number), and no query looks messages up by `person_id`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('messages_person_idx').execute()
  await db.schema.dropIndex('messages_campaign_idx').execute()
  await db.schema
    .createIndex('messages_campaign_idx')
    .on('messages')
    .columns(['campaign_id', 'status'])
    .where(sql.ref('campaign_id'), 'is not', null)
    .execute()
  await db.schema.dropIndex('messages_resent_from_idx').execute()
  await db.schema
    .createIndex('messages_resent_from_idx')
    .on('messages')
    .column('resent_from_id')
    .where(sql.ref('resent_from_id'), 'is not', null)
    .execute()
}
