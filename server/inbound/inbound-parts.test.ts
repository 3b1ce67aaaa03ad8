import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { vonageInboundFixtures } from '../provider/vonage/fixtures/vonage.fixtures'
import { startVonageFake, type VonageFake } from '../provider/vonage/vonage.fake'
import { parseVonageInbound } from '../provider/vonage/vonage.webhooks'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { freePort } from '../test/free-port'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { joinParts, MISSING_PART } from './inbound-parts'

const CANDIDATE = '+447700900456'
const OUR_NUMBER = '+447700900123'

describe('joining the parts of a long reply', () => {
  it('puts parts in their order, marks a missing one, and keeps the first copy of a number', () => {
    const part = (part_number: number, body: string) => ({ part_number, body })
    expect(joinParts([part(2, 'b'), part(1, 'a'), part(3, 'c')], 3)).toBe('abc')
    expect(joinParts([part(3, 'c'), part(1, 'a')], 3)).toBe(`a${MISSING_PART}c`)
    expect(joinParts([part(1, 'a'), part(1, 'again'), part(2, 'b')], 2)).toBe('ab')
  })

  it('reads Vonage concatenation fields, and treats numbers that do not add up as a whole text', () => {
    const [one, odd] = vonageInboundFixtures.slice(-2).map((f) => parseVonageInbound(f.request)[0])
    expect(one?.part).toEqual({ ref: '108', number: 1, total: 2 })
    expect(odd).toBeDefined()
    expect(odd?.part).toBeUndefined()
  })
})

describe.each(DIALECTS)('a long reply through Vonage on %s', (dialect) => {
  let ctx: TestContext
  let fake: VonageFake
  let admin: TestActor
  beforeEach(async () => {
    const port = await freePort()
    ctx = await createTestApp(dialect, { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` })
    await ctx.app.listen({ port, host: '127.0.0.1' })
    fake = await startVonageFake({ signatureSecret: 'vonage-signature-secret', webhookStyle: 'form' })
    admin = await createOrgWithUser(ctx)
  })
  afterEach(async () => {
    await fake.close()
    await ctx.close()
  })

  it('arrives as one webhook per part, signed, and becomes one message', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/connections',
      headers: admin.headers,
      payload: {
        provider: 'vonage',
        name: 'Vonage',
        sender: OUR_NUMBER,
        config: {
          apiKey: fake.apiKey,
          apiSecret: fake.apiSecret,
          signatureSecret: 'vonage-signature-secret',
          baseUrl: fake.url,
        },
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    const connection = res.json() as { id: string; webhookUrls: { inbound: string } }
    const reply = `${'Thanks for calling me back about the warehouse role. '.repeat(6)}Tuesday works.`
    expect(reply.length).toBeGreaterThan(306)
    const delivery = await fake.sendInbound(connection.webhookUrls.inbound, {
      from: CANDIDATE,
      to: OUR_NUMBER,
      body: reply,
    })
    expect(delivery.status).toBe(200)
    await ctx.deps.inbound.settled()
    const messages = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['body', 'from_number'])
      .where('connection_id', '=', connection.id)
      .execute()
    expect(messages).toEqual([{ body: reply, from_number: CANDIDATE }])
    const parts = await ctx.deps.database.db
      .selectFrom('message_parts')
      .select('provider_message_id')
      .execute()
    expect(parts).toHaveLength(3)
  })
})
