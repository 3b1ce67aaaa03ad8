import { readJson } from '../db/columns'
import type { Db } from '../db/database'
import type { ForwardingRulesTable } from './forwarding.table'

export interface ForwardingRule {
  id: string
  orgId: string
  number: string
  emails: string[]
  mobile: string | null
  createdAt: string
  updatedAt: string
}

function toRule(row: ForwardingRulesTable): ForwardingRule {
  return {
    id: row.id,
    orgId: row.org_id,
    number: row.number_e164,
    emails: readJson<string[]>(row.emails, []),
    mobile: row.mobile_e164,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function listForwardingRules(db: Db, orgId: string): Promise<ForwardingRule[]> {
  const rows = await db
    .selectFrom('forwarding_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('number_e164')
    .execute()
  return rows.map(toRule)
}

export async function findForwardingRule(
  db: Db,
  orgId: string,
  id: string,
): Promise<ForwardingRule | undefined> {
  const row = await db
    .selectFrom('forwarding_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRule(row) : undefined
}

/** The rule listening on `number`, if the organization has one. */
export async function findForwardingRuleForNumber(
  db: Db,
  orgId: string,
  number: string,
): Promise<ForwardingRule | undefined> {
  const row = await db
    .selectFrom('forwarding_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('number_e164', '=', number)
    .executeTakeFirst()
  return row ? toRule(row) : undefined
}

/** The rules listening on these numbers of these organizations (`orgId number` keys), in one query. */
export async function findForwardingRulesForNumbers(
  db: Db,
  numbers: readonly { orgId: string; number: string }[],
): Promise<ForwardingRule[]> {
  if (numbers.length === 0) return []
  const rows = await db
    .selectFrom('forwarding_rules')
    .selectAll()
    .where('org_id', 'in', [...new Set(numbers.map((n) => n.orgId))])
    .where('number_e164', 'in', [...new Set(numbers.map((n) => n.number))])
    .execute()
  const wanted = new Set(numbers.map((n) => `${n.orgId} ${n.number}`))
  return rows.map(toRule).filter((rule) => wanted.has(`${rule.orgId} ${rule.number}`))
}

/** The numbers the organization can send from (and so receives on): its connections' senders and the other numbers they own. */
export async function listOrganizationNumbers(db: Db, orgId: string): Promise<string[]> {
  const [senders, owned] = await Promise.all([
    db.selectFrom('connections').select('sender').where('org_id', '=', orgId).execute(),
    db.selectFrom('connection_numbers').select('number').where('org_id', '=', orgId).execute(),
  ])
  return [...new Set([...senders.map((r) => r.sender), ...owned.map((r) => r.number)])].sort()
}

export async function insertForwardingRule(db: Db, rule: ForwardingRule): Promise<void> {
  await db
    .insertInto('forwarding_rules')
    .values({
      id: rule.id,
      org_id: rule.orgId,
      number_e164: rule.number,
      emails: JSON.stringify(rule.emails),
      mobile_e164: rule.mobile,
      created_at: rule.createdAt,
      updated_at: rule.updatedAt,
    })
    .execute()
}

export async function updateForwardingRule(db: Db, rule: ForwardingRule): Promise<void> {
  await db
    .updateTable('forwarding_rules')
    .set({
      number_e164: rule.number,
      emails: JSON.stringify(rule.emails),
      mobile_e164: rule.mobile,
      updated_at: rule.updatedAt,
    })
    .where('org_id', '=', rule.orgId)
    .where('id', '=', rule.id)
    .execute()
}

export async function deleteForwardingRule(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('forwarding_rules')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
