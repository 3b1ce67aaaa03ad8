import type { Static } from 'typebox'
import type { CreatePersonBody, ListPeopleQuery, UpdatePersonBody } from '../../common/api/people'
import { nowIso } from '../clock'
import { requireCompany } from '../company/company.service'
import { toE164 } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import { getOrganization } from '../organization/organization.service'
import { type Page, pageRequest } from '../pagination'
import type { RecordDeps } from '../service-deps'
import {
  findPersonById,
  findPersonRow,
  insertPeople,
  listPeople,
  type Person,
  type PersonValues,
  replacePerson,
  rowToValues,
  softDeletePerson,
} from './person.repository'
import { blankToNull, canonicalTimeZone, normalizeTags, searchTextOf } from './person-fields'

/** A person row and its tag index change together. */
function inTransaction(db: Db, run: (db: Db) => Promise<void>): Promise<void> {
  return db.isTransaction ? run(db) : db.transaction().execute(run)
}

/** Throws PERSON_NOT_FOUND unless `id` is a live person of `orgId`. */
export async function requirePerson(db: Db, orgId: string, id: string): Promise<Person> {
  const person = await findPersonById(db, orgId, id)
  if (!person) throw new errors.PERSON_NOT_FOUND(id)
  return person
}

export function timeZoneOrThrow(value: string, field = 'timeZone'): string {
  const zone = canonicalTimeZone(value)
  if (!zone) {
    throw new errors.TIME_ZONE_INVALID(`${field} "${value}" is not an IANA time zone (e.g. Europe/London)`)
  }
  return zone
}

async function mobileFor(db: Db, orgId: string, mobile: string | null): Promise<string | null> {
  const text = blankToNull(mobile)
  if (text === null) return null
  const org = await getOrganization(db, orgId)
  const parsed = toE164(text, org.settings.defaultCountry)
  if ('reason' in parsed) throw new errors.PHONE_NUMBER_INVALID(`mobile ${parsed.reason}`)
  return parsed.e164
}

/** Applies `input` over `current` (or over an empty person), checking every field it touches. */
async function valuesFor(
  db: Db,
  orgId: string,
  current: PersonValues | undefined,
  input: UpdatePersonBody,
  now: string,
): Promise<PersonValues> {
  const firstName = input.firstName !== undefined ? input.firstName.trim() : (current?.first_name ?? '')
  const lastName = input.lastName !== undefined ? input.lastName.trim() : (current?.last_name ?? '')
  if (firstName === '' && lastName === '') {
    throw new errors.REQUEST_INVALID('A person needs a firstName or a lastName; both are blank')
  }
  if (input.companyId) await requireCompany(db, orgId, input.companyId)
  const email = input.email !== undefined ? blankToNull(input.email) : (current?.email ?? null)
  const timeZone = input.timeZone !== undefined ? blankToNull(input.timeZone) : (current?.time_zone ?? null)
  return {
    id: current?.id ?? newId(),
    org_id: orgId,
    kind: input.kind ?? current?.kind ?? 'candidate',
    first_name: firstName,
    last_name: lastName,
    mobile_e164:
      input.mobile !== undefined ? await mobileFor(db, orgId, input.mobile) : (current?.mobile_e164 ?? null),
    email,
    company_id: input.companyId !== undefined ? input.companyId : (current?.company_id ?? null),
    job_title: input.jobTitle !== undefined ? blankToNull(input.jobTitle) : (current?.job_title ?? null),
    tags: input.tags !== undefined ? normalizeTags(input.tags) : (current?.tags ?? []),
    time_zone: timeZone === null ? null : timeZoneOrThrow(timeZone),
    custom_fields: input.customFields ?? current?.custom_fields ?? {},
    search_text: searchTextOf(firstName, lastName, email),
    created_at: current?.created_at ?? now,
    updated_at: now,
    deleted_at: null,
  }
}

export async function createPerson(
  deps: RecordDeps,
  orgId: string,
  input: CreatePersonBody,
): Promise<Person> {
  const values = await valuesFor(deps.db, orgId, undefined, input, nowIso(deps.clock))
  await inTransaction(deps.db, (db) => insertPeople(db, [values]))
  return requirePerson(deps.db, orgId, values.id)
}

export async function changePerson(
  deps: RecordDeps,
  orgId: string,
  id: string,
  patch: UpdatePersonBody,
): Promise<Person> {
  const row = await findPersonRow(deps.db, orgId, id)
  if (!row) throw new errors.PERSON_NOT_FOUND(id)
  const values = await valuesFor(deps.db, orgId, rowToValues(row), patch, nowIso(deps.clock))
  await inTransaction(deps.db, async (db) => {
    if (!(await replacePerson(db, values))) throw new errors.PERSON_NOT_FOUND(id)
  })
  return requirePerson(deps.db, orgId, id)
}

/** Soft delete: the person leaves lists, searches and mailshots; their message history stays. */
export async function deletePerson(deps: RecordDeps, orgId: string, id: string): Promise<void> {
  if (!(await softDeletePerson(deps.db, orgId, id, nowIso(deps.clock)))) throw new errors.PERSON_NOT_FOUND(id)
}

/** One page of the live people of `orgId` that match every filter of `query`, newest first. */
export async function searchPeople(
  db: Db,
  orgId: string,
  query: Static<typeof ListPeopleQuery>,
): Promise<Page<Person>> {
  const { cursor, limit, ...filter } = query
  return listPeople(db, orgId, filter, pageRequest({ cursor, limit }))
}
