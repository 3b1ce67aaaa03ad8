import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { type FireTextFake, startFireTextFake } from '../provider/firetext/firetext.fake'
import { type ClosableHttpClient, createHttpClient } from '../provider/http'
import { startTwilioFake } from '../provider/twilio/twilio.fake'
import { startVonageFake } from '../provider/vonage/vonage.fake'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import {
  balance,
  claimAsADispatcher,
  getMessage,
  MOBILE,
  send,
  testDispatcher,
} from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

/** Short, so a provider that hangs costs the test a moment, not the default ten seconds. */
const PROVIDER_TIMEOUT_MS = 300
const SENDER = '+447700900123'

/**
 * A provider that takes a request and never answers may have the message. Parley sends it again only
 * after asking the provider whether it has it; a provider that cannot be asked leaves it "outcome
 * unknown" for a person, never sent twice.
 */
describe.each(DIALECTS)('provider time-outs and crashes mid-send on %s', (dialect) => {
  let ctx: TestContext
  let http: ClosableHttpClient
  beforeEach(async () => {
    http = createHttpClient({ timeoutMs: PROVIDER_TIMEOUT_MS })
    ctx = await createTestApp(dialect, {}, { http })
  })
  afterEach(async () => {
    await ctx.close()
    await http.close()
  })

  async function connect(actor: TestActor, provider: string, config: Record<string, string>) {
    return createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      actor.orgId,
      { provider, name: provider, sender: SENDER, config, isDefault: true },
    )
  }

  describe('Twilio, which is asked by recipient, sender and text', () => {
    const SID = `AC${'c'.repeat(32)}`
    const TOKEN = 'd'.repeat(32)
    let fake: Awaited<ReturnType<typeof startTwilioFake>>
    beforeEach(async () => {
      fake = await startTwilioFake({ accountSid: SID, authToken: TOKEN, now: () => ctx.clock.now() })
    })
    afterEach(() => fake.close())

    const sends = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'))
    const lookups = () => fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'))

    it('finds a text Twilio took before the connection dropped, and never sends it again', async () => {
      const admin = await createOrgWithUser(ctx, { credits: 5 })
      await connect(admin, 'twilio', { accountSid: SID, authToken: TOKEN, from: SENDER, baseUrl: fake.url })
      const message = (await send(ctx, admin, { to: MOBILE, body: 'Are you there?' })).json()
      fake.failNext('accept_then_drop')
      const dispatcher = testDispatcher(ctx)
      await dispatcher.runOnce()
      expect(await getMessage(ctx, admin, message.id)).toMatchObject({ status: 'queued' })
      ctx.clock.advance(60_000)
      await dispatcher.runOnce()
      expect(lookups().map((r) => [r.query.To, r.query.From])).toEqual([[MOBILE, SENDER]])
      expect(sends()).toHaveLength(1)
      expect(await getMessage(ctx, admin, message.id)).toMatchObject({
        status: 'sent',
        providerMessageId: fake.messages[0]?.sid,
      })
      expect(await balance(ctx, admin)).toBe(4)
    })

    it('honours the Retry-After of a 429 before trying again', async () => {
      const admin = await createOrgWithUser(ctx, { credits: 5 })
      await connect(admin, 'twilio', { accountSid: SID, authToken: TOKEN, from: SENDER, baseUrl: fake.url })
      const message = (await send(ctx, admin, { to: MOBILE, body: 'Busy' })).json()
      fake.failNext('rate_limit', { retryAfterSeconds: 30 })
      const dispatcher = testDispatcher(ctx)
      await dispatcher.runOnce()
      expect((await getMessage(ctx, admin, message.id)).status).toBe('queued')
      // the backoff alone would try again after 1.5 s; the provider asked for 30
      ctx.clock.advance(29_000)
      expect(await dispatcher.runOnce()).toBe(0)
      ctx.clock.advance(1_000)
      expect(await dispatcher.runOnce()).toBe(1)
      expect(await getMessage(ctx, admin, message.id)).toMatchObject({ status: 'sent', attempts: 2 })
      expect(fake.messages).toHaveLength(1)
    })
  })

  describe('Vonage, which cannot be asked whether it has a message', () => {
    it('leaves a text whose connection dropped as outcome unknown, keeps its credits, and never resends it', async () => {
      const fake = await startVonageFake()
      try {
        const admin = await createOrgWithUser(ctx, { credits: 5 })
        await connect(admin, 'vonage', { apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseUrl: fake.url })
        const message = (await send(ctx, admin, { to: MOBILE, body: 'Are you there?' })).json()
        fake.failNext('reset_before_accept')
        const dispatcher = testDispatcher(ctx)
        await dispatcher.runOnce()
        const row = await getMessage(ctx, admin, message.id)
        expect(row.status).toBe('unknown')
        expect(row.error).toMatch(/^Outcome unknown: .*lost its connection/)
        expect(await balance(ctx, admin)).toBe(4)
        ctx.clock.advance(3_600_000)
        expect(await dispatcher.runOnce()).toBe(0)
        expect(fake.requests).toHaveLength(1)
        const failed = await ctx.app.inject({
          method: 'GET',
          url: '/api/v1/messages?view=failed',
          headers: admin.headers,
        })
        expect(failed.json().items.map((m: { id: string }) => m.id)).toEqual([message.id])
      } finally {
        await fake.close()
      }
    })
  })

  describe('FireText, which can be asked for a message by our reference', () => {
    let fake: FireTextFake
    beforeEach(async () => {
      fake = await startFireTextFake()
    })
    afterEach(() => fake.close())

    const requestsTo = (path: string) => fake.requests.filter((r) => r.path === path)

    it('asks whether it has a text whose send got no answer before sending it again, and sends it once', async () => {
      const admin = await createOrgWithUser(ctx, { credits: 5 })
      await connect(admin, 'firetext', { apiKey: fake.apiKey, baseUrl: fake.url })
      const message = (await send(ctx, admin, { to: MOBILE, body: 'Still on for 3pm?' })).json()
      fake.failNext('hang')
      const dispatcher = testDispatcher(ctx)
      await dispatcher.runOnce()
      expect(await getMessage(ctx, admin, message.id)).toMatchObject({ status: 'queued' })
      ctx.clock.advance(60_000)
      await dispatcher.runOnce()
      const lookups = requestsTo('/api/deliveryreport/json')
      expect(lookups.map((r) => Object.fromEntries(new URLSearchParams(r.rawBody)).reference)).toEqual([
        message.id,
      ])
      expect(requestsTo('/api/sendsms')).toHaveLength(2)
      expect(fake.sent.map((m) => m.reference)).toEqual([message.id])
      expect(await getMessage(ctx, admin, message.id)).toMatchObject({ status: 'sent', attempts: 2 })
      expect(await balance(ctx, admin)).toBe(4)
    })

    it('after a crash between the provider call and its record, keeps what the provider took and sends the rest once', async () => {
      const admin = await createOrgWithUser(ctx, { credits: 5 })
      const connection = await connect(admin, 'firetext', { apiKey: fake.apiKey, baseUrl: fake.url })
      const taken = (await send(ctx, admin, { to: MOBILE, body: 'Taken before the crash' })).json()
      const notTaken = (await send(ctx, admin, { to: MOBILE, body: 'Claimed, never sent' })).json()
      // A dispatcher claims both, marks them started, hands the first to FireText and dies before
      // recording anything.
      const claimed = await claimAsADispatcher(ctx, connection.id, 10, { started: true })
      expect(claimed.map((r) => r.id).sort()).toEqual([taken.id, notTaken.id].sort())
      const provider = await ctx.deps.providers.forConnection(connection.id)
      const first = claimed.find((r) => r.id === taken.id)!
      await provider.send({
        reference: first.id,
        to: first.to_number,
        from: first.from_number,
        body: first.body,
      })
      expect(await getMessage(ctx, admin, taken.id)).toMatchObject({ status: 'sending' })

      // Once its heartbeat has run out and no call of its can still be under way, the next
      // dispatcher asks FireText about both.
      ctx.clock.advance(15_001)
      const dispatcher = testDispatcher(ctx)
      await dispatcher.runOnce()
      await dispatcher.runOnce()
      expect(await getMessage(ctx, admin, taken.id)).toMatchObject({
        status: 'sent',
        providerMessageId: taken.id,
      })
      expect(await getMessage(ctx, admin, notTaken.id)).toMatchObject({ status: 'sent' })
      expect(fake.sent.map((m) => m.reference).sort()).toEqual([taken.id, notTaken.id].sort())
      expect(requestsTo('/api/sendsms')).toHaveLength(2)
      expect(await balance(ctx, admin)).toBe(3)
    })
  })
})
