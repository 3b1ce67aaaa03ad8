import { type Connection, findConnection, findDefaultConnection } from '../connection/connection.repository'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'

export interface RouteRequest {
  orgId: string
  /** The sender's explicit choice wins. */
  connectionId?: string | undefined
  senderUserId: string | null
  /** Destination, E.164. */
  phone: string
}

async function usable(db: Db, orgId: string, id: string): Promise<Connection | undefined> {
  const connection = await findConnection(db, orgId, id)
  return connection && !connection.disabledAt ? connection : undefined
}

/** The number the person last texted us on: replies keep going out from it (sticky sender). */
async function lastTextedConnection(db: Db, orgId: string, phone: string): Promise<string | undefined> {
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

/**
 * The connection a message goes out on (seeds 000 and 002): the sender's choice, else the first
 * routing rule that matches (the sender's office, the destination country, the number the person
 * last texted), in priority order, else the organization's default.
 */
export async function chooseConnection(db: Db, request: RouteRequest): Promise<Connection> {
  const { orgId } = request
  if (request.connectionId) {
    const connection = await findConnection(db, orgId, request.connectionId)
    if (!connection) throw new errors.CONNECTION_NOT_FOUND(request.connectionId)
    if (connection.disabledAt) throw new errors.CONNECTION_DISABLED(connection.name)
    return connection
  }
  const rules = await db
    .selectFrom('routing_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('priority')
    .orderBy('created_at')
    .execute()
  if (rules.length > 0) {
    const office = request.senderUserId
      ? (
          await db
            .selectFrom('users')
            .select('office_id')
            .where('id', '=', request.senderUserId)
            .executeTakeFirst()
        )?.office_id
      : null
    const country = parsePhone(request.phone).country
    for (const rule of rules) {
      let target: string | undefined
      if (rule.kind === 'office' && office && rule.match === office) target = rule.connection_id
      if (rule.kind === 'country' && country && rule.match === country) target = rule.connection_id
      if (rule.kind === 'sticky') target = await lastTextedConnection(db, orgId, request.phone)
      const connection = target ? await usable(db, orgId, target) : undefined
      if (connection) return connection
    }
  }
  const fallback = await findDefaultConnection(db, orgId)
  if (!fallback) throw new errors.NO_CONNECTION()
  return fallback
}
