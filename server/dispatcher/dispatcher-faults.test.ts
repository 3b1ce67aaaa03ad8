import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { seededRandom } from '../core/seeded-random'
import { type ClosableHttpClient, createHttpClient } from '../provider/http'
import type { FailureKind } from '../provider/provider-fake'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { createOrgWithUser } from '../test/fixtures'
import { balance, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const SID = `AC${'e'.repeat(32)}`
const TOKEN = 'f'.repeat(32)
const SENDER = '+447700900123'
const RECIPIENTS = 300
const FAULT_RATE = 0.3
/** The faults, equally likely: refusals that prove nothing was taken, and lost connections that do not. */
const FAULTS: FailureKind[] = ['server_error', 'rate_limit', 'accept_then_drop', 'reset_before_accept']

/**
 * Exactly once through faults: 30% of Twilio's requests (sends and lookups alike) fail with a 500, a 429
 * with Retry-After, a connection dropped after Twilio stored the text, or one reset before it did.
 * Counted at the fake: nobody is texted twice, and no text Twilio holds is failed and refunded.
 */
describe.each(DIALECTS)('dispatching through provider faults on %s', (dialect) => {
  let ctx: TestContext
  let http: ClosableHttpClient
  let fake: TwilioFake
  beforeEach(async () => {
    http = createHttpClient({ timeoutMs: 5_000 })
    ctx = await createTestApp(dialect, {}, { http })
    fake = await startTwilioFake({ accountSid: SID, authToken: TOKEN, now: () => ctx.clock.now() })
  })
  afterEach(async () => {
    await ctx.close()
    await fake.close()
    await http.close()
  })

  it('texts every recipient at most once, and fails none that Twilio holds', async () => {
    const admin = await createOrgWithUser(ctx, { credits: RECIPIENTS + 10 })
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      {
        provider: 'twilio',
        name: 'Twilio',
        sender: SENDER,
        config: { accountSid: SID, authToken: TOKEN, from: SENDER, baseUrl: fake.url },
        isDefault: true,
        ratePerSecond: 100,
      },
    )
    const recipients = Array.from({ length: RECIPIENTS }, (_, i) => `+4479111${String(i).padStart(5, '0')}`)
    for (const to of recipients) {
      const res = await send(ctx, admin, { to, body: 'Your interview is at 3pm tomorrow' })
      expect(res.statusCode, res.body).toBe(201)
    }

    const random = seededRandom(20261205)
    fake.failAtRandom(() =>
      random() < FAULT_RATE
        ? { kind: FAULTS[Math.floor(random() * FAULTS.length)]!, options: { retryAfterSeconds: 2 } }
        : null,
    )
    const dispatcher = testDispatcher(ctx, {
      pace: { now: () => Date.now(), waitUntil: async () => {} },
      concurrency: 8,
    })
    const db = ctx.deps.database.db
    const pending = async () =>
      (await db.selectFrom('messages').select('id').where('status', 'in', ['queued', 'sending']).execute())
        .length
    // Each round sends what is due, then lets every backoff (at most ten minutes) run out.
    for (let round = 0; round < 30 && (await pending()) > 0; round++) {
      await dispatcher.runOnce()
      ctx.clock.advance(11 * 60_000)
    }
    fake.failAtRandom(null)
    expect(await pending()).toBe(0)

    const texts = new Map<string, number>()
    for (const m of fake.messages) texts.set(m.to, (texts.get(m.to) ?? 0) + 1)
    const rows = await db.selectFrom('messages').select(['to_number', 'status', 'error_message']).execute()
    const byStatus = (status: string) => rows.filter((r) => r.status === status)
    const doubled = recipients.filter((to) => (texts.get(to) ?? 0) > 1)
    const sentOnce = byStatus('sent').filter((r) => texts.get(r.to_number) === 1)
    const failedButHeld = byStatus('failed').filter((r) => (texts.get(r.to_number) ?? 0) > 0)
    const lookups = fake.requests.filter((r) => r.method === 'GET').length
    console.log(
      `[${dialect}] ${RECIPIENTS} recipients, ${fake.requests.length} requests to Twilio (${lookups} lookups, ` +
        `${Math.round(FAULT_RATE * 100)}% faults): sent once ${sentOnce.length}, unknown ${byStatus('unknown').length}, ` +
        `failed ${byStatus('failed').length}, doubled ${doubled.length}, failed though Twilio has it ${failedButHeld.length}`,
    )
    expect(doubled).toEqual([])
    expect(failedButHeld).toEqual([])
    for (const row of rows) expect(['sent', 'unknown', 'failed']).toContain(row.status)
    // Every `sent` is the one text Twilio has for that number.
    expect(byStatus('sent').every((r) => texts.get(r.to_number) === 1)).toBe(true)
    // Credits: only the failed ones (never taken by Twilio) came back.
    expect(await balance(ctx, admin)).toBe(10 + byStatus('failed').length)
  })
})
