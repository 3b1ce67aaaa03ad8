import { type Clock, nowIso } from '../clock'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import { newId } from '../ids'
import {
  deleteForwardingRule,
  type ForwardingRule,
  findForwardingRule,
  insertForwardingRule,
  listForwardingRules,
  listOrganizationNumbers,
  updateForwardingRule,
} from './forwarding.repository'

export interface ForwardingRuleInput {
  number: string
  emails?: string[]
  mobile?: string | null
}

interface Deps {
  db: Db
  clock: Clock
}

const ONE_RULE_PER_NUMBER = {
  table: 'forwarding_rules',
  column: 'number_e164',
  index: 'forwarding_rules_org_number',
}

/** One "@", something before it, a dotted domain after it, no spaces: what a mail server will take. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/

function e164(field: string, input: string): string {
  const parsed = parsePhone(input)
  if (!parsed.valid || !parsed.e164) {
    throw new errors.PHONE_NUMBER_INVALID(
      `${field}: "${input}" ${parsed.reason ?? 'is not a phone number'} (write it as +44...)`,
    )
  }
  return parsed.e164
}

/** Checks a rule's fields and gives them back normalized; each refusal names the field. */
async function validate(db: Db, orgId: string, input: ForwardingRuleInput) {
  const numbers = await listOrganizationNumbers(db, orgId)
  // One of the organization's own numbers is taken as it is stored (a test range number included).
  const compact = input.number.replace(/[\s().-]/g, '')
  const number = numbers.includes(compact) ? compact : e164('number', input.number)
  if (!numbers.includes(number)) {
    throw new errors.FORWARDING_NUMBER_UNKNOWN(
      `number: ${number} is not a number the organization receives on (no connection sends from or owns it)`,
    )
  }
  const emails = (input.emails ?? []).map((raw, i) => {
    const email = raw.trim()
    if (!EMAIL.test(email))
      throw new errors.FORWARDING_EMAIL_INVALID(`emails[${i}]: "${raw}" is not an e-mail address`)
    return email.toLowerCase()
  })
  const mobile = input.mobile ? e164('mobile', input.mobile) : null
  if (mobile === number) {
    throw new errors.FORWARD_LOOP(
      `mobile: ${mobile} is the number this rule listens on; forwarding to it would loop`,
    )
  }
  if (emails.length === 0 && mobile === null) {
    throw new errors.FORWARDING_TARGET_REQUIRED(
      'emails or mobile: give at least one e-mail address or a mobile',
    )
  }
  return { number, emails: [...new Set(emails)], mobile }
}

export async function createForwardingRule(deps: Deps, orgId: string, input: ForwardingRuleInput) {
  const fields = await validate(deps.db, orgId, input)
  const now = nowIso(deps.clock)
  const rule: ForwardingRule = { id: newId(), orgId, ...fields, createdAt: now, updatedAt: now }
  try {
    await insertForwardingRule(deps.db, rule)
  } catch (error) {
    if (isUniqueViolation(error, ONE_RULE_PER_NUMBER)) throw new errors.FORWARDING_NUMBER_TAKEN(fields.number)
    throw error
  }
  return rule
}

export async function changeForwardingRule(
  deps: Deps,
  orgId: string,
  id: string,
  input: ForwardingRuleInput,
) {
  const existing = await findForwardingRule(deps.db, orgId, id)
  if (!existing) throw new errors.FORWARDING_RULE_NOT_FOUND(id)
  const fields = await validate(deps.db, orgId, input)
  const rule: ForwardingRule = { ...existing, ...fields, updatedAt: nowIso(deps.clock) }
  try {
    await updateForwardingRule(deps.db, rule)
  } catch (error) {
    if (isUniqueViolation(error, ONE_RULE_PER_NUMBER)) throw new errors.FORWARDING_NUMBER_TAKEN(fields.number)
    throw error
  }
  return rule
}

export async function removeForwardingRule(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteForwardingRule(db, orgId, id))) throw new errors.FORWARDING_RULE_NOT_FOUND(id)
}

export async function getForwardingRule(db: Db, orgId: string, id: string): Promise<ForwardingRule> {
  const rule = await findForwardingRule(db, orgId, id)
  if (!rule) throw new errors.FORWARDING_RULE_NOT_FOUND(id)
  return rule
}

export async function listForwardingRulesOf(db: Db, orgId: string): Promise<ForwardingRule[]> {
  return listForwardingRules(db, orgId)
}

/** The numbers a rule can listen on, in order. */
export async function listForwardingNumbers(db: Db, orgId: string): Promise<string[]> {
  return listOrganizationNumbers(db, orgId)
}
