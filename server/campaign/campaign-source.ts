import type { CampaignSource, SkipReason } from '../../common/api/campaigns'
import type { PeopleFilter } from '../../common/api/people'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findGroupById } from '../group/group.repository'
import { displayNameOf, type Person, rowToPerson } from '../person/person.repository'
import type { PersonFields } from '../template/merge-values'
import { type CsvRecipient, parseCampaignCsv } from './campaign-csv'
import {
  findLivePeopleRows,
  findLivePeopleRowsByMobiles,
  listMatchingPeopleAfter,
} from './campaign-recipients.repository'

/**
 * Every person matching `filter`, oldest first, by keyset on (created_at, id): the order of the
 * `people_org_created_idx` index, so each batch is a range read and never a sort of the whole set.
 */
async function* streamMatching(db: Db, orgId: string, filter: PeopleFilter): AsyncGenerator<Person[]> {
  let after: { createdAt: string; id: string } | undefined
  for (;;) {
    const rows = await listMatchingPeopleAfter(db, orgId, filter, after, BATCH)
    if (rows.length > 0) yield rows.map(rowToPerson)
    const last = rows[rows.length - 1]
    if (!last || rows.length < BATCH) return
    after = { createdAt: last.created_at, id: last.id }
  }
}

/** One would-be recipient, before opt-outs, duplicates and rendering are checked. */
export interface Candidate {
  personId: string | null
  name: string
  /** CSV line (header = 1), for telling the sender which row was skipped. */
  line: number | null
  /** E.164, or null when there is none to send to (see `problem`). */
  phone: string | null
  person: PersonFields
  companyId: string | null
  /** The person's own time zone, for quiet hours (else their number's country's is used). */
  timeZone?: string | null
  /** Why this one cannot be texted, found while reading the source. */
  problem?: { reason: SkipReason; detail: string }
}

const BATCH = 1000
const E164 = /^\+[1-9]\d{6,14}$/

function personFieldsOf(person: Person): PersonFields {
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    mobile: person.mobile,
    email: person.email,
    jobTitle: person.jobTitle,
    kind: person.kind,
    customFields: person.customFields,
  }
}

function fromPerson(person: Person): Candidate {
  const name = displayNameOf(person) || 'Unnamed person'
  const candidate: Candidate = {
    personId: person.id,
    name,
    line: null,
    phone: person.mobile,
    person: personFieldsOf(person),
    companyId: person.companyId,
    timeZone: person.timeZone,
  }
  if (!person.mobile) candidate.problem = { reason: 'no_mobile', detail: `${name} has no mobile number` }
  else if (!E164.test(person.mobile)) {
    candidate.problem = {
      reason: 'invalid_number',
      detail: `${name}'s mobile "${person.mobile}" is not a valid number`,
    }
  }
  return candidate
}

async function* peopleByIds(db: Db, orgId: string, ids: readonly string[]): AsyncGenerator<Candidate[]> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH)
    const rows = await findLivePeopleRows(db, orgId, chunk)
    const byId = new Map(rows.map((row) => [row.id, rowToPerson(row)]))
    yield chunk.map((id) => {
      const person = byId.get(id)
      if (person) return fromPerson(person)
      return {
        personId: id,
        name: id,
        line: null,
        phone: null,
        person: {
          firstName: '',
          lastName: '',
          mobile: null,
          email: null,
          jobTitle: null,
          kind: 'candidate',
          customFields: {},
        },
        companyId: null,
        problem: { reason: 'not_found', detail: `Person ${id} does not exist or was deleted` },
      }
    })
  }
}

function csvCandidate(row: CsvRecipient, defaultCountry: string): Candidate {
  const name = [row.firstName, row.lastName].filter(Boolean).join(' ') || `Line ${row.line}`
  const base: Candidate = {
    personId: null,
    name,
    line: row.line,
    phone: null,
    person: { ...row, kind: 'candidate', mobile: null },
    companyId: null,
  }
  if (row.mobile === '')
    return { ...base, problem: { reason: 'no_mobile', detail: `line ${row.line}: mobile is empty` } }
  const parsed = parsePhone(row.mobile, defaultCountry)
  if (!parsed.valid || !parsed.e164) {
    return {
      ...base,
      problem: {
        reason: 'invalid_number',
        detail: `line ${row.line}: mobile "${row.mobile}" ${parsed.reason}`,
      },
    }
  }
  if (parsed.isMobile === false) {
    return {
      ...base,
      phone: parsed.e164,
      problem: { reason: 'not_mobile', detail: `line ${row.line}: ${parsed.e164} is not a mobile number` },
    }
  }
  return { ...base, phone: parsed.e164, person: { ...base.person, mobile: parsed.e164 } }
}

/** CSV rows are linked to the person holding that mobile, whose record fills what the row leaves empty. */
async function* csvRows(
  db: Db,
  orgId: string,
  text: string,
  defaultCountry: string,
): AsyncGenerator<Candidate[]> {
  const rows = parseCampaignCsv(text)
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((row) => csvCandidate(row, defaultCountry))
    const phones = [...new Set(batch.flatMap((c) => (c.phone && !c.problem ? [c.phone] : [])))]
    const known = new Map<string, Person>()
    if (phones.length > 0) {
      const people = await findLivePeopleRowsByMobiles(db, orgId, phones)
      for (const row of people)
        if (row.mobile_e164 && !known.has(row.mobile_e164)) known.set(row.mobile_e164, rowToPerson(row))
    }
    yield batch.map((candidate) => {
      const person = candidate.phone ? known.get(candidate.phone) : undefined
      if (!person || candidate.problem) return candidate
      const own = personFieldsOf(person)
      const row = candidate.person
      return {
        ...candidate,
        personId: person.id,
        name:
          candidate.line && !row.firstName && !row.lastName
            ? displayNameOf(person) || candidate.name
            : candidate.name,
        companyId: person.companyId,
        timeZone: person.timeZone,
        person: {
          firstName: row.firstName || own.firstName,
          lastName: row.lastName || own.lastName,
          mobile: candidate.phone,
          email: row.email ?? own.email,
          jobTitle: row.jobTitle ?? own.jobTitle,
          kind: own.kind,
          customFields: { ...own.customFields, ...row.customFields },
        },
      }
    })
  }
}

/** Typed numbers: each is checked as a CSV mobile is, and linked to the person holding it. */
async function* typedNumbers(
  db: Db,
  orgId: string,
  numbers: readonly string[],
  defaultCountry: string,
): AsyncGenerator<Candidate[]> {
  for (let i = 0; i < numbers.length; i += BATCH) {
    const batch = numbers.slice(i, i + BATCH).map((typed): Candidate => {
      const base: Candidate = {
        personId: null,
        name: typed,
        line: null,
        phone: null,
        person: {
          firstName: '',
          lastName: '',
          mobile: null,
          email: null,
          jobTitle: null,
          kind: 'candidate',
          customFields: {},
        },
        companyId: null,
      }
      const parsed = parsePhone(typed, defaultCountry)
      if (!parsed.valid || !parsed.e164)
        return { ...base, problem: { reason: 'invalid_number', detail: `"${typed}" ${parsed.reason}` } }
      if (parsed.isMobile === false) {
        return {
          ...base,
          phone: parsed.e164,
          problem: { reason: 'not_mobile', detail: `${parsed.e164} is not a mobile number` },
        }
      }
      return {
        ...base,
        name: parsed.e164,
        phone: parsed.e164,
        person: { ...base.person, mobile: parsed.e164 },
      }
    })
    const phones = [...new Set(batch.flatMap((c) => (c.phone && !c.problem ? [c.phone] : [])))]
    const known = new Map<string, Person>()
    for (const row of phones.length ? await findLivePeopleRowsByMobiles(db, orgId, phones) : [])
      if (row.mobile_e164 && !known.has(row.mobile_e164)) known.set(row.mobile_e164, rowToPerson(row))
    yield batch.map((candidate) => {
      const person = candidate.phone && !candidate.problem ? known.get(candidate.phone) : undefined
      return person ? fromPerson(person) : candidate
    })
  }
}

export interface StoredSource {
  source: CampaignSource
  csvText: string | null
}

/** Every would-be recipient of a source, in batches, in the source's order. */
export async function* readCandidates(
  db: Db,
  orgId: string,
  stored: StoredSource,
  defaultCountry: string,
): AsyncGenerator<Candidate[]> {
  const { source } = stored
  switch (source.type) {
    case 'search':
      for await (const people of streamMatching(db, orgId, source.filter)) yield people.map(fromPerson)
      return
    case 'group': {
      if (!(await findGroupById(db, orgId, source.groupId))) throw new errors.GROUP_NOT_FOUND(source.groupId)
      for await (const people of streamMatching(db, orgId, { groupId: source.groupId }))
        yield people.map(fromPerson)
      return
    }
    case 'people':
      yield* peopleByIds(db, orgId, source.personIds)
      return
    case 'recipients':
      // The same number twice (a person also in a group, or typed too) is texted once: `duplicate`.
      yield* peopleByIds(db, orgId, source.personIds ?? [])
      for (const groupId of source.groupIds ?? []) {
        if (!(await findGroupById(db, orgId, groupId))) throw new errors.GROUP_NOT_FOUND(groupId)
        for await (const people of streamMatching(db, orgId, { groupId })) yield people.map(fromPerson)
      }
      yield* typedNumbers(db, orgId, source.numbers ?? [], defaultCountry)
      return
    case 'csv':
      if (!stored.csvText)
        throw new errors.CAMPAIGN_NO_RECIPIENTS('no CSV has been uploaded for this mailshot')
      yield* csvRows(db, orgId, stored.csvText, defaultCountry)
  }
}
