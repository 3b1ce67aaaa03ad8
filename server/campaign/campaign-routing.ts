import { type Connection, findConnection, findDefaultConnection } from '../connection/connection.repository'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findUserOfficeId, listInboundConnectionsFrom, listRoutingRules } from '../routing/routing.repository'

/**
 * The routing rules of routing.service.ts (sender's choice, office, country, sticky, default),
 * applied to a whole batch of numbers with one query per batch instead of several per number.
 */
export type BulkRouter = (phones: readonly string[]) => Promise<Map<string, Connection>>

export async function createBulkRouter(
  db: Db,
  input: { orgId: string; connectionId: string | null; senderUserId: string | null },
): Promise<BulkRouter> {
  const { orgId } = input
  if (input.connectionId) {
    const chosen = await findConnection(db, orgId, input.connectionId)
    if (!chosen) throw new errors.CONNECTION_NOT_FOUND(input.connectionId)
    if (chosen.disabledAt) throw new errors.CONNECTION_DISABLED(chosen.name)
    return async (phones) => new Map(phones.map((p) => [p, chosen]))
  }
  const fallback = await findDefaultConnection(db, orgId)
  const rules = await listRoutingRules(db, orgId)
  if (rules.length === 0) {
    if (!fallback) throw new errors.NO_CONNECTION()
    return async (phones) => new Map(phones.map((p) => [p, fallback]))
  }
  const office = input.senderUserId ? await findUserOfficeId(db, input.senderUserId) : null
  const connections = new Map<string, Connection | null>()
  const usable = async (id: string | undefined | null) => {
    if (!id) return undefined
    if (!connections.has(id)) {
      const found = await findConnection(db, orgId, id)
      connections.set(id, found && !found.disabledAt ? found : null)
    }
    return connections.get(id) ?? undefined
  }
  const sticky = rules.some((r) => r.kind === 'sticky')
  const byCountry = rules.some((r) => r.kind === 'country')
  return async (phones) => {
    const lastTexted = new Map<string, { connection: string | null; at: string }>()
    if (sticky && phones.length > 0) {
      const rows = await listInboundConnectionsFrom(db, orgId, phones)
      for (const row of rows) {
        const seen = lastTexted.get(row.from_number)
        if (!seen || seen.at < row.created_at)
          lastTexted.set(row.from_number, { connection: row.connection_id, at: row.created_at })
      }
    }
    const routed = new Map<string, Connection>()
    for (const phone of phones) {
      const country = byCountry ? parsePhone(phone).country : null
      let connection: Connection | undefined
      for (const rule of rules) {
        let target: string | null | undefined
        if (rule.kind === 'office' && office && rule.match === office) target = rule.connection_id
        if (rule.kind === 'country' && country && rule.match === country) target = rule.connection_id
        if (rule.kind === 'sticky') target = lastTexted.get(phone)?.connection
        connection = await usable(target)
        if (connection) break
      }
      connection ??= fallback
      if (!connection) throw new errors.NO_CONNECTION()
      routed.set(phone, connection)
    }
    return routed
  }
}
