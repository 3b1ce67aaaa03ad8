import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, MOBILE, simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const OFFICE_2 = '+46701740605'
const MANAGER = '+447911000042'

describe.each(DIALECTS)(
  'a text received on a number with a rule is forwarded to its mobile, on %s',
  (dialect) => {
    let ctx: TestContext
    beforeEach(async () => {
      ctx = await createTestApp(dialect)
    })
    afterEach(async () => ctx.close())

    async function office2(credits: number) {
      const admin = await createOrgWithUser(ctx, { credits })
      const connection = await createConnection(
        { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
        admin.orgId,
        { provider: 'simulator', name: 'Office 2', sender: OFFICE_2, config: { deliveryDelayMs: 0 } },
      )
      const rule = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/forwarding-rules',
        headers: admin.headers,
        payload: { number: OFFICE_2, mobile: MANAGER },
      })
      expect(rule.statusCode, rule.body).toBe(201)
      return { admin, connection }
    }

    async function textIn(admin: TestActor, body: string) {
      const text = await simulateReply(ctx, admin, MOBILE, body, OFFICE_2)
      await ctx.deps.inbound.settled()
      return text
    }

    const forwards = (orgId: string) =>
      ctx.deps.database.db
        .selectFrom('messages')
        .select(['kind', 'status', 'from_number', 'to_number', 'body', 'connection_id', 'error_code'])
        .where('org_id', '=', orgId)
        .where('kind', '=', 'forward')
        .execute()

    it('sends the forward from the number texted, charged like any text, and keeps the received text', async () => {
      const { admin, connection } = await office2(10)
      const before = await balance(ctx, admin)
      const inbound = await textIn(admin, 'Is the role still open?')

      const sent = await forwards(admin.orgId)
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({
        from_number: OFFICE_2,
        to_number: MANAGER,
        body: `Fwd from ${MOBILE}: Is the role still open?`,
        connection_id: connection.id,
        error_code: null,
      })
      expect(sent[0]?.status).not.toBe('failed')
      expect(await balance(ctx, admin)).toBe(before - 1)

      const received = await ctx.deps.database.db
        .selectFrom('messages')
        .select(['direction', 'body'])
        .where('id', '=', inbound.messageId)
        .executeTakeFirstOrThrow()
      expect(received).toEqual({ direction: 'inbound', body: 'Is the role still open?' })
    })

    it('forwards a text once when the provider delivers it twice', async () => {
      const { admin, connection } = await office2(10)
      const { webhook_token: token } = await ctx.deps.database.db
        .selectFrom('connections')
        .select('webhook_token')
        .where('id', '=', connection.id)
        .executeTakeFirstOrThrow()
      const payload = {
        id: 'SM-forward-1',
        from: MOBILE,
        to: OFFICE_2,
        body: 'Twice',
        receivedAt: ctx.deps.clock.now().toISOString(),
      }
      for (let i = 0; i < 2; i++) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: `/webhooks/simulator/${token}/inbound`,
          payload,
        })
        expect(res.statusCode, res.body).toBe(200)
        await ctx.deps.inbound.settled()
      }
      expect((await forwards(admin.orgId)).map((m) => m.body)).toEqual([`Fwd from ${MOBILE}: Twice`])
    })

    it('keeps a forward refused for credits as a failed message, and the received text stays', async () => {
      const { admin } = await office2(0)
      const inbound = await textIn(admin, 'Hello?')
      const sent = await forwards(admin.orgId)
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({
        status: 'failed',
        error_code: 'CREDITS_INSUFFICIENT',
        to_number: MANAGER,
      })
      const received = await ctx.deps.database.db
        .selectFrom('messages')
        .select('id')
        .where('id', '=', inbound.messageId)
        .executeTakeFirst()
      expect(received?.id).toBe(inbound.messageId)
    })
  },
)
