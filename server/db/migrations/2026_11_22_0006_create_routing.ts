import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('routing_rules')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', c.text, (col) => col.notNull())
    .addColumn('match', c.text)
    .addColumn('connection_id', c.id, (col) => col.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('priority', c.integer, (col) => col.notNull())
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('routing_rules_org_idx')
    .on('routing_rules')
    .columns(['org_id', 'priority'])
    .execute()
  await db.schema.alterTable('connections').addColumn('failover_connection_id', c.id).execute()
  await db.schema.alterTable('messages').addColumn('failover_from_connection_id', c.id).execute()
}
