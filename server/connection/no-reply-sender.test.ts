import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FireTextFake, startFireTextFake } from '../provider/firetext/firetext.fake'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const REPLY_NUMBER = '+447700900123'

/**
 * "Repliable" on a text (seed 000): on, it goes from the connection's reply number; off, from the
 * connection's sender id (a name recipients cannot answer), when the connection has one.
 */
describe.each(DIALECTS)('texts that take no replies, on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  let fake: FireTextFake
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx, { credits: 10 })
    fake = await startFireTextFake()
  })
  afterEach(async () => {
    await fake.close()
    await ctx.close()
  })

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url, headers: admin.headers, ...(payload === undefined ? {} : { payload }) })

  async function fireText(extra: Record<string, unknown> = {}) {
    const res = await api('POST', '/api/v1/connections', {
      provider: 'firetext',
      name: 'FireText',
      sender: REPLY_NUMBER,
      config: { apiKey: fake.apiKey, baseUrl: fake.url },
      isDefault: true,
      ...extra,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: string; noReplySender: string | null }
  }

  it('sends a text with repliable off from the sender id, and one with repliable on from the number', async () => {
    const connection = await fireText({ noReplySender: 'AcmeJobs' })
    expect(connection.noReplySender).toBe('AcmeJobs')
    const quiet = (
      await send(ctx, admin, { to: MOBILE, body: 'Office closed Friday', repliable: false })
    ).json()
    const open = (await send(ctx, admin, { to: MOBILE, body: 'Free for a call?' })).json()
    expect(quiet.repliable).toBe(false)
    expect(open.repliable).toBe(true)
    await testDispatcher(ctx).runOnce()
    const fromOf = (reference: string) => fake.sent.find((m) => m.reference === reference)?.from
    expect(fromOf(quiet.id)).toBe('AcmeJobs')
    expect(fromOf(open.id)).toBe('447700900123')
  })

  it('sends from the number when the connection has no sender id, and drops the sender id when set to null', async () => {
    const connection = await fireText({ noReplySender: 'AcmeJobs' })
    const cleared = await api('PATCH', `/api/v1/connections/${connection.id}`, { noReplySender: null })
    expect(cleared.statusCode, cleared.body).toBe(200)
    expect(cleared.json().noReplySender).toBeNull()
    const quiet = (await send(ctx, admin, { to: MOBILE, body: 'No replies please', repliable: false })).json()
    await testDispatcher(ctx).runOnce()
    expect(fake.sent.find((m) => m.reference === quiet.id)?.from).toBe('447700900123')
  })

  it('refuses a sender id the provider cannot send from, saying why', async () => {
    const spaced = await api('POST', '/api/v1/connections', {
      provider: 'firetext',
      name: 'FireText',
      sender: REPLY_NUMBER,
      config: { apiKey: fake.apiKey, baseUrl: fake.url },
      noReplySender: 'Acme Jobs',
    })
    expect(spaced.statusCode).toBe(422)
    expect(spaced.json()).toMatchObject({ code: 'CONNECTION_SENDER_INVALID' })
    expect(spaced.json().message).toMatch(/noReplySender must be a sender id/)
    const twilio = await api('POST', '/api/v1/connections', {
      provider: 'twilio',
      name: 'Twilio',
      sender: REPLY_NUMBER,
      config: { accountSid: `AC${'0'.repeat(32)}`, authToken: 'x'.repeat(32) },
      noReplySender: 'AcmeJobs',
    })
    expect(twilio.json()).toMatchObject({ code: 'CONNECTION_SENDER_INVALID' })
    expect(twilio.json().message).toMatch(/not available for Twilio/)
    const connections = await api('GET', '/api/v1/connections')
    expect(connections.json().items.map((c: { provider: string }) => c.provider)).toEqual(['simulator'])
  })
})
