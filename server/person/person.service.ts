import type { Static } from 'typebox'
import type {
  BulkUpsertPeopleBody,
  BulkUpsertReport,
  CreatePersonBody,
  ListPeopleQuery,
  UpdatePersonBody,
} from '../../common/api/people'
import { nowIso } from '../clock'
import { requireCompany } from '../company/company.service'
import { toE164 } from '../core/phone'
import { blankToNull, canonicalTimeZone, normalizeTags, searchTextOf } from '../core/record-fields'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import { getOrganization } from '../organization/organization.service'
import { type Page, pageRequest } from '../pagination'
import { externalIdChecked, externalIdIndexOf, sameExternalId } from '../records/external-id'
import type { RecordDeps } from '../service-deps'
import {
  findPersonById,
  findPersonRow,
  findPersonRowByExternalId,
  findPersonRowsByExternalIds,
  insertPeople,
  listPeople,
  type Person,
  type PersonValues,
  replacePerson,
  rowToValues,
  softDeletePerson,
} from './person.repository'

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
    external_id: input.externalId !== undefined ? input.externalId : (current?.external_id ?? null),
    custom_fields: input.customFields ?? current?.custom_fields ?? {},
    search_text: searchTextOf(firstName, lastName, email),
    created_at: current?.created_at ?? now,
    updated_at: now,
    deleted_at: null,
  }
}

const withExternalIdChecked = <T>(externalId: string | null | undefined, write: () => Promise<T>) =>
  externalIdChecked({ kind: 'person', table: 'people', externalId }, write)

export async function createPerson(
  deps: RecordDeps,
  orgId: string,
  input: CreatePersonBody,
): Promise<Person> {
  const values = await valuesFor(deps.db, orgId, undefined, input, nowIso(deps.clock))
  await withExternalIdChecked(input.externalId, () =>
    inTransaction(deps.db, (db) => insertPeople(db, [values])),
  )
  return requirePerson(deps.db, orgId, values.id)
}

/**
 * Creates or changes the live person whose external id is `externalId`: fields sent change, others
 * keep their value (a new person needs a name). Two callers at once with a new id make one person.
 */
export async function upsertPersonByExternalId(
  deps: RecordDeps,
  orgId: string,
  externalId: string,
  input: UpdatePersonBody,
): Promise<{ record: Person; created: boolean }> {
  sameExternalId(input.externalId, externalId, 'people')
  for (let attempt = 0; ; attempt++) {
    try {
      const { id, created } = await deps.db.transaction().execute(async (trx) => {
        const row = await findPersonRowByExternalId(trx, orgId, externalId)
        const values = await valuesFor(
          trx,
          orgId,
          row ? rowToValues(row) : undefined,
          { ...input, externalId },
          nowIso(deps.clock),
        )
        if (row) await replacePerson(trx, values)
        else await insertPeople(trx, [values])
        return { id: values.id, created: !row }
      })
      return { record: await requirePerson(deps.db, orgId, id), created }
    } catch (error) {
      // Someone else created the person between our read and our insert: now it is an update.
      if (attempt === 0 && isUniqueViolation(error, externalIdIndexOf('people'))) continue
      throw error
    }
  }
}

/**
 * Creates or changes many people by external id in one transaction: every row is checked first, and
 * one bad row (or an external id named twice) refuses the whole batch with every bad row's number.
 */
export async function bulkUpsertPeople(
  deps: RecordDeps,
  orgId: string,
  input: BulkUpsertPeopleBody,
): Promise<BulkUpsertReport> {
  const now = nowIso(deps.clock)
  return withExternalIdChecked('', () =>
    deps.db.transaction().execute(async (trx) => {
      const existing = await findPersonRowsByExternalIds(
        trx,
        orgId,
        input.people.map((p) => p.externalId),
      )
      const seen = new Map<string, number>()
      const rejected: { row: number; externalId: string; reasons: string[] }[] = []
      const planned: { values: PersonValues; created: boolean }[] = []
      for (const [index, person] of input.people.entries()) {
        const row = index + 1
        const earlier = seen.get(person.externalId)
        if (earlier !== undefined) {
          rejected.push({
            row,
            externalId: person.externalId,
            reasons: [`externalId is also in row ${earlier}`],
          })
          continue
        }
        seen.set(person.externalId, row)
        const current = existing.get(person.externalId)
        try {
          const values = await valuesFor(trx, orgId, current ? rowToValues(current) : undefined, person, now)
          planned.push({ values, created: !current })
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error)
          rejected.push({ row, externalId: person.externalId, reasons: [reason] })
        }
      }
      if (rejected.length > 0) {
        const rows = rejected.map((r) => r.row)
        const named =
          rows.length > 10 ? `${rows.slice(0, 10).join(', ')} and ${rows.length - 10} more` : rows.join(', ')
        throw withDetails(
          new errors.PEOPLE_BULK_INVALID(
            `${rejected.length} of ${input.people.length} rows are invalid (rows ${named}); nothing was stored`,
          ),
          { rejected },
        )
      }
      await insertPeople(
        trx,
        planned.filter((p) => p.created).map((p) => p.values),
      )
      for (const p of planned) if (!p.created) await replacePerson(trx, p.values)
      return {
        created: planned.filter((p) => p.created).length,
        updated: planned.filter((p) => !p.created).length,
        people: planned.map((p) => ({
          externalId: p.values.external_id ?? '',
          id: p.values.id,
          created: p.created,
        })),
      }
    }),
  )
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
  await withExternalIdChecked(values.external_id, () =>
    inTransaction(deps.db, async (db) => {
      if (!(await replacePerson(db, values))) throw new errors.PERSON_NOT_FOUND(id)
    }),
  )
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
