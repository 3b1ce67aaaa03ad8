import type { Kysely } from 'kysely'
import { columns as c } from '../columns'
import type { Dialect } from '../database'

/**
 * `Idempotency-Key` headers an organization's POST requests took: the request's fingerprint and,
 * once answered, the answer a retry with the same key gets again. Kept 24 hours.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('org_id', c.id, (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('key', c.text, (col) => col.notNull())
    .addColumn('fingerprint', c.text, (col) => col.notNull())
    .addColumn('request', c.text, (col) => col.notNull())
    .addColumn('status_code', c.integer)
    .addColumn('content_type', c.text)
    .addColumn('body', c.text)
    .addColumn('created_at', c.timestamp(dialect), (col) => col.notNull())
    .addColumn('completed_at', c.timestamp(dialect))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['org_id', 'key'])
    .execute()
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .columns(['created_at'])
    .execute()
}
