import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * E-mail notification of replies: 1 in `users.email_replies` when the user wants an e-mail of the
 * replies they are told of (default 0), and `reply_emails`, one row per reply and user waiting to go
 * into that user's next batched e-mail.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('email_replies', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createTable('reply_emails')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', c.id, (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('message_id', c.id, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .addUniqueConstraint('reply_emails_user_message', ['user_id', 'message_id'])
    .execute()
  await db.schema.createIndex('reply_emails_created').on('reply_emails').columns(['created_at']).execute()
}
