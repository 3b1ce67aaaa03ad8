import { type Kysely, sql } from 'kysely'
import { columns as c } from '../columns'

/**
 * `people.external_id`: the id of the person in the organization's ATS or CRM, unique among the
 * organization's live people (a deleted person's id may be given to someone new).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').addColumn('external_id', c.text).execute()
  await db.schema
    .createIndex('people_external_id')
    .on('people')
    .columns(['org_id', 'external_id'])
    .unique()
    .where(sql.ref('external_id'), 'is not', null)
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
}
