import { type Connection, findConnection, findDefaultConnection } from '../connection/connection.repository'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findUserOfficeId, listInboundTextsFrom, listRoutingRules } from '../routing/routing.repository'
import { lastTextedByNumber, rulesNeed, ruleTargets } from '../routing/routing-rules'

/**
 * The routing of routing.service.ts (sender's choice, the rules of routing/routing-rules.ts, the
 * default), applied to a whole batch of numbers with one query per batch instead of several per number.
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
  const need = rulesNeed(rules)
  return async (phones) => {
    const lastTexted =
      need.lastTexted && phones.length > 0
        ? lastTextedByNumber(await listInboundTextsFrom(db, orgId, phones))
        : new Map<string, string | null>()
    const routed = new Map<string, Connection>()
    for (const phone of phones) {
      const facts = {
        office,
        country: need.country ? parsePhone(phone).country : null,
        lastTexted: lastTexted.get(phone),
      }
      let connection: Connection | undefined
      for (const target of ruleTargets(rules, facts)) {
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
