import { type Kysely, sql } from 'kysely'
import type { Dialect } from '../database'

/** At most one enabled default connection per organization, whatever code path changes it. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('connections_one_default_uq')
    .on('connections')
    .column('org_id')
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .where(sql.ref('disabled_at'), 'is', null)
    .execute()
}
