import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, send } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const STOCKHOLM = '+46701740605'

describe.each(DIALECTS)('a reply goes from the number the person texted, on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(async () => ctx.close())

  /** An organization with its default phone simulator and a second one, Stockholm's. */
  async function twoConnections() {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const stockholm = await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Stockholm', sender: STOCKHOLM, config: { deliveryDelayMs: 0 } },
    )
    const first = (await send(ctx, admin, { to: '+447911000001', body: 'Hello' })).json()
    return { admin, stockholm, fallback: { id: first.connectionId as string, from: first.from as string } }
  }

  async function textIn(admin: TestActor, to: string) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: MOBILE, to, body: 'Is the role still open?' },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ messageId: string; conversationId: string }>()
  }

  const post = (admin: TestActor, url: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload })

  it('from the messages view and the conversation, unless another connection is chosen', async () => {
    const { admin, stockholm, fallback } = await twoConnections()
    expect(fallback.id).not.toBe(stockholm.id)
    const inbound = await textIn(admin, STOCKHOLM)

    const conversation = await ctx.app.inject({
      url: `/api/v1/conversations/${inbound.conversationId}`,
      headers: admin.headers,
    })
    expect(conversation.json().replyFrom).toEqual({
      connectionId: stockholm.id,
      connectionName: 'Stockholm',
      number: STOCKHOLM,
    })

    const replied = await post(admin, '/api/v1/messages/reply', {
      messageIds: [inbound.messageId],
      body: 'Yes, it is',
    })
    expect(replied.statusCode, replied.body).toBe(201)
    expect(replied.json().items).toMatchObject([
      { connectionId: stockholm.id, from: STOCKHOLM, to: MOBILE, kind: 'reply' },
    ])

    const chosen = await post(admin, '/api/v1/messages/reply', {
      messageIds: [inbound.messageId],
      body: 'From the other line',
      connectionId: fallback.id,
    })
    expect(chosen.json().items).toMatchObject([{ connectionId: fallback.id, from: fallback.from }])

    const id = '0193b5e2-7c1a-7c3e-9a51-2f4d6b8e0a11'
    const inInbox = await post(admin, `/api/v1/conversations/${inbound.conversationId}/messages`, {
      id,
      body: 'Speak at 10?',
    })
    expect(inInbox.statusCode, inInbox.body).toBe(201)
    // the latest text of the conversation went from the other line, and a reply follows it
    expect(inInbox.json()).toMatchObject({ id, connectionId: fallback.id, from: fallback.from, to: MOBILE })
    const again = await post(admin, `/api/v1/conversations/${inbound.conversationId}/messages`, {
      id,
      body: 'Speak at 10?',
    })
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(id)
  })

  it('follows the number of the latest text, and is routed as any text once that connection is disabled', async () => {
    const { admin, stockholm, fallback } = await twoConnections()
    const inbound = await textIn(admin, STOCKHOLM)
    const url = `/api/v1/conversations/${inbound.conversationId}/messages`

    expect((await post(admin, url, { body: 'First' })).json()).toMatchObject({
      connectionId: stockholm.id,
      from: STOCKHOLM,
    })

    const disabled = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/connections/${stockholm.id}`,
      headers: admin.headers,
    })
    expect(disabled.statusCode, disabled.body).toBe(200)
    const conversation = await ctx.app.inject({
      url: `/api/v1/conversations/${inbound.conversationId}`,
      headers: admin.headers,
    })
    expect(conversation.json().replyFrom).toBeNull()
    expect((await post(admin, url, { body: 'Second' })).json()).toMatchObject({
      connectionId: fallback.id,
      from: fallback.from,
    })
  })

  it('refuses a reply in a conversation that does not exist or is deleted, naming it', async () => {
    const { admin } = await twoConnections()
    const missing = await post(admin, '/api/v1/conversations/nope/messages', { body: 'Hi' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('CONVERSATION_NOT_FOUND')

    const inbound = await textIn(admin, STOCKHOLM)
    const deletion = await post(admin, `/api/v1/conversations/${inbound.conversationId}/delete`, {})
    expect(deletion.statusCode, deletion.body).toBe(204)
    const deleted = await post(admin, `/api/v1/conversations/${inbound.conversationId}/messages`, {
      body: 'Hi',
    })
    expect(deleted.statusCode).toBe(409)
    expect(deleted.json().code).toBe('CONVERSATION_DELETED')
  })
})
