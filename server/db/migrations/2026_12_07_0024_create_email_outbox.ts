import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/** E-mails to send (forwards of received texts), claimed with a lease so one is never sent twice. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('dedupe_key', c.text, (col) => col.notNull().unique())
    .addColumn('to_address', c.text, (col) => col.notNull())
    .addColumn('subject', c.text, (col) => col.notNull())
    .addColumn('body', c.text, (col) => col.notNull())
    .addColumn('status', c.text, (col) => col.notNull())
    .addColumn('attempts', c.integer, (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', c.text)
    .addColumn('due_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('lease_until', c.timestamp(dialect))
    .addColumn('sent_at', c.timestamp(dialect))
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
  await db.schema.createIndex('email_outbox_due').on('email_outbox').columns(['status', 'due_at']).execute()
}
