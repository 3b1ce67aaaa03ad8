/**
 * Provider-side scheduling end to end: Parley listens on loopback, the Twilio fake (on the test's
 * clock) holds messages sent with SendAt through a Messaging Service and posts its signed status
 * callbacks to Parley's real webhook route.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { startFireTextFake } from '../provider/firetext/firetext.fake'
import { SERVICE_SID } from '../provider/twilio/fixtures/twilio.fixtures'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { freePort } from '../test/free-port'
import { balance, eventually, MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const SID = `AC${'b'.repeat(32)}`
const TOKEN = 'twilio-test-auth-token-1234'
const SENDER = '+447700900123'
const HOUR = 3_600_000
const DAY = 24 * HOUR

interface MessageView {
  id: string
  status: string
  heldByProvider: boolean
  providerMessageId: string | null
  sendAt: string | null
  error: string | null
  errorCode: string | null
}

describe.each(DIALECTS)('provider-side scheduling on %s', (dialect) => {
  let ctx: TestContext
  let fake: TwilioFake
  let admin: TestActor
  /** The fake's clock runs this far ahead of Parley's (to provoke its window errors). */
  let fakeSkewMs = 0

  /** Adds a default connection: Twilio on the fake with these extra settings, or another provider. */
  async function connect(config: Record<string, string>, provider = 'twilio') {
    const settings =
      provider === 'twilio'
        ? { accountSid: SID, authToken: TOKEN, from: SENDER, baseUrl: fake.url, ...config }
        : config
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider, name: provider, sender: SENDER, config: settings, isDefault: true },
    )
  }

  beforeEach(async () => {
    const port = await freePort()
    ctx = await createTestApp(dialect, { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` })
    await ctx.app.listen({ host: '127.0.0.1', port })
    fakeSkewMs = 0
    fake = await startTwilioFake({
      accountSid: SID,
      authToken: TOKEN,
      now: () => new Date(ctx.clock.now().getTime() + fakeSkewMs),
    })
    admin = await createOrgWithUser(ctx, { credits: 10 })
    await connect({ messagingServiceSid: SERVICE_SID })
  })
  afterEach(async () => {
    await fake.close()
    await ctx.close()
  })

  const at = (ms: number) => new Date(ctx.clock.now().getTime() + ms).toISOString()
  const get = async (id: string): Promise<MessageView> =>
    (await ctx.app.inject({ method: 'GET', url: `/api/v1/messages/${id}`, headers: admin.headers })).json()
  const schedule = async (sendAt: string): Promise<MessageView> => {
    const res = await send(ctx, admin, { to: MOBILE, body: 'Interview reminder', sendAt })
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }
  const cancel = (id: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/messages/${id}/cancel`, headers: admin.headers })
  const creates = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'))
  const refundsOf = async (id: string) => {
    const ledger = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger',
      headers: admin.headers,
    })
    return (ledger.json().items as { reason: string; messageId: string | null }[]).filter(
      (e) => e.reason === 'refund' && e.messageId === id,
    ).length
  }

  it('hands a message scheduled inside the window to Twilio, which holds it until its time', async () => {
    const sendAt = at(2 * HOUR)
    const message = await schedule(sendAt)
    const dispatcher = testDispatcher(ctx)
    expect(await dispatcher.runOnce()).toBe(1)
    const held = await get(message.id)
    expect(held).toMatchObject({ status: 'scheduled', heldByProvider: true, sendAt })
    expect(fake.heldMessages()).toEqual([{ providerMessageId: held.providerMessageId, sendAt }])
    const form = new URLSearchParams(creates()[0]?.rawBody)
    expect(form.get('ScheduleType')).toBe('fixed')
    expect(form.get('SendAt')).toBe(sendAt.replace('.000Z', 'Z'))
    expect(form.get('MessagingServiceSid')).toBe(SERVICE_SID)
    expect(await balance(ctx, admin)).toBe(9)

    // Nothing is sent again: not by later runs, nor when the time comes.
    ctx.clock.advance(60_000)
    expect(await dispatcher.runOnce()).toBe(0)
    ctx.clock.set(new Date(sendAt))
    expect(await dispatcher.runOnce()).toBe(0)
    expect(creates()).toHaveLength(1)

    // Twilio sends it at its time and says so: the callback moves it on.
    const deliveries = await fake.releaseDue(new Date(sendAt))
    expect(deliveries.map((d) => d.status)).toEqual([200])
    await eventually(async () =>
      expect(await get(message.id)).toMatchObject({ status: 'sent', heldByProvider: false }),
    )
  })

  it('cancels a held message at Twilio and refunds it once, though Twilio reports the cancel too', async () => {
    const message = await schedule(at(2 * HOUR))
    await testDispatcher(ctx).runOnce()
    const res = await cancel(message.id)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'cancelled', heldByProvider: false })
    expect(fake.messages[0]?.status).toBe('canceled')
    expect(fake.heldMessages()).toEqual([])
    // Twilio's own "canceled" callback arrives around our answer; either way one refund.
    await new Promise((r) => setTimeout(r, 100))
    expect(await refundsOf(message.id)).toBe(1)
    expect(await balance(ctx, admin)).toBe(10)
    expect((await cancel(message.id)).json()).toMatchObject({ code: 'MESSAGE_NOT_CANCELLABLE' })
  })

  it('records a cancel made at Twilio itself (its callback) and refunds the message', async () => {
    const message = await schedule(at(2 * HOUR))
    await testDispatcher(ctx).runOnce()
    const held = await get(message.id)
    const callback = fake.messages[0]?.statusCallback
    expect(callback).toMatch(/\/webhooks\/twilio\/[^/]+\/status$/)
    const delivery = await fake.sendTwilioStatus(callback!, held.providerMessageId!, 'canceled')
    expect(delivery.status).toBe(200)
    expect(await get(message.id)).toMatchObject({ status: 'cancelled' })
    expect(await balance(ctx, admin)).toBe(10)
  })

  it('refuses to cancel what Twilio has already sent, and changes nothing when Twilio is unreachable', async () => {
    const message = await schedule(at(2 * HOUR))
    await testDispatcher(ctx).runOnce()
    fake.failNext('server_error')
    const unreachable = await cancel(message.id)
    expect(unreachable.statusCode, unreachable.body).toBe(502)
    expect(unreachable.json()).toMatchObject({ code: 'PROVIDER_UNREACHABLE' })
    expect(await get(message.id)).toMatchObject({ status: 'scheduled', heldByProvider: true })

    fake.messages[0]!.status = 'sent' // Twilio sent it; its callback has not arrived yet
    const refused = await cancel(message.id)
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'MESSAGE_CANCEL_REFUSED' })
    expect(refused.json().message).toContain('already sent')
    expect(await get(message.id)).toMatchObject({ status: 'scheduled', heldByProvider: true })
    expect(await balance(ctx, admin)).toBe(9)
  })

  it("keeps times outside Twilio's window on Parley's scheduler, handing over once inside", async () => {
    const soon = await schedule(at(3 * 60_000)) // under 5 minutes (plus margin): Parley sends it
    const far = await schedule(at(40 * DAY)) // beyond 35 days: handed over once within them
    const dispatcher = testDispatcher(ctx)
    expect(await dispatcher.runOnce()).toBe(0)
    expect(creates()).toHaveLength(0)

    ctx.clock.advance(3 * 60_000)
    expect(await dispatcher.runOnce()).toBe(1)
    expect(await get(soon.id)).toMatchObject({ status: 'sent', heldByProvider: false })
    expect(new URLSearchParams(creates()[0]?.rawBody).get('SendAt')).toBeNull()

    ctx.clock.advance(5 * DAY)
    expect(await dispatcher.runOnce()).toBe(1)
    expect(await get(far.id)).toMatchObject({ status: 'scheduled', heldByProvider: true })
    expect(fake.heldMessages().map((h) => h.sendAt)).toEqual([far.sendAt])
  })

  it('sends it itself at its time when Twilio will not hold it (35115), and never hands it over twice', async () => {
    const message = await schedule(at(30 * 60_000))
    fakeSkewMs = 28 * 60_000 // Twilio's clock says the time is two minutes away
    const dispatcher = testDispatcher(ctx)
    await dispatcher.runOnce()
    const kept = await get(message.id)
    expect(kept).toMatchObject({ status: 'scheduled', heldByProvider: false, errorCode: '35115' })
    expect(kept.error).toContain('Parley will send it at its time')
    fakeSkewMs = 0
    ctx.clock.advance(60_000)
    expect(await dispatcher.runOnce()).toBe(0)
    ctx.clock.advance(29 * 60_000)
    expect(await dispatcher.runOnce()).toBe(1)
    expect(await get(message.id)).toMatchObject({ status: 'sent', error: null })
    expect(creates()).toHaveLength(2)
    expect(fake.messages).toHaveLength(1)
  })

  it('fails at once, refunded, a recipient Twilio refuses when asked to hold the text', async () => {
    const message = await schedule(at(2 * HOUR))
    fake.failNext('invalid_number')
    await testDispatcher(ctx).runOnce()
    expect(await get(message.id)).toMatchObject({ status: 'failed', errorCode: '21211' })
    expect(await balance(ctx, admin)).toBe(10)
  })

  it('keeps handing over for other connections when one connection fails to load', async () => {
    const message = await schedule(at(2 * HOUR))
    await connect({ messagingServiceSid: SERVICE_SID }) // a second one, now the default, then broken
    await ctx.deps.database.db
      .updateTable('connections')
      .set({ config_encrypted: 'not a sealed box', updated_at: at(1) })
      .where('org_id', '=', admin.orgId)
      .where('is_default', '=', 1)
      .execute()
    const errors: unknown[] = []
    expect(await testDispatcher(ctx, { onError: (e) => errors.push(e) }).runOnce()).toBe(1)
    expect(await get(message.id)).toMatchObject({ status: 'scheduled', heldByProvider: true })
    expect(errors).toHaveLength(1)
  })

  it("keeps Parley's scheduler for a Twilio connection without a Messaging Service", async () => {
    await connect({}) // the new default: a plain Twilio number
    const message = await schedule(at(2 * HOUR))
    const dispatcher = testDispatcher(ctx)
    expect(await dispatcher.runOnce()).toBe(0)
    ctx.clock.advance(2 * HOUR)
    expect(await dispatcher.runOnce()).toBe(1)
    expect(await get(message.id)).toMatchObject({ status: 'sent', heldByProvider: false })
    expect(new URLSearchParams(creates()[0]?.rawBody).get('ScheduleType')).toBeNull()
  })

  it('hands a text to FireText with its UK time and unschedules it on cancel', async () => {
    const firetext = await startFireTextFake({ now: () => ctx.clock.now() })
    try {
      await connect({ apiKey: firetext.apiKey, baseUrl: firetext.url }, 'firetext')
      // 1 July: British Summer Time, so 09:30 UTC is 10:30 on FireText's clock.
      ctx.clock.set(new Date('2026-07-01T08:00:00.000Z'))
      const message = await schedule('2026-07-01T09:30:00.000Z')
      await testDispatcher(ctx).runOnce()
      expect(await get(message.id)).toMatchObject({ status: 'scheduled', heldByProvider: true })
      const sendRequest = firetext.requests.find((r) => r.path === '/api/sendsms')
      expect(new URLSearchParams(sendRequest?.rawBody).get('schedule')).toBe('2026-07-01 10:30')
      expect(firetext.heldMessages()).toEqual([
        { providerMessageId: message.id, sendAt: '2026-07-01T09:30:00.000Z' },
      ])
      const res = await cancel(message.id)
      expect(res.statusCode, res.body).toBe(200)
      expect(firetext.heldMessages()).toEqual([])
      expect(await balance(ctx, admin)).toBe(10)
    } finally {
      await firetext.close()
    }
  })
})
