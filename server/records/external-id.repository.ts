import type { Db } from '../db/database'

/** The tables whose records carry an external id looked up on its own (people have their own reads). */
export type ExternalIdTable = 'companies' | 'jobs' | 'placements'

/** The id of the record of `orgId` in `table` whose external id is `externalId`. */
export async function findIdByExternalId(
  db: Db,
  table: ExternalIdTable,
  orgId: string,
  externalId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('external_id', '=', externalId)
    .executeTakeFirst()
}
