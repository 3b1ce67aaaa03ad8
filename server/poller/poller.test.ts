import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type BulkSmsFake, startBulkSmsFake } from '../provider/bulksms/bulksms.fake'
import { type FireTextFake, startFireTextFake } from '../provider/firetext/firetext.fake'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { freePort } from '../test/free-port'
import { eventually, getMessage, MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { Poller, type PollerOptions } from './poller'

const ACCOUNT_SID = `AC${'fedcba9876543210'.repeat(2)}`
const AUTH_TOKEN = 'poller-test-token-123456'
const OUR_NUMBER = '+447700900123'
const CANDIDATE = '+447700900456'
const MINUTE = 60_000

interface CreatedConnection {
  id: string
  webhookUrls: { inbound: string; status: string }
}

describe.each(DIALECTS)('poller on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  let twilio: TwilioFake
  let twilioNow: Date | null
  const reported: Array<{ error: unknown; connectionId: string | null }> = []

  beforeEach(async () => {
    const port = await freePort()
    ctx = await createTestApp(dialect, { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` })
    await ctx.app.listen({ port, host: '127.0.0.1' })
    admin = await createOrgWithUser(ctx, { settings: { pollIntervalMinutes: 5 } })
    twilioNow = null
    twilio = await startTwilioFake({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      now: () => twilioNow ?? new Date(),
    })
    reported.length = 0
  })
  afterEach(async () => {
    await twilio.close()
    await ctx.close()
  })

  const poller = (options: PollerOptions = {}) =>
    new Poller(ctx.deps, ctx.deps.providers, {
      onError: (error, connectionId) => reported.push({ error, connectionId }),
      ...options,
    })

  async function connect(body: Record<string, unknown>): Promise<CreatedConnection> {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/connections',
      headers: admin.headers,
      payload: { name: String(body.provider), sender: OUR_NUMBER, inboundMode: 'poll', ...body },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as CreatedConnection
  }

  const connectTwilio = (extra: Record<string, unknown> = {}) =>
    connect({
      provider: 'twilio',
      config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: twilio.url },
      pollSince: new Date(Date.now() - 60 * MINUTE).toISOString(),
      ...extra,
    })

  async function inboundBodies(connectionId: string): Promise<string[]> {
    await ctx.deps.inbound.settled()
    const rows = await ctx.deps.database.db
      .selectFrom('messages')
      .select('body')
      .where('connection_id', '=', connectionId)
      .where('direction', '=', 'inbound')
      .orderBy('created_at')
      .execute()
    return rows.map((r) => r.body)
  }

  async function pollState(connectionId: string) {
    return ctx.deps.database.db
      .selectFrom('connections')
      .select(['poll_cursor', 'last_polled_at'])
      .where('id', '=', connectionId)
      .executeTakeFirstOrThrow()
  }

  const twilioLists = () =>
    twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'))

  it('stores a reply once when it arrives by webhook and by poll', async () => {
    const connection = await connectTwilio()
    const delivery = await twilio.sendInbound(connection.webhookUrls.inbound, {
      from: CANDIDATE,
      to: OUR_NUMBER,
      body: 'Yes, Tuesday works',
    })
    expect(delivery.status).toBe(200)
    const report = await poller().runOnce()
    expect(report).toMatchObject({ connections: 1, received: 0, duplicates: 1, errors: 0 })
    expect(await inboundBodies(connection.id)).toEqual(['Yes, Tuesday works'])
  })

  it('starts from the synchronisation date, then moves the cursor on', async () => {
    const realNow = Date.now()
    twilioNow = new Date(realNow - 90 * MINUTE)
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'before the start date' })
    twilioNow = new Date(realNow - 30 * MINUTE)
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'half an hour ago' })
    twilioNow = null
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'just now' })
    const connection = await connectTwilio()
    const first = await poller().runOnce()
    expect(first).toMatchObject({ received: 2, duplicates: 0 })
    expect(await inboundBodies(connection.id)).toEqual(['half an hour ago', 'just now'])
    const state = await pollState(connection.id)
    expect(state.last_polled_at).toBe(ctx.clock.now().toISOString())
    expect(state.poll_cursor).not.toBeNull()

    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'one more thing' })
    ctx.clock.advance(5 * MINUTE)
    const second = await poller().runOnce()
    expect(second).toMatchObject({ connections: 1, received: 1, duplicates: 0 })
    expect(await inboundBodies(connection.id)).toHaveLength(3)
    expect((await pollState(connection.id)).poll_cursor).not.toBe(state.poll_cursor)
  })

  it('polls a connection once when two pollers race for it', async () => {
    const connection = await connectTwilio()
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'Racing' })
    const reports = await Promise.all([poller().runOnce(), poller().runOnce(), poller().runOnce()])
    expect(reports.reduce((sum, r) => sum + r.connections, 0)).toBe(1)
    expect(twilioLists()).toHaveLength(1)
    expect(await inboundBodies(connection.id)).toEqual(['Racing'])
  })

  it("waits for the organization's poll interval (FireText)", async () => {
    const fake: FireTextFake = await startFireTextFake()
    try {
      const connection = await connect({
        provider: 'firetext',
        config: { apiKey: fake.apiKey, baseUrl: fake.url },
      })
      fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'Polled from FireText' })
      const polls = () => fake.requests.filter((r) => r.path === '/api/receivedmessages/json').length
      const p = poller()
      expect(await p.runOnce()).toMatchObject({ connections: 1, received: 1 })
      expect(polls()).toBe(1)
      ctx.clock.advance(5 * MINUTE - 1000)
      expect(await p.runOnce()).toMatchObject({ connections: 0 })
      expect(polls()).toBe(1)
      ctx.clock.advance(1000)
      expect(await p.runOnce()).toMatchObject({ connections: 1, received: 0, duplicates: 0 })
      expect(polls()).toBe(2)
      expect(await inboundBodies(connection.id)).toEqual(['Polled from FireText'])
    } finally {
      await fake.close()
    }
  })

  it('drops replies older than the start date and merges webhook copies (BulkSMS)', async () => {
    const fake: BulkSmsFake = await startBulkSmsFake()
    try {
      const connection = await connect({
        provider: 'bulksms',
        config: { username: fake.username, password: fake.password, baseUrl: fake.url },
        pollSince: new Date(Date.now() - 60 * MINUTE).toISOString(),
      })
      const oldId = fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'three hours old' })
      const old = fake.messages.find((m) => m.id === oldId)
      if (old?.submission)
        old.submission.date = `${new Date(Date.now() - 180 * MINUTE).toISOString().slice(0, 19)}Z`
      const hooked = await fake.sendInbound(connection.webhookUrls.inbound, {
        from: CANDIDATE,
        to: OUR_NUMBER,
        body: 'sent by webhook too',
      })
      expect(hooked.status).toBe(200)
      fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'polled only' })
      expect(await poller().runOnce()).toMatchObject({ received: 1, duplicates: 1, errors: 0 })
      expect((await inboundBodies(connection.id)).sort()).toEqual(['polled only', 'sent by webhook too'])
      expect((await pollState(connection.id)).poll_cursor).toMatch(/^\d+$/)
    } finally {
      await fake.close()
    }
  })

  it('reports a provider error, keeps the cursor and tries again next interval', async () => {
    const connection = await connectTwilio()
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'After the outage' })
    twilio.failNext('server_error')
    const failed = await poller().runOnce()
    expect(failed).toMatchObject({ connections: 1, received: 0, errors: 1 })
    expect(reported).toHaveLength(1)
    expect(reported[0]?.connectionId).toBe(connection.id)
    expect((await pollState(connection.id)).poll_cursor).toBeNull()
    ctx.clock.advance(5 * MINUTE)
    expect(await poller().runOnce()).toMatchObject({ received: 1, errors: 0 })
    expect(await inboundBodies(connection.id)).toEqual(['After the outage'])
  })

  it('fetches the status of sent messages for a connection that polls', async () => {
    const connection = await connectTwilio()
    const sent = await send(ctx, admin, { to: MOBILE, body: 'Interview at 10?', connectionId: connection.id })
    expect(sent.statusCode, sent.body).toBe(201)
    await testDispatcher(ctx).runOnce()
    const messageId = sent.json().id as string
    expect((await getMessage(ctx, admin, messageId)).status).toBe('sent')
    const atTwilio = twilio.messages.find((m) => m.direction === 'outbound-api')
    if (!atTwilio) throw new Error('the message never reached the Twilio fake')
    atTwilio.status = 'delivered'
    expect(await poller().runOnce()).toMatchObject({ statusChanges: 1 })
    expect((await getMessage(ctx, admin, messageId)).status).toBe('delivered')
  })

  it('polls on its own once started, until stopped', async () => {
    const connection = await connectTwilio()
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'Found by the loop' })
    const running = poller({ tickMs: 10 })
    running.start()
    try {
      await eventually(async () => expect(await inboundBodies(connection.id)).toEqual(['Found by the loop']))
    } finally {
      await running.stop()
    }
    const lists = twilioLists().length
    // Due again, so a loop that kept running would poll within a few ticks.
    ctx.clock.advance(5 * MINUTE)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(twilioLists()).toHaveLength(lists)
  })

  it('leaves webhook-mode and disabled connections alone', async () => {
    await connectTwilio({ inboundMode: 'webhook' })
    const disabled = await connectTwilio()
    const res = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/connections/${disabled.id}`,
      headers: admin.headers,
    })
    expect(res.statusCode).toBe(200)
    twilio.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'Nobody polls this' })
    expect(await poller().runOnce()).toMatchObject({ connections: 0, received: 0 })
    expect(twilio.requests).toHaveLength(0)
  })
})
