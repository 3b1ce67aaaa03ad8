import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { earlyReportDelayMs } from '../message/status.service'
import { startTwilioFake } from '../provider/twilio/twilio.fake'
import { createOrgWithUser } from '../test/fixtures'
import {
  balance,
  claimAsADispatcher,
  eventually,
  getMessage,
  MOBILE,
  send,
  testDispatcher,
} from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { OUTCOME_UNKNOWN, recordAccepted } from './send-outcome'

describe.each(DIALECTS)('dispatcher on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function notifications(actor: { headers: { authorization: string } }) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: actor.headers })
    return res.json().items as { type: string; title: string; body: string }[]
  }

  it('fails a message the provider rejects, refunds it, tells the sender and lists it in the failed view', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    const message = (await send(ctx, admin, { to: '+447911110999', body: 'Hello' })).json()
    expect(await balance(ctx, admin)).toBe(4)
    await testDispatcher(ctx).runOnce()
    const failed = await getMessage(ctx, admin, message.id)
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'The number does not exist (simulated)',
      attempts: 1,
    })
    expect(await balance(ctx, admin)).toBe(5)
    const view = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/messages?view=failed',
      headers: admin.headers,
    })
    expect(view.json().items.map((m: { id: string }) => m.id)).toEqual([message.id])
    expect(await notifications(admin)).toMatchObject([
      { type: 'message.failed', body: 'The number does not exist (simulated)' },
    ])
    const ledger = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/credits/ledger', headers: admin.headers })
    ).json()
    expect(
      ledger.items.slice(0, 2).map((e: { reason: string; delta: number }) => [e.reason, e.delta]),
    ).toEqual([
      ['refund', 1],
      ['message', -1],
    ])
  })

  it('retries a retryable error with growing backoff, then fails with the reason', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    const message = (await send(ctx, admin, { to: '+447911110500', body: 'Hello' })).json()
    const dispatcher = testDispatcher(ctx, { backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 3 } })
    await dispatcher.runOnce()
    let row = await getMessage(ctx, admin, message.id)
    expect(row).toMatchObject({ status: 'queued', attempts: 1 })
    expect(row.error).toContain('The simulated network is down')
    expect(await dispatcher.runOnce()).toBe(0) // not due yet
    ctx.clock.advance(750) // attempt 1: 500..1000 ms with jitter 0.5 => 750
    expect(await dispatcher.runOnce()).toBe(1)
    expect((await getMessage(ctx, admin, message.id)).attempts).toBe(2)
    ctx.clock.advance(1499)
    expect(await dispatcher.runOnce()).toBe(0)
    ctx.clock.advance(1)
    await dispatcher.runOnce()
    row = await getMessage(ctx, admin, message.id)
    expect(row).toMatchObject({ status: 'failed', attempts: 3 })
    expect(row.error).toBe('The simulated network is down (gave up after 3 attempts)')
    expect(await balance(ctx, admin)).toBe(5)
  })

  it('honours Retry-After from a rate-limited provider', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    const message = (await send(ctx, admin, { to: '+447911110429', body: 'Hello' })).json()
    const dispatcher = testDispatcher(ctx, { backoff: { baseMs: 10, maxMs: 100, maxAttempts: 5 } })
    await dispatcher.runOnce()
    const row = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/messages/${message.id}`, headers: admin.headers })
    ).json()
    expect(new Date(row.nextAttemptAt).getTime() - ctx.clock.now().getTime()).toBe(1000)
  })

  it('never resends a message a crash left in flight (started, not recorded): it shows as outcome unknown', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Crash me' })).json()
    // A dispatcher claims the row, marks it started for its provider call and dies before recording.
    const claimed = await claimAsADispatcher(ctx, message.connectionId, 10, { started: true })
    expect(claimed.map((r) => r.id)).toEqual([message.id])
    const dispatcher = testDispatcher(ctx)
    expect(await dispatcher.runOnce()).toBe(0) // its heartbeat is still live: nobody touches it
    expect((await getMessage(ctx, admin, message.id)).status).toBe('sending')
    // Dead (heartbeat out after 12 s) and any call of its over (15 s after the start): settled.
    ctx.clock.advance(15_001)
    expect(await dispatcher.runOnce()).toBe(0)
    const row = await getMessage(ctx, admin, message.id)
    expect(row).toMatchObject({
      status: 'unknown',
      error: OUTCOME_UNKNOWN,
      providerMessageId: null,
      attempts: 1,
    })
    expect(await balance(ctx, admin)).toBe(4) // may have been sent: not refunded
    const failedView = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/messages?view=failed',
      headers: admin.headers,
    })
    expect(failedView.json().items.map((m: { id: string }) => m.id)).toEqual([message.id])
    // A person decides, and must confirm: resend creates a new message and keeps the unknown one as history.
    const resend = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${message.id}/resend`,
      headers: admin.headers,
      payload: { confirmUnknown: true },
    })
    expect(resend.statusCode, resend.body).toBe(201)
    expect(resend.json()).toMatchObject({ status: 'queued', resentFromId: message.id })
  })

  it('two dispatchers never claim the same message', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const ids: string[] = []
    for (let i = 0; i < 40; i++)
      ids.push((await send(ctx, admin, { to: MOBILE, body: `Msg ${i}` })).json().id)
    const [a, b] = await Promise.all([testDispatcher(ctx).runOnce(), testDispatcher(ctx).runOnce()])
    expect(a + b).toBe(40)
    const rows = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['attempts', 'provider_message_id'])
      .execute()
    expect(rows.every((r) => r.attempts === 1 && r.provider_message_id)).toBe(true)
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(40)
  })

  it('records acceptances on a slow connection as they come, not when the whole claim is done', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const ids: string[] = []
    for (let i = 0; i < 8; i++) ids.push((await send(ctx, admin, { to: MOBILE, body: `Msg ${i}` })).json().id)
    // Four a second: four go at once, the other four over the next second.
    await ctx.deps.database.db.updateTable('connections').set({ rate_per_second: 4 }).execute()
    let finished = false
    const run = testDispatcher(ctx)
      .runOnce()
      .finally(() => {
        finished = true
      })
    await eventually(async () =>
      expect(['sent', 'delivered']).toContain((await getMessage(ctx, admin, ids[0]!)).status),
    )
    expect(finished).toBe(false)
    expect(await run).toBe(8)
  })
})

describe.each(DIALECTS)('dispatcher against the Twilio fake on %s', (dialect) => {
  const SID = `AC${'c'.repeat(32)}`
  const TOKEN = 'd'.repeat(32)
  let ctx: TestContext
  let fake: Awaited<ReturnType<typeof startTwilioFake>>
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    fake = await startTwilioFake({ accountSid: SID, authToken: TOKEN })
  })
  afterEach(async () => {
    await fake.close()
    await ctx.close()
  })

  async function twilioOrg() {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      {
        provider: 'twilio',
        name: 'Twilio',
        sender: '+447700900123',
        config: { accountSid: SID, authToken: TOKEN, from: '+447700900123', baseUrl: fake.url },
        isDefault: true,
      },
    )
    return admin
  }

  it('sends through the provider once and stores its id', async () => {
    const admin = await twilioOrg()
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Via Twilio' })).json()
    await testDispatcher(ctx).runOnce()
    const row = await getMessage(ctx, admin, message.id)
    expect(row.status).toBe('sent')
    expect(fake.messages.map((m) => m.sid)).toEqual([row.providerMessageId])
  })

  it('asks Twilio about a text whose answer it could not read before sending it again, and sends it once', async () => {
    const admin = await twilioOrg()
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Garbled' })).json()
    fake.failNext('malformed')
    const dispatcher = testDispatcher(ctx)
    await dispatcher.runOnce()
    expect(await getMessage(ctx, admin, message.id)).toMatchObject({ status: 'queued' })
    ctx.clock.advance(60_000)
    await dispatcher.runOnce()
    const lookups = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'))
    expect(lookups.map((r) => r.query.To)).toEqual([MOBILE])
    expect(await getMessage(ctx, admin, message.id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(fake.messages).toHaveLength(1)
    expect(await balance(ctx, admin)).toBe(4)
  })

  it('retries a 429 and a 500, then sends once', async () => {
    const admin = await twilioOrg()
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Busy' })).json()
    const dispatcher = testDispatcher(ctx)
    fake.failNext('rate_limit')
    await dispatcher.runOnce()
    expect((await getMessage(ctx, admin, message.id)).status).toBe('queued')
    ctx.clock.advance(60_000)
    fake.failNext('server_error')
    await dispatcher.runOnce()
    ctx.clock.advance(60_000)
    await dispatcher.runOnce()
    const row = await getMessage(ctx, admin, message.id)
    expect(row).toMatchObject({ status: 'sent', attempts: 3 })
    expect(fake.messages).toHaveLength(1)
  })
})

describe.each(DIALECTS)('early status reports on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('applies a delivery report that arrives before the acceptance is recorded', async () => {
    const admin = await createOrgWithUser(ctx)
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Fast provider' })).json()
    const [row] = await claimAsADispatcher(ctx, message.connectionId, 1)
    const token = (
      await ctx.deps.database.db
        .selectFrom('connections')
        .select('webhook_token')
        .where('id', '=', message.connectionId)
        .executeTakeFirstOrThrow()
    ).webhook_token
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${token}/status`,
      payload: { id: 'SIM-early-1', status: 'delivered' },
    })
    expect(early.json()).toEqual({ stored: 0, duplicates: 0 })
    await recordAccepted(ctx.deps, row!, { providerMessageId: 'SIM-early-1', status: 'sent' })
    expect((await getMessage(ctx, admin, message.id)).status).toBe('sent')
    await eventually(async () => expect((await getMessage(ctx, admin, message.id)).status).toBe('delivered'))
  })
})

describe('early status report retries', () => {
  it('keeps looking for the id at least every half second', () => {
    const gaps = Array.from({ length: 70 }, (_, attempt) => earlyReportDelayMs(attempt))
    expect(gaps.slice(0, 4)).toEqual([100, 200, 400, 500])
    expect(Math.max(...gaps)).toBe(500)
  })
})
