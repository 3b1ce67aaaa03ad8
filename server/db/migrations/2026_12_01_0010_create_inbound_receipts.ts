import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * Received texts are stored as they came before they are put in conversations (see
 * server/inbound/inbound-pipeline.ts). One unique key, so a webhook retry is a no-op, and one index
 * for the sweep. No foreign keys: the row lives a few milliseconds and is written on the hot path.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const ts = c.timestamp(dialect)
  await db.schema
    .createTable('inbound_receipts')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull())
    .addColumn('connection_id', c.id, (col) => col.notNull())
    .addColumn('provider_message_id', c.text, (col) => col.notNull())
    .addColumn('from_number', c.text, (col) => col.notNull())
    .addColumn('to_number', c.text, (col) => col.notNull())
    .addColumn('body', c.text, (col) => col.notNull())
    .addColumn('received_at', ts, (col) => col.notNull())
    .addColumn('created_at', ts, (col) => col.notNull())
    .addColumn('attempts', c.integer, (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ts, (col) => col.notNull())
    .addColumn('last_error', c.text)
    .addUniqueConstraint('inbound_receipts_connection_provider_id_uq', [
      'connection_id',
      'provider_message_id',
    ])
    .execute()
  await db.schema
    .createIndex('inbound_receipts_due_idx')
    .on('inbound_receipts')
    .column('next_attempt_at')
    .execute()
}
