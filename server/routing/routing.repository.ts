import type { Db } from '../db/database'
import type { RoutingRulesTable } from './routing.table'
import type { InboundText } from './routing-rules'

/** An organization's routing rules in the order they are tried: priority, then age. */
export async function listRoutingRules(db: Db, orgId: string): Promise<RoutingRulesTable[]> {
  return db
    .selectFrom('routing_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('priority')
    .orderBy('created_at')
    .execute()
}

/** The office of the sending user, for office rules; undefined when the user has none. */
export async function findUserOfficeId(db: Db, userId: string): Promise<string | null | undefined> {
  return (await db.selectFrom('users').select('office_id').where('id', '=', userId).executeTakeFirst())
    ?.office_id
}

/** The reply numbers a user's texts may go from: their own, and their office's (with its name). */
export async function findSenderReplyNumbers(
  db: Db,
  orgId: string,
  userId: string,
): Promise<
  | {
      userNumber: string | null
      office: { id: string; name: string; replyNumber: string | null } | null
    }
  | undefined
> {
  const row = await db
    .selectFrom('users')
    .leftJoin('offices', 'offices.id', 'users.office_id')
    .select([
      'users.reply_number as user_number',
      'offices.id as office_id',
      'offices.name as office_name',
      'offices.reply_number as office_number',
    ])
    .where('users.org_id', '=', orgId)
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    userNumber: row.user_number,
    office:
      row.office_id && row.office_name !== null
        ? { id: row.office_id, name: row.office_name, replyNumber: row.office_number }
        : null,
  }
}

/** Every text these numbers sent the organization, for sticky rules (see `lastTextedByNumber`). */
export async function listInboundTextsFrom(
  db: Db,
  orgId: string,
  phones: readonly string[],
): Promise<InboundText[]> {
  return db
    .selectFrom('messages')
    .select(['id', 'from_number', 'connection_id', 'created_at'])
    .where('org_id', '=', orgId)
    .where('direction', '=', 'inbound')
    .where('from_number', 'in', [...phones])
    .execute()
}

/** Whether `officeId` is an office of the organization (office rules name one). */
export async function officeExists(db: Db, orgId: string, officeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('offices')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', officeId)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertRoutingRule(db: Db, row: RoutingRulesTable): Promise<void> {
  await db.insertInto('routing_rules').values(row).execute()
}

/** False when the organization has no such rule. */
export async function deleteRoutingRule(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('routing_rules')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Names the connection that takes over when `connectionId` fails on the provider side (null: none). */
export async function setFailoverConnection(
  db: Db,
  connectionId: string,
  failoverConnectionId: string | null,
  at: string,
): Promise<void> {
  await db
    .updateTable('connections')
    .set({ failover_connection_id: failoverConnectionId, updated_at: at })
    .where('id', '=', connectionId)
    .execute()
}
