import type { Db } from '../db/database'
import type { RoutingRulesTable } from './routing.table'

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

/** The connection of the last text this number sent the organization (sticky rules). */
export async function findLastInboundConnection(
  db: Db,
  orgId: string,
  phone: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('messages')
    .select('connection_id')
    .where('org_id', '=', orgId)
    .where('direction', '=', 'inbound')
    .where('from_number', '=', phone)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.connection_id ?? undefined
}

/** Every text these numbers sent the organization: number, connection and time (sticky rules, in bulk). */
export async function listInboundConnectionsFrom(
  db: Db,
  orgId: string,
  phones: readonly string[],
): Promise<{ from_number: string; connection_id: string | null; created_at: string }[]> {
  return db
    .selectFrom('messages')
    .select(['from_number', 'connection_id', 'created_at'])
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
