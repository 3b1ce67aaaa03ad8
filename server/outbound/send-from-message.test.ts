import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import {
  balance,
  createPerson,
  getMessage,
  MOBILE,
  send,
  simulateReply,
  testDispatcher,
} from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('resending, replying to and forwarding messages on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const post = (actor: TestActor, url: string, payload: unknown) =>
    ctx.app.inject({
      method: 'POST',
      url,
      headers: actor.headers,
      payload: payload as Record<string, unknown>,
    })
  const view = async (actor: TestActor, name: string) =>
    (await ctx.app.inject({ method: 'GET', url: `/api/v1/messages?view=${name}`, headers: actor.headers }))
      .json()
      .items.map((m: { id: string }) => m.id) as string[]

  it('resends failed messages as new pending messages, charged again, keeping the original', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const failed = (await send(ctx, admin, { to: '+447911110999', body: 'Bad number' })).json()
    const ok = (await send(ctx, admin, { to: MOBILE, body: 'Fine' })).json()
    await testDispatcher(ctx).runOnce()
    expect(await view(admin, 'failed')).toEqual([failed.id])
    expect(await balance(ctx, admin)).toBe(9)
    const notFailed = await post(admin, '/api/v1/messages/resend', { ids: [ok.id] })
    expect(notFailed.statusCode).toBe(409)
    expect(notFailed.json().code).toBe('MESSAGE_NOT_RESENDABLE')
    const resent = await post(admin, '/api/v1/messages/resend', { ids: [failed.id] })
    expect(resent.statusCode).toBe(201)
    expect(resent.json().items[0]).toMatchObject({
      status: 'queued',
      resentFromId: failed.id,
      body: 'Bad number',
    })
    expect(await balance(ctx, admin)).toBe(8)
    expect((await getMessage(ctx, admin, failed.id)).status).toBe('failed')
    const twice = await post(admin, '/api/v1/messages/resend', { ids: [failed.id] })
    expect(twice.json().code).toBe('MESSAGE_NOT_RESENDABLE')
  })

  it('moves a resent text out of the Failed view to Pending, linking the original and its copy both ways', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const failed = (await send(ctx, admin, { to: '+447911110999', body: 'Bad number' })).json()
    await testDispatcher(ctx).runOnce()
    expect(await view(admin, 'failed')).toEqual([failed.id])
    const copy = (await post(admin, '/api/v1/messages/resend', { ids: [failed.id] })).json().items[0]
    // seed 002: "moved from the SMS Failed view to the SMS Pending view"
    expect(await view(admin, 'failed')).toEqual([])
    expect(await view(admin, 'pending')).toEqual([copy.id])
    expect(await view(admin, 'all')).toEqual([copy.id, failed.id])
    const listed = (await ctx.app.inject({ url: '/api/v1/messages?view=all', headers: admin.headers })).json()
      .items as Array<{ id: string; resentAsId: string | null; resentFromId: string | null }>
    expect(listed.map((m) => [m.id, m.resentAsId, m.resentFromId])).toEqual([
      [copy.id, null, failed.id],
      [failed.id, copy.id, null],
    ])
    const original = await getMessage(ctx, admin, failed.id)
    // the original keeps its status and the reason it failed
    expect(original).toMatchObject({ status: 'failed', resentAsId: copy.id })
    expect(original.error).toBeTruthy()
    // the copy fails too: it is the one in Failed, and can be resent in its turn
    await testDispatcher(ctx).runOnce()
    expect(await view(admin, 'failed')).toEqual([copy.id])
    const again = (await post(admin, '/api/v1/messages/resend', { ids: [copy.id] })).json().items[0]
    expect(again.resentFromId).toBe(copy.id)
    expect(await view(admin, 'failed')).toEqual([])
  })

  it('resends a failed message once when asked several times at the same moment, charging once', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const failed = (await send(ctx, admin, { to: '+447911110999', body: 'Bad number' })).json()
    await testDispatcher(ctx).runOnce()
    // refused by the provider: refunded
    expect(await balance(ctx, admin)).toBe(10)
    const results = await Promise.all(
      Array.from({ length: 4 }, () => post(admin, '/api/v1/messages/resend', { ids: [failed.id] })),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409])
    for (const refused of results.filter((r) => r.statusCode === 409)) {
      expect(refused.json().code).toBe('MESSAGE_NOT_RESENDABLE')
    }
    const copies = await ctx.deps.database.db
      .selectFrom('messages')
      .select('id')
      .where('resent_from_id', '=', failed.id)
      .execute()
    expect(copies).toHaveLength(1)
    expect(await balance(ctx, admin)).toBe(9)
  })

  it('replies once per distinct sender and forwards an edited copy', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 20 })
    const personId = await createPerson(ctx, admin)
    const r1 = await simulateReply(ctx, admin, MOBILE, 'First')
    const r2 = await simulateReply(ctx, admin, MOBILE, 'Second')
    const r3 = await simulateReply(ctx, admin, '+46701234567', 'Hej')
    const replies = await post(admin, '/api/v1/messages/reply', {
      messageIds: [r1.messageId, r2.messageId, r3.messageId],
      body: 'Thanks!',
    })
    expect(replies.statusCode).toBe(201)
    expect(replies.json().items.map((m: { to: string; kind: string }) => [m.to, m.kind])).toEqual([
      [MOBILE, 'reply'],
      ['+46701234567', 'reply'],
    ])
    expect(replies.json().items[0].personId).toBe(personId)

    const forward = await post(admin, '/api/v1/messages/forward', {
      messageId: r1.messageId,
      body: 'FYI: candidate said "First"',
      numbers: ['+61412345678'],
      personIds: [personId],
    })
    expect(forward.statusCode).toBe(201)
    expect(
      forward.json().items.map((m: { to: string; body: string; kind: string }) => [m.to, m.kind]),
    ).toEqual([
      [MOBILE, 'forward'],
      ['+61412345678', 'forward'],
    ])
    expect(forward.json().items[0].body).toBe('FYI: candidate said "First"')
  })

  it('refuses to forward a deleted message or reply into a deleted conversation', async () => {
    const admin = await createOrgWithUser(ctx)
    const r1 = await simulateReply(ctx, admin, MOBILE, 'Hello')
    await post(admin, '/api/v1/messages/delete', { ids: [r1.messageId] })
    const fwd = await post(admin, '/api/v1/messages/forward', {
      messageId: r1.messageId,
      numbers: ['+61412345678'],
    })
    expect([fwd.statusCode, fwd.json().code]).toEqual([409, 'MESSAGE_DELETED'])
    const r2 = await simulateReply(ctx, admin, MOBILE, 'Again')
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${r2.conversationId}/delete`,
      headers: admin.headers,
    })
    const reply = await post(admin, '/api/v1/messages/reply', { messageIds: [r2.messageId], body: 'Hi' })
    expect([reply.statusCode, reply.json().code]).toEqual([409, 'CONVERSATION_DELETED'])
    const before = await balance(ctx, admin)
    expect(before).toBe(100)
  })
})
