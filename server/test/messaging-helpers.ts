import { expect } from 'vitest'
import { Dispatcher, type DispatcherOptions } from '../dispatcher/dispatcher'
import { renewHeartbeat } from '../dispatcher/dispatcher-heartbeat.repository'
import type { InboundItem } from '../inbound/inbound.service'
import { claimDueMessages, markStarted } from '../message/message.repository'
import type { MessageRow } from '../message/message.table'
import type { TestActor } from './fixtures'
import type { TestContext } from './setup'

/** Valid UK mobiles for tests; the simulator fails numbers ending 0999 / 0500 / 0666 (see its header). */
export const MOBILE = '+447911123456'

/** The id of the dispatcher `claimAsADispatcher` stands in for. */
export const DEAD_DISPATCHER = 'dispatcher-that-dies'

/**
 * Claims a connection's due messages as a dispatcher would, with a one-minute lease and a heartbeat
 * live for 12 s, and does nothing more: what a dispatcher leaves when it dies right after its claim.
 * With `started`, it also marks them started, as it does just before the provider calls: what it
 * leaves when it dies with them in flight.
 */
export async function claimAsADispatcher(
  ctx: TestContext,
  connectionId: string,
  limit = 10,
  options: { started?: boolean } = {},
): Promise<MessageRow[]> {
  const now = ctx.clock.now().toISOString()
  const db = ctx.deps.database.db
  await renewHeartbeat(db, {
    id: DEAD_DISPATCHER,
    now,
    expiresAt: new Date(ctx.clock.now().getTime() + 12_000).toISOString(),
  })
  const rows = await claimDueMessages(db, ctx.deps.database.dialect, {
    connectionId,
    now,
    leaseUntil: new Date(ctx.clock.now().getTime() + 60_000).toISOString(),
    limit,
    claimedBy: DEAD_DISPATCHER,
  })
  if (options.started) {
    const ids = await markStarted(db, { ids: rows.map((r) => r.id), claimedBy: DEAD_DISPATCHER, now })
    return rows.map((r) => (ids.includes(r.id) ? { ...r, started_at: now } : r))
  }
  return rows
}

export async function createPerson(
  ctx: TestContext,
  actor: TestActor,
  fields: { firstName?: string; lastName?: string; mobile?: string | null; jobTitle?: string } = {},
): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: actor.headers,
    payload: { firstName: 'Jane', lastName: 'Doe', mobile: MOBILE, ...fields },
  })
  expect(res.statusCode, res.body).toBe(201)
  return (res.json() as { id: string }).id
}

export async function send(ctx: TestContext, actor: TestActor, payload: Record<string, unknown>) {
  return ctx.app.inject({ method: 'POST', url: '/api/v1/messages', headers: actor.headers, payload })
}

export async function getMessage(ctx: TestContext, actor: TestActor, id: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/messages/${id}`, headers: actor.headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as {
    status: string
    error: string | null
    providerMessageId: string | null
    attempts: number
    resentAsId?: string | null
  }
}

export async function balance(ctx: TestContext, actor: TestActor): Promise<number> {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/credits', headers: actor.headers })
  return (res.json() as { balance: number }).balance
}

export function testDispatcher(ctx: TestContext, options: DispatcherOptions = {}): Dispatcher {
  return new Dispatcher(ctx.deps, ctx.deps.providers, { random: () => 0.5, ...options })
}

/** Polls until `check` passes (status callbacks arrive on timers); bounded, fails with the last error. */
export async function eventually(check: () => Promise<void>, attempts = 100): Promise<void> {
  let last: unknown
  for (let i = 0; i < attempts; i++) {
    try {
      await check()
      return
    } catch (error) {
      last = error
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  throw last
}

/** A text from `from` through the phone simulator: to the default connection, or to the number `to`. */
export async function simulateReply(
  ctx: TestContext,
  actor: TestActor,
  from: string,
  body: string,
  to?: string,
) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/simulator/inbound',
    headers: actor.headers,
    payload: { from, body, ...(to ? { to } : {}) },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { messageId: string; conversationId: string }
}

let inboundSequence = 0

/** A text to the actor's first connection, as a provider would deliver it; each a second after the last. */
export async function inboundText(
  ctx: TestContext,
  actor: TestActor,
  from: string,
  body: string,
  id?: string,
): Promise<InboundItem> {
  const connection = await ctx.deps.database.db
    .selectFrom('connections')
    .select(['id', 'org_id'])
    .where('org_id', '=', actor.orgId)
    .executeTakeFirstOrThrow()
  inboundSequence += 1
  const receivedAt = new Date(Date.UTC(2026, 0, 5, 9, 0, inboundSequence)).toISOString()
  return {
    connection,
    sms: { providerMessageId: id ?? `SIM-${inboundSequence}`, from, to: '+447700900001', body, receivedAt },
  }
}

/** The webhook token of the actor's organization's first connection (the phone simulator). */
export async function webhookTokenOf(ctx: TestContext, actor: TestActor): Promise<string> {
  const row = await ctx.deps.database.db
    .selectFrom('connections')
    .select('webhook_token')
    .where('org_id', '=', actor.orgId)
    .executeTakeFirstOrThrow()
  return row.webhook_token
}
