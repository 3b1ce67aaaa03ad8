import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { columns as c } from '../columns'

/**
 * Long replies some providers deliver part by part (Vonage): a receipt knows its part, and the parts
 * of a joined message are remembered by their provider ids, so a part delivered again is a duplicate.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inbound_receipts').addColumn('part_ref', c.text).execute()
  await db.schema.alterTable('inbound_receipts').addColumn('part_number', c.integer).execute()
  await db.schema.alterTable('inbound_receipts').addColumn('part_total', c.integer).execute()
  await db.schema
    .createIndex('inbound_receipts_part_idx')
    .on('inbound_receipts')
    .columns(['connection_id', 'from_number', 'part_ref'])
    .where(sql.ref('part_ref'), 'is not', null)
    .execute()
  await db.schema
    .createTable('message_parts')
    .addColumn('connection_id', c.id, (col) => col.notNull())
    .addColumn('provider_message_id', c.text, (col) => col.notNull())
    .addColumn('message_id', c.id, (col) => col.notNull())
    .addPrimaryKeyConstraint('message_parts_pk', ['connection_id', 'provider_message_id'])
    .execute()
  await db.schema.createIndex('message_parts_message_idx').on('message_parts').column('message_id').execute()
}
