import { type Kysely, sql } from 'kysely'
import { columns as c } from '../columns'

/** `external_id` on companies, jobs and placements: their ids in the ATS, unique per organization. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and never see the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['companies', 'jobs', 'placements']) {
    await db.schema.alterTable(table).addColumn('external_id', c.text).execute()
    await db.schema
      .createIndex(`${table}_external_id`)
      .on(table)
      .columns(['org_id', 'external_id'])
      .unique()
      .where(sql.ref('external_id'), 'is not', null)
      .execute()
  }
}
