import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { send, simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const A = '+447911000101'
const B = '+447911000102'

describe.each(DIALECTS)('who sees what (association types) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const get = async (actor: TestActor, url: string) =>
    ctx.app.inject({ method: 'GET', url, headers: actor.headers })
  const setTypes = (admin: TestActor, userId: string, associationTypes: unknown) =>
    ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${userId}`,
      headers: admin.headers,
      payload: { associationTypes },
    })

  /** Anna (both types) and Tom (outgoing only) both text A; A replies; only Anna texts B. */
  async function scene() {
    const anna = await createOrgWithUser(ctx, { credits: 50 })
    const tom = await addUser(ctx, anna.orgId, { role: 'recruiter' })
    expect((await setTypes(anna, tom.userId, ['outgoing'])).json().associationTypes).toEqual(['outgoing'])
    const annaToA = (await send(ctx, anna, { to: A, body: 'Anna to A' })).json()
    ctx.clock.advance(1000)
    const tomToA = (await send(ctx, tom, { to: A, body: 'Tom to A' })).json()
    ctx.clock.advance(1000)
    const reply = await simulateReply(ctx, anna, A, 'A replies')
    ctx.clock.advance(1000)
    const annaToB = (await send(ctx, anna, { to: B, body: 'Anna to B' })).json()
    return { anna, tom, annaToA, tomToA, reply, annaToB }
  }

  const bodies = (res: { json: () => { items: { body: string }[] } }) => res.json().items.map((m) => m.body)

  it("lets an outgoing-only user act by id only on the texts they sent: a colleague's text or a reply is not found and stays as it was", async () => {
    const { anna, tom, annaToA, tomToA, reply } = await scene()
    const post = (url: string, payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url, headers: tom.headers, payload })
    for (const id of [annaToA.id, reply.messageId]) {
      for (const [url, payload] of [
        ['/api/v1/messages/delete', { ids: [id] }],
        ['/api/v1/messages/restore', { ids: [id] }],
        [`/api/v1/messages/${id}/cancel`, {}],
        [`/api/v1/messages/${id}/resend`, {}],
        ['/api/v1/messages/resend', { ids: [id] }],
        ['/api/v1/messages/reply', { messageIds: [id], body: 'Hi' }],
        ['/api/v1/messages/forward', { messageId: id, numbers: [B] }],
      ] as const) {
        const res = await post(url, payload)
        expect([url, res.statusCode, res.json().code]).toEqual([url, 404, 'MESSAGE_NOT_FOUND'])
      }
    }
    // nothing was deleted, and nothing was sent to B by Tom
    const annaSees = bodies(await get(anna, '/api/v1/messages'))
    expect(annaSees).toEqual(expect.arrayContaining(['Anna to A', 'A replies']))
    expect(annaSees.filter((b) => b.includes('A replies') && b !== 'A replies')).toEqual([])
    // his own text he may delete and restore
    expect((await post('/api/v1/messages/delete', { ids: [tomToA.id] })).json()).toEqual({ changed: 1 })
    expect((await post('/api/v1/messages/restore', { ids: [tomToA.id] })).json()).toEqual({ changed: 1 })
  })

  it('shows an outgoing-only user only the texts they sent, and 404 for the rest', async () => {
    const { tom, annaToA, tomToA, reply, annaToB } = await scene()
    const inbox = (await get(tom, '/api/v1/conversations')).json().items
    expect(inbox).toHaveLength(1)
    expect(inbox[0]).toMatchObject({
      id: tomToA.conversationId,
      lastMessagePreview: 'Tom to A',
      lastMessageDirection: 'outbound',
      unreadCount: 0,
    })
    expect(bodies(await get(tom, `/api/v1/conversations/${tomToA.conversationId}/messages`))).toEqual([
      'Tom to A',
    ])
    expect(bodies(await get(tom, '/api/v1/messages'))).toEqual(['Tom to A'])
    expect(bodies(await get(tom, '/api/v1/messages?view=deleted'))).toEqual([])
    expect((await get(tom, '/api/v1/conversations?unread=true')).json().items).toEqual([])
    expect((await get(tom, `/api/v1/conversations?q=${encodeURIComponent(B)}`)).json().items).toEqual([])
    expect((await get(tom, `/api/v1/conversations/${tomToA.conversationId}`)).json().unreadCount).toBe(0)
    expect((await get(tom, `/api/v1/messages/${tomToA.id}`)).statusCode).toBe(200)
    for (const id of [annaToA.id, reply.messageId]) {
      const res = await get(tom, `/api/v1/messages/${id}`)
      expect([res.statusCode, res.json().code]).toEqual([404, 'MESSAGE_NOT_FOUND'])
    }
    for (const url of [
      `/api/v1/conversations/${annaToB.conversationId}`,
      `/api/v1/conversations/${annaToB.conversationId}/messages`,
    ]) {
      const res = await get(tom, url)
      expect([res.statusCode, res.json().code]).toEqual([404, 'CONVERSATION_NOT_FOUND'])
    }
    const read = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${annaToB.conversationId}/read`,
      headers: tom.headers,
    })
    expect(read.statusCode).toBe(404)
  })

  it('shows a full user the whole history, colleagues texts and replies included', async () => {
    const { anna, tomToA } = await scene()
    expect((await get(anna, '/api/v1/conversations')).json().items).toHaveLength(2)
    expect(bodies(await get(anna, `/api/v1/conversations/${tomToA.conversationId}/messages`))).toEqual([
      'Anna to A',
      'Tom to A',
      'A replies',
    ])
    expect((await get(anna, `/api/v1/messages/${tomToA.id}`)).statusCode).toBe(200)
  })

  it('tells only incoming users of a reply, and shows every associated user on the record card', async () => {
    const { anna, tom, tomToA } = await scene()
    const received = async (actor: TestActor) =>
      (await get(actor, '/api/v1/notifications'))
        .json()
        .items.filter((n: { type: string }) => n.type === 'message.received')
    expect(await received(anna)).toHaveLength(1)
    expect(await received(tom)).toHaveLength(0)
    const card = (await get(anna, `/api/v1/conversations/${tomToA.conversationId}`)).json()
    expect(
      card.associatedUsers.map((u: { userId: string; associationTypes: string[] }) => [
        u.userId,
        u.associationTypes,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [anna.userId, ['incoming', 'outgoing']],
        [tom.userId, ['outgoing']],
      ]),
    )
    expect(card.associatedUsers).toHaveLength(2)
  })

  it('changes the view when an admin changes the setting, and refuses no type at all', async () => {
    const { anna, tom, tomToA } = await scene()
    expect((await get(tom, '/api/v1/conversations')).json().items).toHaveLength(1)
    expect((await setTypes(anna, tom.userId, ['incoming', 'outgoing'])).statusCode).toBe(200)
    expect((await get(tom, '/api/v1/conversations')).json().items).toHaveLength(2)
    expect(bodies(await get(tom, `/api/v1/conversations/${tomToA.conversationId}/messages`))).toHaveLength(3)
    const empty = await setTypes(anna, tom.userId, [])
    expect([empty.statusCode, empty.json().code]).toEqual([422, 'USER_ASSOCIATION_TYPES_EMPTY'])
    expect(empty.json().message).toContain('associationTypes')
    const unknown = await setTypes(anna, tom.userId, ['sideways'])
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'REQUEST_INVALID'])
    expect((await get(anna, `/api/v1/users/${tom.userId}`)).json().associationTypes).toEqual([
      'incoming',
      'outgoing',
    ])
    const byTom = await setTypes(tom, anna.userId, ['outgoing'])
    expect(byTom.statusCode).toBe(403)
  })
})
