import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * A connection may own numbers besides its sender (FireText VMNs, more Twilio numbers): texts can go
 * out from any of them on that connection, and offices and users name one as their reply number. One
 * row per number; the index answers "which connection owns this number" within an organization.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('connection_numbers')
    .addColumn('connection_id', c.id, (col) => col.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('number', c.text, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .addPrimaryKeyConstraint('connection_numbers_pk', ['connection_id', 'number'])
    .execute()
  await db.schema
    .createIndex('connection_numbers_org_number_idx')
    .on('connection_numbers')
    .columns(['org_id', 'number'])
    .execute()
}
