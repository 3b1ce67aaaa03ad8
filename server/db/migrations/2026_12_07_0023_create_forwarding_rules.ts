import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * Forwarding rules: texts received on one of the organization's numbers are also sent to e-mail
 * addresses and/or one mobile. Keyed by the E.164 number itself, one rule per number.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('forwarding_rules')
    .addColumn('id', c.id, (col) => col.primaryKey())
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('number_e164', c.text, (col) => col.notNull())
    .addColumn('emails', c.json(dialect), (col) => col.notNull())
    .addColumn('mobile_e164', c.text)
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('updated_at', c.timestamp(dialect), (col) => col.notNull())
    .addUniqueConstraint('forwarding_rules_org_number', ['org_id', 'number_e164'])
    .execute()
}
