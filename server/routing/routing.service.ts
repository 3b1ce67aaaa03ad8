import { nowIso } from '../clock'
import { type Connection, findConnection, findDefaultConnection } from '../connection/connection.repository'
import { isKnownCountry, parsePhone } from '../core/phone'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { newId } from '../ids'
import type { RecordDeps } from '../service-deps'
import {
  deleteRoutingRule,
  findUserOfficeId,
  insertRoutingRule,
  listInboundTextsFrom,
  listRoutingRules,
  officeExists,
  setFailoverConnection,
} from './routing.repository'
import type { RoutingRulesTable } from './routing.table'
import { lastTextedByNumber, rulesNeed, ruleTargets } from './routing-rules'
import { senderNumberOf } from './sender-number.service'

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
  const rules = await listRoutingRules(db, orgId)
  if (rules.length > 0) {
    const need = rulesNeed(rules)
    const facts = {
      office: request.senderUserId ? await findUserOfficeId(db, request.senderUserId) : null,
      country: need.country ? parsePhone(request.phone).country : null,
      lastTexted: need.lastTexted
        ? lastTextedByNumber(await listInboundTextsFrom(db, orgId, [request.phone])).get(request.phone)
        : null,
    }
    for (const target of ruleTargets(rules, facts)) {
      const connection = await usable(db, orgId, target)
      if (connection) return connection
    }
  }
  const fallback = await findDefaultConnection(db, orgId)
  if (!fallback) throw new errors.NO_CONNECTION()
  return fallback
}

/** The connection a text goes out on, and the reply number it goes from there (null: the sender). */
export interface SendRoute {
  connection: Connection
  number: string | null
}

/**
 * The route of a user's text: a connection the sender chose (its sender), else `replyNumberOf`'s
 * reply number (their own, else their office's) on the enabled connection that owns it, else
 * routing as `chooseConnection` does. Without `replyNumberOf` (replies, automatic answers) no reply
 * number applies.
 */
export async function chooseRoute(
  db: Db,
  request: RouteRequest & { replyNumberOf?: string | null | undefined },
): Promise<SendRoute> {
  if (!request.connectionId && request.replyNumberOf) {
    const choice = await senderNumberOf(db, request.orgId, request.replyNumberOf)
    if (choice.decision.kind === 'number' && choice.connection && !choice.connection.disabledAt)
      return { connection: choice.connection, number: choice.decision.number }
  }
  return { connection: await chooseConnection(db, request), number: null }
}

/** A routing rule as the API shows it. */
export interface RoutingRule {
  id: string
  kind: RoutingRulesTable['kind']
  match: string | null
  connectionId: string
  priority: number
  createdAt: string
}

function toRoutingRule(row: RoutingRulesTable): RoutingRule {
  return {
    id: row.id,
    kind: row.kind,
    match: row.match,
    connectionId: row.connection_id,
    priority: row.priority,
    createdAt: row.created_at,
  }
}

/** The organization's routing rules in the order they are tried. */
export async function listRules(db: Db, orgId: string): Promise<RoutingRule[]> {
  return (await listRoutingRules(db, orgId)).map(toRoutingRule)
}

/**
 * Adds a rule sending messages on `connectionId`: an office rule names one of the organization's
 * offices, a country rule an ISO 3166 country, a sticky rule nothing. Priority defaults to 100.
 */
export async function addRule(
  deps: RecordDeps,
  orgId: string,
  input: {
    kind: RoutingRulesTable['kind']
    match: string | null
    connectionId: string
    priority?: number | undefined
  },
): Promise<RoutingRule> {
  const { kind, match, connectionId } = input
  return deps.db.transaction().execute(async (trx) => {
    if (!(await findConnection(trx, orgId, connectionId))) throw new errors.CONNECTION_NOT_FOUND(connectionId)
    if (kind === 'office' && !(match && (await officeExists(trx, orgId, match))))
      throw new errors.OFFICE_NOT_FOUND(match ?? '(none given)')
    if (kind === 'country' && !(match && isKnownCountry(match))) {
      throw new errors.REQUEST_INVALID(
        `match must be an ISO 3166 country code such as GB for a country rule, got "${match}"`,
      )
    }
    if (kind === 'sticky' && match !== null)
      throw new errors.REQUEST_INVALID('match must be empty for a sticky rule')
    const row: RoutingRulesTable = {
      id: newId(),
      org_id: orgId,
      kind,
      match,
      connection_id: connectionId,
      priority: input.priority ?? 100,
      created_at: nowIso(deps.clock),
    }
    await insertRoutingRule(trx, row)
    return toRoutingRule(row)
  })
}

export async function removeRule(db: Db, orgId: string, id: string): Promise<void> {
  if (!(await deleteRoutingRule(db, orgId, id))) throw new errors.RESOURCE_NOT_FOUND(`Routing rule ${id}`)
}

/** Names the connection that takes over when `connectionId` fails on the provider side (null to stop). */
export async function setFailover(
  deps: RecordDeps,
  orgId: string,
  connectionId: string,
  failoverId: string | null,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const primary = await findConnection(trx, orgId, connectionId)
    if (!primary) throw new errors.CONNECTION_NOT_FOUND(connectionId)
    if (failoverId !== null) {
      if (failoverId === primary.id)
        throw new errors.REQUEST_INVALID('A connection cannot be its own failover')
      if (!(await findConnection(trx, orgId, failoverId))) throw new errors.CONNECTION_NOT_FOUND(failoverId)
    }
    await setFailoverConnection(trx, primary.id, failoverId, nowIso(deps.clock))
  })
}
