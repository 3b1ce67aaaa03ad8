import { type Connection, findConnection, findDefaultConnection } from '../connection/connection.repository'
import { parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { findUserOfficeId, listInboundTextsFrom, listRoutingRules } from '../routing/routing.repository'
import type { SendRoute } from '../routing/routing.service'
import { lastTextedByNumber, rulesNeed, ruleTargets } from '../routing/routing-rules'
import { senderNumberOf } from '../routing/sender-number.service'

/**
 * The routing of routing.service.ts `chooseRoute` (the sender's choice, else the reply number of
 * `replyNumberOf` on the connection that owns it, else the rules of routing/routing-rules.ts, else the
 * default), applied to a whole batch of numbers with one query per batch instead of several per number.
 */
export type BulkRouter = (phones: readonly string[]) => Promise<Map<string, SendRoute>>

function everyPhone(route: SendRoute): BulkRouter {
  return async (phones) => new Map(phones.map((p) => [p, route]))
}

export async function createBulkRouter(
  db: Db,
  input: {
    orgId: string
    connectionId: string | null
    senderUserId: string | null
    /** The user whose reply number the texts go from (the mailshot's creator). */
    replyNumberOf: string | null
  },
): Promise<BulkRouter> {
  const { orgId } = input
  if (input.connectionId) {
    const chosen = await findConnection(db, orgId, input.connectionId)
    if (!chosen) throw new errors.CONNECTION_NOT_FOUND(input.connectionId)
    if (chosen.disabledAt) throw new errors.CONNECTION_DISABLED(chosen.name)
    return everyPhone({ connection: chosen, number: null })
  }
  const choice = await senderNumberOf(db, orgId, input.replyNumberOf)
  if (choice.decision.kind === 'number' && choice.connection && !choice.connection.disabledAt)
    return everyPhone({ connection: choice.connection, number: choice.decision.number })
  const fallback = await findDefaultConnection(db, orgId)
  const rules = await listRoutingRules(db, orgId)
  if (rules.length === 0) {
    if (!fallback) throw new errors.NO_CONNECTION()
    return everyPhone({ connection: fallback, number: null })
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
    const routed = new Map<string, SendRoute>()
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
      routed.set(phone, { connection, number: null })
    }
    return routed
  }
}
