import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../app'
import { startFireTextFake } from '../provider/firetext/firetext.fake'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, send } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`
const AUTH_TOKEN = 'secret-token-9f8e7d6c5b4a'
const OUR_NUMBER = '+447700900123'

describe.each(DIALECTS)('connections API on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  let twilio: TwilioFake
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
    twilio = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, balance: '42.50000' })
  })
  afterEach(async () => {
    await twilio.close()
    await ctx.close()
  })

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    actor: TestActor,
    payload?: Record<string, unknown>,
  ) => ctx.app.inject({ method, url, headers: actor.headers, ...(payload === undefined ? {} : { payload }) })

  const twilioBody = (extra: Record<string, unknown> = {}) => ({
    provider: 'twilio',
    name: 'Twilio UK',
    sender: OUR_NUMBER,
    config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: twilio.url },
    ...extra,
  })

  async function createTwilio(extra: Record<string, unknown> = {}) {
    const res = await api('POST', '/api/v1/connections', admin, twilioBody(extra))
    expect(res.statusCode, res.body).toBe(201)
    return res
  }

  it('describes the providers with their settings and which are secret', async () => {
    const res = await api('GET', '/api/v1/providers', admin)
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<{ id: string; fields: Array<{ name: string; secret: boolean }> }>
    expect(items.map((p) => p.id)).toEqual(['simulator', 'twilio', 'firetext', 'bulksms', 'vonage'])
    const fields = items.find((p) => p.id === 'twilio')?.fields ?? []
    expect(fields.find((f) => f.name === 'authToken')).toMatchObject({ secret: true, required: true })
    expect(fields.find((f) => f.name === 'accountSid')).toMatchObject({ secret: false, required: true })
    expect(res.json().items[1]).toMatchObject({
      senderKinds: ['e164'],
      capabilities: { inboundPolling: true },
    })
  })

  it('never answers with a secret: create, list, get, patch and test only show its last 4 characters', async () => {
    const created = await createTwilio()
    const id = created.json().id as string
    const token = (
      await ctx.deps.database.db
        .selectFrom('connections')
        .select('webhook_token')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).webhook_token
    expect(created.json()).toMatchObject({
      provider: 'twilio',
      providerName: 'Twilio',
      sender: OUR_NUMBER,
      isDefault: false,
      inboundMode: 'webhook',
      configHint: { accountSid: ACCOUNT_SID, authToken: '****5b4a', from: OUR_NUMBER },
      capabilities: { balance: true, inboundPolling: true, providerScheduling: false },
      webhookUrls: {
        inbound: `http://parley.test/webhooks/twilio/${token}/inbound`,
        status: `http://parley.test/webhooks/twilio/${token}/status`,
      },
    })
    const bodies = [
      created.body,
      (await api('GET', '/api/v1/connections', admin)).body,
      (await api('GET', `/api/v1/connections/${id}`, admin)).body,
      (await api('PATCH', `/api/v1/connections/${id}`, admin, { name: 'Twilio main' })).body,
      (await api('POST', `/api/v1/connections/${id}/test`, admin)).body,
    ]
    for (const body of bodies) expect(body).not.toContain(AUTH_TOKEN)
    expect(bodies[1]).toContain('****5b4a')
  })

  it('offers provider-side scheduling on a Twilio connection only with a Messaging Service', async () => {
    const withService = await createTwilio({
      name: 'Twilio service',
      config: { ...twilioBody().config, messagingServiceSid: `MG${'0'.repeat(32)}` },
    })
    expect(withService.json().capabilities).toMatchObject({ providerScheduling: true })
    const providers = (await api('GET', '/api/v1/providers', admin)).json().items
    expect(providers.find((p: { id: string }) => p.id === 'twilio').capabilities.providerScheduling).toBe(
      true,
    )
  })

  it('writes no secret to the log', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp(ctx.deps, { logger: { level: 'trace', stream } })
    try {
      const headers = admin.headers
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/connections',
        headers,
        payload: twilioBody(),
      })
      const id = created.json().id as string
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/connections/${id}`,
        headers,
        payload: { config: { authToken: `${AUTH_TOKEN}x` } },
      })
      await app.inject({ method: 'POST', url: `/api/v1/connections/${id}/test`, headers })
      await app.inject({
        method: 'POST',
        url: '/api/v1/connections',
        headers,
        payload: twilioBody({ sender: 'bad sender' }),
      })
    } finally {
      await app.close()
    }
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.join('\n')).not.toContain(AUTH_TOKEN)
  })

  it('refuses bad settings with a message naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ provider: 'nexmo2' }, 'CONNECTION_PROVIDER_UNKNOWN', /"nexmo2".*twilio/],
      [
        { config: { accountSid: ACCOUNT_SID } },
        'CONNECTION_CONFIG_INVALID',
        /config\.authToken \(Auth token\) is required/,
      ],
      [
        { config: { accountSid: 'AC12', authToken: AUTH_TOKEN } },
        'CONNECTION_CONFIG_INVALID',
        /config\.accountSid \(Account SID\).*Starts with AC/,
      ],
      [
        { config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiKey: 'x' } },
        'CONNECTION_CONFIG_INVALID',
        /config\.apiKey is not a Twilio setting/,
      ],
      [
        { config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'ftp://x' } },
        'CONNECTION_CONFIG_INVALID',
        /config\.baseUrl/,
      ],
      [{ sender: '+44 7700 900123' }, 'CONNECTION_SENDER_INVALID', /without spaces.*"\+447700900123"/],
      [{ sender: 'Parley' }, 'CONNECTION_SENDER_INVALID', /Twilio needs a number/],
      [
        { provider: 'vonage', config: { apiKey: 'k', apiSecret: 's' }, inboundMode: 'poll' },
        'CONNECTION_INBOUND_MODE_INVALID',
        /Vonage/,
      ],
      [{ pollSince: 'last tuesday' }, 'CONNECTION_POLL_SINCE_INVALID', /pollSince must be a date/],
    ]
    for (const [change, code, message] of cases) {
      const res = await api('POST', '/api/v1/connections', admin, twilioBody(change))
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json().code).toBe(code)
      expect(res.json().message).toMatch(message)
      expect(res.body).not.toContain(AUTH_TOKEN)
    }
  })

  it('checks sender ids where the provider allows them', async () => {
    const base = { provider: 'firetext', name: 'FireText', config: { apiKey: 'firetext-key-1' } }
    const ok = await api('POST', '/api/v1/connections', admin, { ...base, sender: 'Acme2026' })
    expect(ok.statusCode, ok.body).toBe(201)
    for (const sender of ['AcmeRecruiting', '12345678', 'Acme Jobs', '07700900123']) {
      const res = await api('POST', '/api/v1/connections', admin, { ...base, sender })
      expect(res.json().code, sender).toBe('CONNECTION_SENDER_INVALID')
    }
  })

  it('keeps exactly one default connection', async () => {
    const defaults = async () =>
      (
        (await api('GET', '/api/v1/connections', admin)).json().items as Array<{
          id: string
          isDefault: boolean
        }>
      )
        .filter((c) => c.isDefault)
        .map((c) => c.id)
    const simulatorId = (await defaults())[0]
    const created = await createTwilio({ isDefault: true })
    expect(await defaults()).toEqual([created.json().id])
    const unset = await api('PATCH', `/api/v1/connections/${created.json().id}`, admin, { isDefault: false })
    expect(unset.json().code).toBe('CONNECTION_DEFAULT_REQUIRED')
    const disable = await api('DELETE', `/api/v1/connections/${created.json().id}`, admin)
    expect(disable.statusCode).toBe(409)
    await api('PATCH', `/api/v1/connections/${simulatorId}`, admin, { isDefault: true })
    expect(await defaults()).toEqual([simulatorId])
  })

  it('keeps omitted secrets on PATCH and uses changed ones at once', async () => {
    const id = (await createTwilio()).json().id as string
    const test = async () => (await api('POST', `/api/v1/connections/${id}/test`, admin)).json()
    expect(await test()).toMatchObject({ ok: true, balance: 42.5, currency: 'USD' })
    await api('PATCH', `/api/v1/connections/${id}`, admin, {
      name: 'Renamed',
      config: { from: '+447700900999' },
    })
    expect(await test()).toMatchObject({ ok: true })
    const wrong = await api('PATCH', `/api/v1/connections/${id}`, admin, {
      config: { authToken: 'wrong-token-0000000' },
    })
    expect(wrong.json().configHint).toMatchObject({ authToken: '****0000', from: '+447700900999' })
    const failed = await test()
    expect(failed.ok).toBe(false)
    expect(failed.message).toMatch(/Twilio/)
    await api('PATCH', `/api/v1/connections/${id}`, admin, { config: { authToken: AUTH_TOKEN } })
    expect(await test()).toMatchObject({ ok: true, balance: 42.5 })
  })

  it('tests FireText and the simulator, and reports an unreachable provider as ok:false', async () => {
    const fake = await startFireTextFake({ credits: 321 })
    try {
      const created = await api('POST', '/api/v1/connections', admin, {
        provider: 'firetext',
        name: 'FireText',
        sender: OUR_NUMBER,
        config: { apiKey: fake.apiKey, baseUrl: fake.url },
      })
      const res = await api('POST', `/api/v1/connections/${created.json().id}/test`, admin)
      expect(res.json()).toMatchObject({ ok: true, balance: 321 })
    } finally {
      await fake.close()
    }
    const simulator = (await api('GET', '/api/v1/connections', admin)).json().items[0]
    expect((await api('POST', `/api/v1/connections/${simulator.id}/test`, admin)).json()).toMatchObject({
      ok: true,
    })
    const gone = await createTwilio({
      config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'http://127.0.0.1:9' },
    })
    const res = await api('POST', `/api/v1/connections/${gone.json().id}/test`, admin)
    expect(res.statusCode).toBe(200)
    expect(res.json().ok).toBe(false)
  })

  it('lets anyone list names for the sender picker, but only managers see settings or change them', async () => {
    await createTwilio()
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const list = await api('GET', '/api/v1/connections', recruiter)
    expect(list.statusCode).toBe(200)
    const items = list.json().items as Array<Record<string, unknown>>
    expect(items.map((c) => c.name)).toEqual(['Phone simulator', 'Twilio UK'])
    for (const item of items) {
      expect(item).not.toHaveProperty('webhookUrls')
      expect(item).not.toHaveProperty('configHint')
    }
    const create = await api('POST', '/api/v1/connections', recruiter, twilioBody())
    expect(create.json().code).toBe('PERMISSION_DENIED')
    const test = await api('POST', `/api/v1/connections/${items[1]?.id}/test`, recruiter)
    expect(test.statusCode).toBe(403)
  })

  it('disables a connection with queued messages and says how many still go out through it', async () => {
    const second = await api('POST', '/api/v1/connections', admin, {
      provider: 'simulator',
      name: 'Second simulator',
      sender: 'Parley',
    })
    const id = second.json().id as string
    const sent = await send(ctx, admin, { to: MOBILE, body: 'Still going', connectionId: id })
    expect(sent.statusCode, sent.body).toBe(201)
    const res = await api('DELETE', `/api/v1/connections/${id}`, admin)
    expect(res.json()).toEqual({ id, disabledAt: ctx.clock.now().toISOString(), pendingMessages: 1 })
    expect((await api('GET', '/api/v1/connections', admin)).json().items).toHaveLength(1)
    const all = await api('GET', '/api/v1/connections?includeDisabled=true', admin)
    expect(all.json().items).toHaveLength(2)
    const refused = await send(ctx, admin, { to: MOBILE, body: 'New one', connectionId: id })
    expect(refused.json().code).toBe('CONNECTION_DISABLED')
    expect((await api('PATCH', `/api/v1/connections/${id}`, admin, { name: 'x' })).statusCode).toBe(409)
  })

  it('normalises the synchronisation date and restarts polling from a new one', async () => {
    const created = await createTwilio({ inboundMode: 'poll', pollSince: '2026-01-01' })
    expect(created.json()).toMatchObject({ inboundMode: 'poll', pollSince: '2026-01-01T00:00:00.000Z' })
    const id = created.json().id as string
    await ctx.deps.database.db
      .updateTable('connections')
      .set({ poll_cursor: 'old' })
      .where('id', '=', id)
      .execute()
    const patched = await api('PATCH', `/api/v1/connections/${id}`, admin, {
      pollSince: '2026-01-03T10:00:00+01:00',
    })
    expect(patched.json().pollSince).toBe('2026-01-03T09:00:00.000Z')
    const row = await ctx.deps.database.db
      .selectFrom('connections')
      .select('poll_cursor')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.poll_cursor).toBeNull()
  })

  it('answers 404 for a connection of another organization', async () => {
    const id = (await createTwilio()).json().id as string
    const other = await createOrgWithUser(ctx)
    expect((await api('GET', `/api/v1/connections/${id}`, other)).json().code).toBe('CONNECTION_NOT_FOUND')
    expect((await api('PATCH', `/api/v1/connections/${id}`, other, { name: 'x' })).statusCode).toBe(404)
    expect((await api('POST', `/api/v1/connections/${id}/test`, other)).statusCode).toBe(404)
  })
})

describe('connection base URL override', () => {
  it('is refused unless the operator allows it, so settings cannot aim credentials at another server', async () => {
    const ctx = await createTestApp('sqlite', { PARLEY_ALLOW_PROVIDER_BASE_URL: 'false' })
    try {
      const admin = await createOrgWithUser(ctx)
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/connections',
        headers: admin.headers,
        payload: {
          provider: 'twilio',
          name: 'Twilio UK',
          sender: OUR_NUMBER,
          config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: 'http://169.254.169.254/' },
        },
      })
      expect(res.statusCode).toBe(422)
      expect(res.json().code).toBe('CONNECTION_CONFIG_INVALID')
      expect(res.json().message).toContain('PARLEY_ALLOW_PROVIDER_BASE_URL=true')
    } finally {
      await ctx.close()
    }
  })
})
