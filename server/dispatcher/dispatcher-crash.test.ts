import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { campaignAction, createCampaign, mobiles, seedPeople } from '../campaign/campaign-fixtures'
import { createConnection } from '../connection/connection.service'
import { markStarted } from '../message/message.repository'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import {
  balance,
  claimAsADispatcher,
  DEAD_DISPATCHER,
  eventually,
  getMessage,
  MOBILE,
  send,
  testDispatcher,
} from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { renewHeartbeat } from './dispatcher-heartbeat.repository'

const SID = `AC${'c'.repeat(32)}`
const TOKEN = 'd'.repeat(32)
const SENDER = '+447700900123'
/** The dispatcher's defaults: a heartbeat holds 12 s; a started row is settled 15 s after its start. */
const HEARTBEAT_TTL_MS = 12_000
const IN_FLIGHT_LIMIT_MS = 15_000

/**
 * A dispatcher that dies leaves as `unknown` only the texts it had started (handed, or about to hand,
 * to a provider); what it had only claimed goes back to the queue as soon as its heartbeat runs out.
 * Against the Twilio fake, counted at the fake. Twilio is asked for a started text by recipient,
 * sender, text and time; where that question fails too (its API down), the text is `unknown`.
 */
describe.each(DIALECTS)('a dispatcher that dies mid-claim, on %s', (dialect) => {
  let ctx: TestContext
  let fake: TwilioFake
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    fake = await startTwilioFake({ accountSid: SID, authToken: TOKEN })
  })
  afterEach(async () => {
    await fake.close()
    await ctx.close()
  })

  async function twilioOrg(credits = 20): Promise<TestActor & { connectionId: string }> {
    const admin = await createOrgWithUser(ctx, { credits })
    const connection = await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      {
        provider: 'twilio',
        name: 'Twilio',
        sender: SENDER,
        config: { accountSid: SID, authToken: TOKEN, from: SENDER, baseUrl: fake.url },
        isDefault: true,
      },
    )
    return { ...admin, connectionId: connection.id }
  }

  async function sendSome(admin: TestActor, count: number): Promise<string[]> {
    const ids: string[] = []
    for (let i = 0; i < count; i++)
      ids.push((await send(ctx, admin, { to: MOBILE, body: `Text ${i}` })).json().id)
    return ids
  }

  /** How many times the fake took each body: every text must be there exactly once. */
  const takenBodies = () => fake.messages.map((m) => m.body).sort()

  async function statuses(ids: readonly string[], admin: TestActor) {
    const out: Record<string, number> = {}
    for (const id of ids) {
      const { status } = await getMessage(ctx, admin, id)
      out[status] = (out[status] ?? 0) + 1
    }
    return out
  }

  async function notifications(actor: TestActor) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: actor.headers })
    return res.json().items as { type: string; title: string; body: string; messageId: string | null }[]
  }

  it('gives the rows it only claimed back to the queue once its heartbeat runs out, and sends each once', async () => {
    const admin = await twilioOrg()
    const ids = await sendSome(admin, 5)
    expect(await claimAsADispatcher(ctx, admin.connectionId)).toHaveLength(5)
    const dispatcher = testDispatcher(ctx)
    // Its heartbeat runs out 12 s after the claim, long before the minute's lease.
    ctx.clock.advance(HEARTBEAT_TTL_MS + 1)
    expect(await dispatcher.runOnce()).toBe(5)
    expect(await statuses(ids, admin)).toEqual({ sent: 5 })
    expect(takenBodies()).toEqual(['Text 0', 'Text 1', 'Text 2', 'Text 3', 'Text 4'])
    // A claim that never started is not an attempt.
    expect((await getMessage(ctx, admin, ids[0]!)).attempts).toBe(1)
    expect(await balance(ctx, admin)).toBe(15)
    expect(await notifications(admin)).toEqual([])
  })

  it("leaves a live dispatcher's claims alone however long it holds them, within its lease", async () => {
    const admin = await twilioOrg()
    const ids = await sendSome(admin, 3)
    await claimAsADispatcher(ctx, admin.connectionId)
    const other = testDispatcher(ctx)
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance(HEARTBEAT_TTL_MS - 1_000)
      expect(await other.runOnce()).toBe(0)
      expect(await statuses(ids, admin)).toEqual({ sending: 3 })
      // The owner is alive: it renews its heartbeat.
      const now = ctx.clock.now()
      await renewHeartbeat(ctx.deps.database.db, {
        id: DEAD_DISPATCHER,
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + HEARTBEAT_TTL_MS).toISOString(),
      })
    }
    expect(fake.messages).toHaveLength(0)
    // Past the minute's lease even a live dispatcher's claim is taken back (it has hung).
    ctx.clock.advance(5_001)
    expect(await other.runOnce()).toBe(3)
    expect(takenBodies()).toEqual(['Text 0', 'Text 1', 'Text 2'])
  })

  it('a dispatcher that stalls after its claim, and is taken for dead, sends nothing it no longer holds', async () => {
    const admin = await twilioOrg()
    const ids = await sendSome(admin, 4)
    // The stalled dispatcher: its first wait (the start of its first group) lasts until released.
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let waits = 0
    const stalled = testDispatcher(ctx, {
      pace: {
        now: () => Date.now(),
        waitUntil: async () => {
          if (waits++ === 0) await released
        },
      },
    })
    const stalledRun = stalled.runOnce()
    await eventually(async () => expect(await statuses(ids, admin)).toEqual({ sending: 4 }))
    // It misses its heartbeats; another dispatcher gives its claim back and sends it.
    ctx.clock.advance(HEARTBEAT_TTL_MS + 1)
    const other = testDispatcher(ctx)
    expect(await other.runOnce()).toBe(4)
    expect(await statuses(ids, admin)).toEqual({ sent: 4 })
    // The stalled one wakes up and tries to start its group: nothing is its own any more.
    release()
    await stalledRun
    expect(takenBodies()).toEqual(['Text 0', 'Text 1', 'Text 2', 'Text 3'])
    expect(await statuses(ids, admin)).toEqual({ sent: 4 })
  })

  it('marks unknown only the rows it had started, with one notification for the incident', async () => {
    const admin = await twilioOrg()
    const ids = await sendSome(admin, 6)
    const claimed = await claimAsADispatcher(ctx, admin.connectionId)
    // It had started two (its provider calls were under way) when it died.
    const started = await markStarted(ctx.deps.database.db, {
      ids: claimed.slice(0, 2).map((r) => r.id),
      claimedBy: DEAD_DISPATCHER,
      now: ctx.clock.now().toISOString(),
    })
    expect(started).toHaveLength(2)
    const dispatcher = testDispatcher(ctx)
    ctx.clock.advance(HEARTBEAT_TTL_MS + 1)
    // At once: the four never started go out; the two started wait until no call of theirs can last.
    expect(await dispatcher.runOnce()).toBe(4)
    expect(await statuses(ids, admin)).toEqual({ sent: 4, sending: 2 })
    ctx.clock.advance(IN_FLIGHT_LIMIT_MS - HEARTBEAT_TTL_MS)
    // Twilio cannot be asked now either: the question stays open.
    fake.failAtRandom(() => ({ kind: 'server_error' }))
    expect(await dispatcher.runOnce()).toBe(0)
    fake.failAtRandom(null)
    expect(await statuses(ids, admin)).toEqual({ sent: 4, unknown: 2 })
    for (const id of started) expect((await getMessage(ctx, admin, id)).status).toBe('unknown')
    expect(fake.messages).toHaveLength(4)
    expect(await balance(ctx, admin)).toBe(14) // unknown ones keep their credits
    expect(await notifications(admin)).toMatchObject([
      {
        type: 'messages.unknown',
        title: '2 texts through Twilio may or may not have gone',
        messageId: null,
      },
    ])
    expect((await notifications(admin))[0]!.body).toContain('Outcome unknown')
    // Settled once: the next rounds change nothing and tell nobody again.
    ctx.clock.advance(60_000)
    expect(await dispatcher.runOnce()).toBe(0)
    expect(await notifications(admin)).toHaveLength(1)
  })

  it("asks Twilio about a dead claim's started texts: one it has is sent, one it lacks goes once", async () => {
    const admin = await twilioOrg()
    const ids = await sendSome(admin, 3)
    const claimed = await claimAsADispatcher(ctx, admin.connectionId)
    await markStarted(ctx.deps.database.db, {
      ids: claimed.slice(0, 2).map((r) => r.id),
      claimedBy: DEAD_DISPATCHER,
      now: ctx.clock.now().toISOString(),
    })
    // The first started text reached Twilio before the process died; the second did not.
    const first = claimed[0]!
    const reached = await fetch(`${fake.url}/2010-04-01/Accounts/${SID}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: first.to_number, From: first.from_number, Body: first.body }),
    })
    expect(reached.status).toBe(201)
    ctx.clock.advance(IN_FLIGHT_LIMIT_MS + 1)
    const dispatcher = testDispatcher(ctx)
    await dispatcher.runOnce()
    await dispatcher.runOnce()
    expect(await statuses(ids, admin)).toEqual({ sent: 3 })
    expect(takenBodies()).toEqual(['Text 0', 'Text 1', 'Text 2'])
    expect(await notifications(admin)).toEqual([])
  })

  it('resend-failed leaves unknown texts alone; one is resent only alone, confirmed', async () => {
    const admin = await twilioOrg(30)
    const people = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(5).map((mobile, i) => ({ firstName: `P${i}`, mobile })),
    )
    const campaign = await createCampaign(ctx, admin, {
      name: 'Night shifts',
      source: { type: 'people', personIds: people },
      body: 'Night shifts are open',
    })
    expect((await campaignAction(ctx, admin, campaign.id, 'launch')).statusCode).toBe(200)
    const claimed = await claimAsADispatcher(ctx, admin.connectionId)
    const [unknownId] = await markStarted(ctx.deps.database.db, {
      ids: [claimed[0]!.id],
      claimedBy: DEAD_DISPATCHER,
      now: ctx.clock.now().toISOString(),
    })
    ctx.clock.advance(IN_FLIGHT_LIMIT_MS + 1)
    fake.failAtRandom(
      (() => {
        let calls = 0
        // the lookup of the started text fails; the four sends after it go through
        return () => (calls++ === 0 ? { kind: 'server_error' as const } : null)
      })(),
    )
    expect(await testDispatcher(ctx).runOnce()).toBe(4)
    expect((await getMessage(ctx, admin, unknownId!)).status).toBe('unknown')

    const progress = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaign.id}`, headers: admin.headers })
    ).json().progress
    expect(progress).toMatchObject({ sent: 4, failed: 1, unknown: 1 })
    const resend = await campaignAction(ctx, admin, campaign.id, 'resend-failed')
    expect(resend.json()).toEqual({ resent: 0, skippedOptedOut: 0, skippedUnknown: 1, credits: 0 })

    // The bulk resend refuses it, saying how to resend it.
    const bulk = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages/resend',
      headers: admin.headers,
      payload: { ids: [unknownId] },
    })
    expect(bulk.statusCode).toBe(409)
    expect(bulk.json()).toMatchObject({ code: 'MESSAGE_OUTCOME_UNKNOWN', details: { messageId: unknownId } })
    expect(bulk.json().message).toContain('confirmUnknown')
    const unconfirmed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${unknownId}/resend`,
      headers: admin.headers,
      payload: {},
    })
    expect([unconfirmed.statusCode, unconfirmed.json().code]).toEqual([409, 'MESSAGE_OUTCOME_UNKNOWN'])
    const before = await balance(ctx, admin)
    const confirmed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${unknownId}/resend`,
      headers: admin.headers,
      payload: { confirmUnknown: true },
    })
    expect(confirmed.statusCode, confirmed.body).toBe(201)
    expect(confirmed.json()).toMatchObject({ status: 'queued', resentFromId: unknownId })
    expect(await balance(ctx, admin)).toBe(before - 1)
    const twice = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${unknownId}/resend`,
      headers: admin.headers,
      payload: { confirmUnknown: true },
    })
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'MESSAGE_NOT_RESENDABLE'])
  })
})
