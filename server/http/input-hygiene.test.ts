import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../app'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, webhookTokenOf } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { httpReason } from './error-handler'

const NUL = 'a\u0000b'
const LONE = 'a\ud800b'

describe.each(DIALECTS)('input hygiene on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  async function counts() {
    const db = ctx.deps.database.db
    const count = async (table: 'messages' | 'people' | 'groups' | 'templates' | 'inbound_receipts') =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    return {
      messages: await count('messages'),
      people: await count('people'),
      groups: await count('groups'),
      templates: await count('templates'),
      receipts: await count('inbound_receipts'),
    }
  }

  type Case = [
    string,
    { method: 'GET' | 'POST'; url: string; payload?: object | string; type?: string },
    string,
  ]
  const cases = (bad: string): Case[] => [
    [
      'message body',
      { method: 'POST', url: '/api/v1/messages', payload: { to: MOBILE, body: bad } },
      'body/body',
    ],
    [
      'person name',
      { method: 'POST', url: '/api/v1/people', payload: { firstName: bad, lastName: 'X', mobile: MOBILE } },
      'body/firstName',
    ],
    ['group name', { method: 'POST', url: '/api/v1/groups', payload: { name: bad } }, 'body/name'],
    [
      'template',
      { method: 'POST', url: '/api/v1/templates', payload: { name: 'T', body: bad } },
      'body/body',
    ],
    [
      'simulator inbound',
      { method: 'POST', url: '/api/v1/simulator/inbound', payload: { from: MOBILE, body: bad } },
      'body/body',
    ],
  ]

  it.each([
    ['a NUL', NUL, 'a NUL character (U+0000)'],
    ['a lone surrogate', LONE, 'a lone UTF-16 surrogate'],
  ])('refuses %s in JSON bodies with 400 naming the field, storing nothing', async (_name, bad, problem) => {
    const before = await counts()
    for (const [name, request, where] of cases(bad)) {
      const res = await ctx.app.inject({ ...request, headers: admin.headers })
      expect(res.statusCode, `${name}: ${res.body}`).toBe(400)
      expect(res.json().code, name).toBe('REQUEST_INVALID')
      expect(res.json().message, name).toBe(
        `${where} contains ${problem}${problem.endsWith(')') ? '' : ' (not a character)'}`,
      )
    }
    expect(await counts()).toEqual(before)
  })

  it('refuses a NUL in a query string, a path id and a CSV upload, naming where', async () => {
    const before = await counts()
    const query = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/people?q=a%00b',
      headers: admin.headers,
    })
    expect(query.statusCode, query.body).toBe(400)
    expect(query.json().message).toBe('querystring/q contains a NUL character (U+0000)')
    const path = await ctx.app.inject({ method: 'GET', url: '/api/v1/people/a%00b', headers: admin.headers })
    expect(path.statusCode, path.body).toBe(400)
    expect(path.json().message).toBe('params/id contains a NUL character (U+0000)')
    const csv = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people/import',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
      payload: `first_name,last_name,mobile\nAnn,Smith,${MOBILE}\nBo\u0000b,Jones,+447911123457\n`,
    })
    expect(csv.statusCode, csv.body).toBe(400)
    expect(csv.json()).toMatchObject({
      code: 'REQUEST_INVALID',
      message: 'body (CSV line 3) contains a NUL character (U+0000)',
    })
    expect(await counts()).toEqual(before)
  })

  it('stores a provider text holding a NUL cleaned and flagged, and a NUL token is not found', async () => {
    const token = await webhookTokenOf(ctx, admin)
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${token}/inbound`,
      payload: {
        id: 'SIM-nul-1',
        from: MOBILE,
        to: '+447700900001',
        body: 'Yes\u0000 please',
        receivedAt: '2026-01-05T09:00:00Z',
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    await ctx.deps.inbound.settled()
    const row = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['id', 'body', 'body_cleaned'])
      .where('provider_message_id', '=', 'SIM-nul-1')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ body: 'Yes please', body_cleaned: 1 })
    const shown = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/messages/${row.id}`,
      headers: admin.headers,
    })
    expect(shown.json()).toMatchObject({ body: 'Yes please', bodyCleaned: true })

    const noToken = await ctx.app.inject({
      method: 'POST',
      url: '/webhooks/simulator/abc%00def/inbound',
      payload: {},
    })
    expect(noToken.statusCode, noToken.body).toBe(404)
    expect(noToken.json().code).toBe('WEBHOOK_NOT_FOUND')
  })

  it('refuses impossible dates everywhere with the field named', async () => {
    const sendAt = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: admin.headers,
      payload: { to: MOBILE, body: 'Hi', sendAt: '2026-02-30T09:00:00Z' },
    })
    expect(sendAt.statusCode, sendAt.body).toBe(400)
    expect(sendAt.json().message).toBe(
      'body/sendAt "2026-02-30T09:00:00Z" is not a real date: February 2026 has 28 days',
    )
    const hour24 = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: admin.headers,
      payload: { to: MOBILE, body: 'Hi', sendAt: '2026-03-01T24:00:00Z' },
    })
    expect(hour24.json().message).toMatch(/^body\/sendAt "2026-03-01T24:00:00Z" is not a real time/)
    const filter = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/people?createdFrom=2026-02-30T00:00:00Z',
      headers: admin.headers,
    })
    expect(filter.statusCode, filter.body).toBe(400)
    expect(filter.json().message).toBe(
      'createdFrom "2026-02-30T00:00:00Z" is not a real date: February 2026 has 28 days',
    )
    const connection = await ctx.deps.database.db
      .selectFrom('connections')
      .select('id')
      .where('org_id', '=', admin.orgId)
      .executeTakeFirstOrThrow()
    const pollSince = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/connections/${connection.id}`,
      headers: admin.headers,
      payload: { pollSince: '2026-02-30' },
    })
    expect(pollSince.statusCode, pollSince.body).toBe(422)
    expect(pollSince.json()).toMatchObject({
      code: 'CONNECTION_POLL_SINCE_INVALID',
      message: 'pollSince is not a real date: February 2026 has 28 days; got "2026-02-30"',
    })
  })

  it('answers framework errors with Parley codes, specific messages and reason phrases', async () => {
    const long = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/people/${'a'.repeat(5000)}`,
      headers: admin.headers,
    })
    expect(long.statusCode).toBe(414)
    expect(long.json()).toMatchObject({ code: 'REQUEST_URI_TOO_LONG', error: 'URI Too Long' })
    expect(long.body).not.toContain('aaaaaaaaaa')
    const proto = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"name":"x","__proto__":{"admin":true}}',
    })
    expect(proto.statusCode).toBe(400)
    expect(proto.json().message).toBe('body contains a __proto__ key, which is not allowed')
    const plain = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { ...admin.headers, 'content-type': 'text/plain' },
      payload: 'x',
    })
    expect(plain.statusCode).toBe(415)
    expect(plain.json().message).toBe('Content-Type text/plain is not accepted here; send application/json')
    const broke = await createOrgWithUser(ctx, { credits: 0 })
    const payment = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: broke.headers,
      payload: { to: MOBILE, body: 'Hi' },
    })
    expect(payment.statusCode, payment.body).toBe(402)
    expect(payment.json().error).toBe('Payment Required')
    expect(httpReason(502)).toBe('Bad Gateway')
  })

  it('refuses a simulator number that is not one of the organization, naming the numbers', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: MOBILE, body: 'Hi', to: '12345' },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json().code).toBe('SIMULATOR_NUMBER_UNKNOWN')
    expect(res.json().message).toMatch(
      /^to "12345" is not a phone simulator number of this organization; its simulator number is \+\d+$/,
    )
    expect((await counts()).receipts + (await counts()).messages).toBe(0)
  })

  it('keeps webhook tokens out of the request log', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logged = await buildApp(ctx.deps, { logger: { level: 'info', stream } })
    try {
      const token = await webhookTokenOf(ctx, admin)
      const res = await logged.inject({
        method: 'POST',
        url: `/webhooks/simulator/${token}/status`,
        payload: {},
      })
      expect(res.statusCode, res.body).toBeLessThan(500)
      const log = lines.join('')
      expect(log).toContain('/webhooks/simulator/[redacted]/status')
      expect(log).not.toContain(token)
    } finally {
      await logged.close()
    }
  })
})
