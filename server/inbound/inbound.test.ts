import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import {
  createPerson,
  getMessage,
  MOBILE,
  send,
  simulateReply,
  testDispatcher,
  webhookTokenOf,
} from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('inbound on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function notificationsOf(actor: TestActor) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: actor.headers })
    return res.json().items as { type: string; title: string; conversationId: string }[]
  }

  const webhookToken = (actor: TestActor) => webhookTokenOf(ctx, actor)

  it('links a reply to the person and conversation and tells the users who texted them', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const sam = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const personId = await createPerson(ctx, admin, { firstName: 'Ana', lastName: 'Silva' })
    const sent = (await send(ctx, rita, { personId, body: 'Are you free Tuesday?' })).json()
    const reply = await simulateReply(ctx, admin, '07911 123456', 'Yes, after 2pm')
    expect(reply.conversationId).toBe(sent.conversationId)
    const message = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/messages/${reply.messageId}`,
        headers: admin.headers,
      })
    ).json()
    expect(message).toMatchObject({
      direction: 'inbound',
      status: 'received',
      from: MOBILE,
      personId,
      body: 'Yes, after 2pm',
    })
    expect(await notificationsOf(rita)).toMatchObject([
      { type: 'message.received', conversationId: sent.conversationId },
    ])
    expect(await notificationsOf(sam)).toEqual([])
    expect(await notificationsOf(admin)).toEqual([])
    const history = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${sent.conversationId}/messages`,
      headers: rita.headers,
    })
    expect(history.json().items.map((m: { body: string }) => m.body)).toEqual([
      'Are you free Tuesday?',
      'Yes, after 2pm',
    ])
    const mine = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?scope=mine',
      headers: rita.headers,
    })
    expect(mine.json().items).toMatchObject([
      { id: sent.conversationId, personName: 'Ana Silva', unreadCount: 1 },
    ])
    const samMine = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?scope=mine',
      headers: sam.headers,
    })
    expect(samMine.json().items).toEqual([])
  })

  it('sends an unknown number to the shared inbox and the admins; incoming users are told too', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const first = await simulateReply(ctx, admin, '+46701234567', 'Hej! Is the nurse job still open?')
    expect(await notificationsOf(admin)).toHaveLength(1)
    expect(await notificationsOf(rita)).toEqual([])
    const shared = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?scope=shared',
      headers: rita.headers,
    })
    expect(shared.json().items).toMatchObject([
      { id: first.conversationId, phone: '+46701234567', personName: null },
    ])
    const join = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/conversations/${first.conversationId}/incoming-users/${rita.userId}`,
      headers: admin.headers,
    })
    expect(join.statusCode).toBe(204)
    await simulateReply(ctx, admin, '+46701234567', 'Hello?')
    expect(await notificationsOf(rita)).toHaveLength(1)
  })

  it('links a number shared by several people to all of them and flags it', async () => {
    const admin = await createOrgWithUser(ctx)
    const a = await createPerson(ctx, admin, { firstName: 'Tom' })
    const b = await createPerson(ctx, admin, { firstName: 'Tina' })
    const reply = await simulateReply(ctx, admin, MOBILE, 'Which of us did you want?')
    const card = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${reply.conversationId}`,
        headers: admin.headers,
      })
    ).json()
    expect(card.sharedNumber).toBe(true)
    expect(card.people.map((p: { id: string }) => p.id).sort()).toEqual([a, b].sort())
    for (const id of [a, b]) {
      const journal = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/people/${id}/messages`,
        headers: admin.headers,
      })
      expect(journal.json().items.map((m: { id: string }) => m.id)).toEqual([reply.messageId])
    }
  })

  it('stores a webhook delivered twice once', async () => {
    const admin = await createOrgWithUser(ctx)
    const token = await webhookToken(admin)
    const payload = {
      id: 'SIM-dup-1',
      from: MOBILE,
      to: '+447700900001',
      body: 'Twice',
      receivedAt: ctx.clock.now().toISOString(),
    }
    const first = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${token}/inbound`,
      payload,
    })
    const second = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${token}/inbound`,
      payload,
    })
    expect(first.json()).toEqual({ stored: 1, duplicates: 0 })
    expect(second.json()).toEqual({ stored: 0, duplicates: 1 })
    await ctx.deps.inbound.settled()
    const received = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/messages?view=received',
      headers: admin.headers,
    })
    expect(received.json().items).toHaveLength(1)
    expect(await notificationsOf(admin)).toHaveLength(1)
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/webhooks/simulator/not-a-token/inbound',
      payload,
    })
    expect(wrong.statusCode).toBe(404)
    const wrongProvider = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/twilio/${token}/inbound`,
      payload,
    })
    expect(wrongProvider.statusCode).toBe(404)
  })

  it('applies status reports through nextStatus: a late sent never overwrites delivered', async () => {
    const admin = await createOrgWithUser(ctx)
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Status' })).json()
    await testDispatcher(ctx).runOnce()
    const token = await webhookToken(admin)
    const sent = await getMessage(ctx, admin, message.id)
    const report = (status: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/webhooks/simulator/${token}/status`,
        payload: { id: sent.providerMessageId, status },
      })
    await report('delivered')
    expect((await report('sent')).json()).toEqual({ stored: 0, duplicates: 0 })
    expect((await report('delivered')).json()).toEqual({ stored: 0, duplicates: 0 })
    expect((await getMessage(ctx, admin, message.id)).status).toBe('delivered')
  })

  it('opts a number out on STOP, refuses every send to it, and back in on START', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const personId = await createPerson(ctx, admin)
    await simulateReply(ctx, admin, MOBILE, 'stop')
    const refused = await send(ctx, admin, { personId, body: 'Still there?' })
    expect(refused.statusCode).toBe(422)
    expect(refused.json()).toMatchObject({
      code: 'RECIPIENT_OPTED_OUT',
      message: 'Jane Doe has opted out of texts (replied STOP)',
    })
    expect((await send(ctx, admin, { to: '07911123456', body: 'x' })).json().code).toBe('RECIPIENT_OPTED_OUT')
    await simulateReply(ctx, admin, MOBILE, 'STOP PLEASE') // a sentence is not a keyword
    await simulateReply(ctx, admin, MOBILE, 'Start')
    expect((await send(ctx, admin, { personId, body: 'Welcome back' })).statusCode).toBe(201)
    const events = await ctx.deps.database.db
      .selectFrom('opt_out_events')
      .select(['action', 'keyword', 'source'])
      .orderBy('id')
      .execute()
    expect(events).toEqual([
      { action: 'opt_out', keyword: 'STOP', source: 'keyword' },
      { action: 'opt_in', keyword: 'START', source: 'keyword' },
    ])
  })

  it('lists received messages in the billing log at no cost', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 7 })
    const reply = await simulateReply(ctx, admin, MOBILE, 'Hi')
    const ledger = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/credits/ledger', headers: admin.headers })
    ).json()
    expect(ledger.items[0]).toMatchObject({
      reason: 'received',
      delta: 0,
      balanceAfter: 7,
      messageId: reply.messageId,
    })
  })
})

describe.each(DIALECTS)('suppression list on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('opts a number out and back in by hand, with its history, and every send honours it', async () => {
    const admin = await createOrgWithUser(ctx)
    const post = (url: string, payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload })
    expect((await post('/api/v1/opt-outs/add', { number: '07911 123456' })).statusCode).toBe(204)
    expect((await send(ctx, admin, { to: MOBILE, body: 'x' })).json().code).toBe('RECIPIENT_OPTED_OUT')
    const check = (await post('/api/v1/opt-outs/check', { number: MOBILE })).json()
    expect(check).toMatchObject({
      number: MOBILE,
      optedOut: true,
      history: [{ action: 'opt_out', source: 'manual' }],
    })
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/opt-outs', headers: admin.headers })
    expect(list.json().items.map((i: { number: string }) => i.number)).toEqual([MOBILE])
    await post('/api/v1/opt-outs/remove', { number: MOBILE })
    expect((await send(ctx, admin, { to: MOBILE, body: 'x' })).statusCode).toBe(201)
    expect((await post('/api/v1/opt-outs/add', { number: '12' })).json().code).toBe('PHONE_NUMBER_INVALID')
  })
})
