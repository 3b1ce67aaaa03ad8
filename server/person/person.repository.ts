import type { PeopleFilter, PersonKind } from '../../common/api/people'
import { tagKeyOf } from '../core/record-fields'
import { readJson } from '../db/columns'
import { olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { PersonRow } from './person.table'
import { applyPeopleFilter } from './person-filter.repository'

export { applyPeopleFilter, peopleFilterCondition } from './person-filter.repository'

export interface Person {
  id: string
  orgId: string
  kind: PersonKind
  firstName: string
  lastName: string
  /** E.164 */
  mobile: string | null
  email: string | null
  companyId: string | null
  jobTitle: string | null
  tags: string[]
  timeZone: string | null
  externalId: string | null
  customFields: Record<string, string>
  createdAt: string
  updatedAt: string
  deletedAt: string | null
}

export function rowToPerson(row: PersonRow): Person {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind === 'contact' ? 'contact' : 'candidate',
    firstName: row.first_name,
    lastName: row.last_name,
    mobile: row.mobile_e164,
    email: row.email,
    companyId: row.company_id,
    jobTitle: row.job_title,
    tags: readJson<string[]>(row.tags, []),
    timeZone: row.time_zone,
    externalId: row.external_id,
    customFields: readJson<Record<string, string>>(row.custom_fields, {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  }
}

/** "Ann Smith", or whichever name is set. */
export function displayNameOf(person: { firstName: string; lastName: string }): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ')
}

export async function findPersonById(
  db: Db,
  orgId: string,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<Person | undefined> {
  let query = db.selectFrom('people').selectAll().where('org_id', '=', orgId).where('id', '=', id)
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null)
  const row = await query.executeTakeFirst()
  return row ? rowToPerson(row) : undefined
}

/** Live people with this E.164 mobile, most recently changed first (an inbound text's sender). */
export async function findPeopleByMobile(db: Db, orgId: string, e164: string): Promise<Person[]> {
  const rows = await db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('mobile_e164', '=', e164)
    .where('deleted_at', 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map(rowToPerson)
}

/** Which of `ids` are live people of `orgId`. */
export async function findLivePersonIds(db: Db, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select('id')
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('id', 'in', unique.slice(i, i + 500))
      .execute()
    for (const row of rows) found.add(row.id)
  }
  return found
}

/** The live people of `orgId` among `ids`, keyed by id (deleted and unknown ids are left out). */
export async function findPeopleByIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, Person>> {
  const found = new Map<string, Person>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('id', 'in', unique.slice(i, i + 500))
      .execute()
    for (const row of rows) found.set(row.id, rowToPerson(row))
  }
  return found
}

/** Live people holding any of `mobiles`, keyed by mobile (the first one found per number). */
export async function findPeopleByMobiles(
  db: Db,
  orgId: string,
  mobiles: readonly string[],
): Promise<Map<string, { id: string; firstName: string; lastName: string }>> {
  const found = new Map<string, { id: string; firstName: string; lastName: string }>()
  const unique = [...new Set(mobiles)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name', 'mobile_e164'])
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('mobile_e164', 'in', unique.slice(i, i + 500))
      .execute()
    for (const row of rows) {
      if (row.mobile_e164 && !found.has(row.mobile_e164)) {
        found.set(row.mobile_e164, { id: row.id, firstName: row.first_name, lastName: row.last_name })
      }
    }
  }
  return found
}

export async function listPeople(
  db: Db,
  orgId: string,
  filter: PeopleFilter,
  page: PageRequest,
): Promise<Page<Person>> {
  let query = applyPeopleFilter(db.selectFrom('people').selectAll('people'), orgId, filter)
  if (page.after) query = query.where(olderThan('people', page.after))
  const rows = await query
    .orderBy('people.created_at', 'desc')
    .orderBy('people.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, rowToPerson)
}

export async function countPeople(db: Db, orgId: string, filter: PeopleFilter): Promise<number> {
  const row = await applyPeopleFilter(
    db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('count')),
    orgId,
    filter,
  ).executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * Every person matching `filter`, in batches of `batchSize`, by keyset on id so memory stays flat
 * however many match: `for await (const batch of streamPeople(db, orgId, filter, 1000))`.
 */
export async function* streamPeople(
  db: Db,
  orgId: string,
  filter: PeopleFilter,
  batchSize = 1000,
): AsyncGenerator<Person[]> {
  let afterId: string | undefined
  for (;;) {
    let query = applyPeopleFilter(db.selectFrom('people').selectAll('people'), orgId, filter)
    if (afterId !== undefined) query = query.where('people.id', '>', afterId)
    const rows = await query.orderBy('people.id', 'asc').limit(batchSize).execute()
    if (rows.length === 0) return
    yield rows.map(rowToPerson)
    if (rows.length < batchSize) return
    afterId = rows[rows.length - 1]?.id
  }
}

// 17 columns a row: 500 rows stay far below both SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_BATCH = 500

/** A row as the app writes it: JSON columns still as values. */
export type PersonValues = Omit<PersonRow, 'tags' | 'custom_fields' | 'external_id'> & {
  tags: string[]
  custom_fields: Record<string, string>
  external_id?: string | null
}

export function rowToValues(row: PersonRow): PersonValues {
  return {
    ...row,
    tags: readJson<string[]>(row.tags, []),
    custom_fields: readJson<Record<string, string>>(row.custom_fields, {}),
  }
}

function tagRowsOf(row: PersonValues) {
  return row.tags.map((tag) => ({
    person_id: row.id,
    org_id: row.org_id,
    tag_key: tagKeyOf(tag),
  }))
}

/** Inserts people and their tag index in batches; run it inside a transaction for all-or-nothing. */
export async function insertPeople(db: Db, rows: readonly PersonValues[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH)
    await db
      .insertInto('people')
      .values(
        batch.map((row) => ({
          ...row,
          tags: JSON.stringify(row.tags),
          custom_fields: JSON.stringify(row.custom_fields),
        })),
      )
      .execute()
    const tags = batch.flatMap(tagRowsOf)
    for (let j = 0; j < tags.length; j += INSERT_BATCH * 2) {
      await db
        .insertInto('person_tags')
        .values(tags.slice(j, j + INSERT_BATCH * 2))
        .execute()
    }
  }
}

/** Replaces a live person's row (all fields but id, org and creation); tags are re-indexed. */
export async function replacePerson(db: Db, row: PersonValues): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set({
      kind: row.kind,
      first_name: row.first_name,
      last_name: row.last_name,
      mobile_e164: row.mobile_e164,
      email: row.email,
      company_id: row.company_id,
      job_title: row.job_title,
      tags: JSON.stringify(row.tags),
      time_zone: row.time_zone,
      external_id: row.external_id ?? null,
      custom_fields: JSON.stringify(row.custom_fields),
      search_text: row.search_text,
      updated_at: row.updated_at,
    })
    .where('org_id', '=', row.org_id)
    .where('id', '=', row.id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) return false
  await db.deleteFrom('person_tags').where('person_id', '=', row.id).execute()
  const tags = tagRowsOf(row)
  if (tags.length > 0) await db.insertInto('person_tags').values(tags).execute()
  return true
}

export async function softDeletePerson(db: Db, orgId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set({ deleted_at: at, updated_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function findPersonRow(db: Db, orgId: string, id: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

/** The live person of `orgId` whose external id is `externalId`. */
export async function findPersonRowByExternalId(
  db: Db,
  orgId: string,
  externalId: string,
): Promise<PersonRow | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('external_id', '=', externalId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

/** The live people of `orgId` among `externalIds`, keyed by external id. */
export async function findPersonRowsByExternalIds(
  db: Db,
  orgId: string,
  externalIds: readonly string[],
): Promise<Map<string, PersonRow>> {
  const found = new Map<string, PersonRow>()
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deleted_at', 'is', null)
      .where('external_id', 'in', externalIds.slice(i, i + 500))
      .execute()
    for (const row of rows) if (row.external_id) found.set(row.external_id, row)
  }
  return found
}
