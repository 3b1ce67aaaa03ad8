import type { PeopleFilter } from '../../common/api/people'
import type { Db } from '../db/database'
import { applyPeopleFilter } from '../person/person.repository'
import type { PersonRow } from '../person/person.table'

/** The reads a mailshot's recipients come from: people by search, id or mobile, and their companies. */

/**
 * One batch of the people matching `filter`, oldest first, after `after` by keyset on
 * (created_at, id): the order of the `people_org_created_idx` index, so each batch is a range read.
 */
export async function listMatchingPeopleAfter(
  db: Db,
  orgId: string,
  filter: PeopleFilter,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<PersonRow[]> {
  let query = applyPeopleFilter(db.selectFrom('people').selectAll('people'), orgId, filter)
  if (after) {
    const { createdAt, id } = after
    // A row-value comparison is a range on the index; the equivalent OR is not, on SQLite.
    query = query.where((eb) =>
      eb(eb.refTuple('people.created_at', 'people.id'), '>', eb.tuple(createdAt, id)),
    )
  }
  return query.orderBy('people.created_at').orderBy('people.id').limit(limit).execute()
}

/** Live people of `orgId` among `ids`, in no particular order. */
export async function findLivePeopleRows(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .where('id', 'in', [...new Set(ids)])
    .execute()
}

/** Live people of `orgId` holding any of `mobiles` (E.164), by id. */
export async function findLivePeopleRowsByMobiles(
  db: Db,
  orgId: string,
  mobiles: readonly string[],
): Promise<PersonRow[]> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .where('mobile_e164', 'in', [...mobiles])
    .orderBy('id')
    .execute()
}

/** The merge fields of the companies of `orgId` among `ids`. */
export async function findCompanyMergeRows(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<{ id: string; name: string; phone: string | null; website: string | null }[]> {
  return db
    .selectFrom('companies')
    .select(['id', 'name', 'phone', 'website'])
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute()
}
