import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import type { PeopleFilter } from '../../common/api/people'
import { parseDateTime } from '../core/dates'
import { foldText, tagKeyOf } from '../core/record-fields'
import { likeExpression } from '../db/cursor'
import type { Database } from '../db/database'
import { errors } from '../errors'

type PeopleEb = ExpressionBuilder<Database, 'people'>

const PHONE_LIKE = /^\+?[\d\s().-]+$/
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Digits to look for in mobile_e164: "07911 123456" -> "7911123456" (the trunk 0 is not in E.164). */
function phoneDigits(text: string): string | undefined {
  if (!PHONE_LIKE.test(text)) return undefined
  const digits = text.replace(/\D/g, '').replace(/^0+/, '')
  return digits.length >= 3 ? digits : undefined
}

function checkedDate(value: string, field: string): Date {
  const parsed = parseDateTime(value, { dateOnly: 'utc-midnight' })
  if (!parsed.ok) throw new errors.REQUEST_INVALID(`${field} "${value}" ${parsed.reason}`)
  return parsed.date
}

function qConditions(eb: PeopleEb, q: string): Expression<SqlBool>[] {
  const whole = phoneDigits(q.trim())
  if (whole) return [likeExpression('people.mobile_e164', whole)]
  const terms = foldText(q).split(/\s+/).filter(Boolean).slice(0, 10)
  return terms.map((term) => {
    const digits = phoneDigits(term)
    const text = likeExpression('people.search_text', term)
    return digits ? eb.or([text, likeExpression('people.mobile_e164', digits)]) : text
  })
}

/** The conditions of `filter` for people of `orgId`, for queries that join `people` to other tables. */
export function peopleFilterCondition(
  eb: PeopleEb,
  orgId: string,
  filter: PeopleFilter,
): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('people.org_id', '=', orgId), eb('people.deleted_at', 'is', null)]
  if (filter.kind) all.push(eb('people.kind', '=', filter.kind))
  if (filter.companyId) all.push(eb('people.company_id', '=', filter.companyId))
  if (filter.externalId) all.push(eb('people.external_id', '=', filter.externalId))
  if (filter.hasMobile !== undefined) {
    all.push(eb('people.mobile_e164', filter.hasMobile ? 'is not' : 'is', null))
  }
  if (filter.tag !== undefined) {
    const tagKey = tagKeyOf(filter.tag)
    all.push(
      eb.exists(
        eb
          .selectFrom('person_tags')
          .select('person_tags.person_id')
          .whereRef('person_tags.person_id', '=', 'people.id')
          .where('person_tags.org_id', '=', orgId)
          .where('person_tags.tag_key', '=', tagKey),
      ),
    )
  }
  if (filter.groupId) {
    all.push(
      eb.exists(
        eb
          .selectFrom('group_members')
          .innerJoin('groups', 'groups.id', 'group_members.group_id')
          .select('group_members.person_id')
          .whereRef('group_members.person_id', '=', 'people.id')
          .where('group_members.group_id', '=', filter.groupId)
          .where('groups.org_id', '=', orgId),
      ),
    )
  }
  if (filter.createdFrom) {
    all.push(eb('people.created_at', '>=', checkedDate(filter.createdFrom, 'createdFrom').toISOString()))
  }
  if (filter.createdTo) {
    const to = checkedDate(filter.createdTo, 'createdTo')
    // A bare date means the whole of that UTC day.
    if (DATE_ONLY.test(filter.createdTo)) {
      all.push(eb('people.created_at', '<', new Date(to.getTime() + 86_400_000).toISOString()))
    } else {
      all.push(eb('people.created_at', '<=', to.toISOString()))
    }
  }
  if (filter.q?.trim()) all.push(...qConditions(eb, filter.q))
  return eb.and(all)
}

/**
 * Narrows a query over `people` to the live people of `orgId` that match `filter`: the records
 * list, saved searches and mailshots all select their people through this one function.
 */
export function applyPeopleFilter<O>(
  query: SelectQueryBuilder<Database, 'people', O>,
  orgId: string,
  filter: PeopleFilter,
): SelectQueryBuilder<Database, 'people', O> {
  return query.where((eb) => peopleFilterCondition(eb, orgId, filter))
}
