import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, send, simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

interface ListedConversation {
  id: string
  phone: string
  personName: string | null
  jobTitle: string | null
  company: string | null
  email: string | null
  unreadCount: number
  lastMessageAt: string
}

describe.each(DIALECTS)('conversation list filters and history paging on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function list(actor: TestActor, query: Record<string, string> = {}) {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: actor.headers,
      query,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: ListedConversation[]; nextCursor: string | null }
  }
  const ids = async (actor: TestActor, query: Record<string, string> = {}) =>
    (await list(actor, query)).items.map((c) => c.id)

  async function outbound(actor: TestActor, to: string, body: string) {
    const res = await send(ctx, actor, { to, body })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: string; conversationId: string }
  }

  it('keeps only conversations with unread replies when unread=true', async () => {
    const admin = await createOrgWithUser(ctx)
    const unread = await simulateReply(ctx, admin, '+447911000001', 'Unread reply')
    ctx.clock.advance(1000)
    const sentOnly = await outbound(admin, '+447911000002', 'Nobody answered yet')
    ctx.clock.advance(1000)
    const read = await simulateReply(ctx, admin, '+447911000003', 'Read reply')
    const markRead = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${read.conversationId}/read`,
      headers: admin.headers,
    })
    expect(markRead.statusCode).toBe(204)

    expect(await ids(admin)).toEqual([read.conversationId, sentOnly.conversationId, unread.conversationId])
    const onlyUnread = await list(admin, { unread: 'true' })
    expect(onlyUnread.items).toMatchObject([{ id: unread.conversationId, unreadCount: 1 }])
    expect(await ids(admin, { unread: 'false' })).toHaveLength(3)
  })

  it('keeps conversations whose last message is from `from` (inclusive) to `to` (exclusive)', async () => {
    const admin = await createOrgWithUser(ctx)
    const start = ctx.clock.now().getTime()
    const at = (hours: number) => new Date(start + hours * 3600_000).toISOString()
    const early = await outbound(admin, '+447911000001', 'At 0h')
    ctx.clock.set(new Date(at(1)))
    const middle = await simulateReply(ctx, admin, '+447911000002', 'At 1h')
    ctx.clock.set(new Date(at(2)))
    const late = await outbound(admin, '+447911000003', 'At 2h')
    ctx.clock.set(new Date(at(3)))
    const latest = await outbound(admin, '+447911000004', 'At 3h')

    expect(await ids(admin, { from: at(1), to: at(2) })).toEqual([middle.conversationId])
    expect(await ids(admin, { from: at(1) })).toEqual([
      latest.conversationId,
      late.conversationId,
      middle.conversationId,
    ])
    expect(await ids(admin, { to: at(1) })).toEqual([early.conversationId])
    expect(await ids(admin, { from: at(0), to: at(3) })).toEqual([
      late.conversationId,
      middle.conversationId,
      early.conversationId,
    ])
    expect(await ids(admin, { from: at(4) })).toEqual([])
    // A newer message moves a conversation out of its earlier window and into the later one.
    ctx.clock.set(new Date(at(4)))
    expect((await outbound(admin, '+447911000001', 'At 4h')).conversationId).toBe(early.conversationId)
    expect(await ids(admin, { to: at(1) })).toEqual([])
    expect(await ids(admin, { from: at(4) })).toEqual([early.conversationId])
    const notADate = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?from=yesterday',
      headers: admin.headers,
    })
    expect([notADate.statusCode, notADate.json().code]).toEqual([400, 'REQUEST_INVALID'])
  })

  it('reads `from` and `to` as instants, whatever their offset or precision', async () => {
    const admin = await createOrgWithUser(ctx)
    ctx.clock.set(new Date('2026-01-05T09:30:00.000Z'))
    const reply = await simulateReply(ctx, admin, '+447911000005', 'At half past nine')
    // the same instant without milliseconds, and half an hour before it written in UTC+1
    expect(await ids(admin, { from: '2026-01-05T09:30:00Z' })).toEqual([reply.conversationId])
    expect(await ids(admin, { from: '2026-01-05T10:00:00+01:00' })).toEqual([reply.conversationId])
    expect(await ids(admin, { to: '2026-01-05T10:00:00+01:00' })).toEqual([])
    expect(await ids(admin, { to: '2026-01-05T10:31:00+01:00' })).toEqual([reply.conversationId])
    const messages = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/messages?from=2026-01-05T10:00:00%2B01:00',
      headers: admin.headers,
    })
    expect(messages.json().items.map((m: { id: string }) => m.id)).toEqual([reply.messageId])
  })

  it('lists in scope=mine only the conversations the user is associated with; shared lists all', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const sam = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const ritas = await outbound(rita, '+447911000001', 'From Rita')
    ctx.clock.advance(1000)
    const sams = await outbound(sam, '+447911000002', 'From Sam')
    ctx.clock.advance(1000)
    const stranger = await simulateReply(ctx, admin, '+46701234567', 'Who is this?')

    expect(await ids(rita, { scope: 'mine' })).toEqual([ritas.conversationId])
    expect(await ids(sam, { scope: 'mine' })).toEqual([sams.conversationId])
    expect(await ids(admin, { scope: 'mine' })).toEqual([])
    const all = [stranger.conversationId, sams.conversationId, ritas.conversationId]
    expect(await ids(rita, { scope: 'shared' })).toEqual(all)
    expect(await ids(rita)).toEqual(all) // shared is the default

    // Becoming an incoming user of a conversation puts it in "mine".
    const join = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/conversations/${stranger.conversationId}/incoming-users/${rita.userId}`,
      headers: admin.headers,
    })
    expect(join.statusCode).toBe(204)
    expect(await ids(rita, { scope: 'mine' })).toEqual([stranger.conversationId, ritas.conversationId])
    expect(await ids(sam, { scope: 'mine' })).toEqual([sams.conversationId])
  })

  it('pages a conversation history back in time, each page oldest first, with no repeats or gaps', async () => {
    const admin = await createOrgWithUser(ctx)
    const bodies: string[] = []
    let conversationId = ''
    for (let i = 1; i <= 8; i++) {
      const body = `Message ${i}`
      bodies.push(body)
      if (i % 3 === 0) {
        conversationId = (await simulateReply(ctx, admin, MOBILE, body)).conversationId
      } else {
        conversationId = (await outbound(admin, MOBILE, body)).conversationId
      }
      // Messages 5 and 6 share a timestamp across a page boundary: the id breaks the tie.
      if (i !== 5) ctx.clock.advance(1000)
    }
    const history = async (query: Record<string, string>) => {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversationId}/messages`,
        headers: admin.headers,
        query,
      })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { items: { id: string; body: string }[]; nextCursor: string | null }
    }

    const whole = await history({})
    expect(whole.items.map((m) => m.body)).toEqual(bodies)
    expect(whole.nextCursor).toBeNull()

    const pages: string[][] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 10; guard++) {
      const page = await history({ limit: '3', ...(cursor ? { cursor } : {}) })
      pages.push(page.items.map((m) => m.body))
      cursor = page.nextCursor
      if (!cursor) break
    }
    expect(pages).toEqual([
      ['Message 6', 'Message 7', 'Message 8'],
      ['Message 3', 'Message 4', 'Message 5'],
      ['Message 1', 'Message 2'],
    ])
    expect(pages.reverse().flat()).toEqual(bodies)

    const forged = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}/messages?cursor=not-a-cursor`,
      headers: admin.headers,
    })
    expect([forged.statusCode, forged.json().code]).toEqual([400, 'REQUEST_INVALID'])
  })

  it('pages the conversation list with its cursor, newest first, without repeats', async () => {
    const admin = await createOrgWithUser(ctx)
    const made: string[] = []
    for (let i = 1; i <= 5; i++) {
      made.unshift((await outbound(admin, `+44791100000${i}`, `To ${i}`)).conversationId)
      if (i !== 3) ctx.clock.advance(1000) // 3 and 4 tie on time, across a page boundary
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await list(admin, { limit: '2', ...(cursor ? { cursor } : {}) })
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
      pages += 1
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toEqual(made)
  })

  it('carries the record card: name, job title, company, email and mobile', async () => {
    const admin = await createOrgWithUser(ctx)
    const company = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: admin.headers,
      payload: { name: 'Acme Ltd' },
    })
    expect(company.statusCode, company.body).toBe(201)
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: admin.headers,
      payload: {
        firstName: 'Ana',
        lastName: 'Silva',
        mobile: '07911 123456',
        email: 'ana@example.com',
        jobTitle: 'Staff nurse',
        companyId: company.json().id,
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const personId = created.json().id as string
    const sent = (await send(ctx, admin, { personId, body: 'Hello Ana' })).json()

    const card = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${sent.conversationId}`,
      headers: admin.headers,
    })
    expect(card.statusCode, card.body).toBe(200)
    expect(card.json()).toMatchObject({
      id: sent.conversationId,
      phone: MOBILE,
      sharedNumber: false,
      people: [
        {
          id: personId,
          name: 'Ana Silva',
          kind: 'candidate',
          jobTitle: 'Staff nurse',
          company: 'Acme Ltd',
          email: 'ana@example.com',
          mobile: MOBILE,
        },
      ],
      users: [{ userId: admin.userId, role: 'outgoing' }],
    })
    expect((await list(admin)).items).toMatchObject([
      {
        id: sent.conversationId,
        phone: MOBILE,
        personName: 'Ana Silva',
        jobTitle: 'Staff nurse',
        company: 'Acme Ltd',
        email: 'ana@example.com',
      },
    ])
  })
})
