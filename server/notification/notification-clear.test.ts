import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

interface Listed {
  id: string
  type: string
  messageId: string | null
  conversationId: string | null
  title: string
  body: string
  clearedAt: string | null
  createdAt: string
}

describe.each(DIALECTS)('clearing notifications on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function listOf(actor: TestActor, query: Record<string, string> = {}) {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: actor.headers,
      query,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: Listed[]; nextCursor: string | null }
  }
  const bodiesOf = async (actor: TestActor, query: Record<string, string> = {}) =>
    (await listOf(actor, query)).items.map((n) => n.body)

  async function clear(actor: TestActor, payload: { ids?: string[]; all?: boolean }) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/clear',
      headers: actor.headers,
      payload,
    })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as { cleared: number }).cleared
  }

  /** Texts from unknown numbers, a second apart: each one notifies every admin of the organization. */
  async function replies(actor: TestActor, bodies: string[]) {
    const out = []
    for (const [i, body] of bodies.entries()) {
      out.push(await simulateReply(ctx, actor, `+4670123456${i}`, body))
      ctx.clock.advance(1000)
    }
    return out
  }

  it('lists the notifications newest first, clears the ones named, and shows them with includeCleared', async () => {
    const admin = await createOrgWithUser(ctx)
    const [first] = await replies(admin, ['One', 'Two', 'Three'])
    const listed = await listOf(admin)
    expect(listed.items.map((n) => n.body)).toEqual(['Three', 'Two', 'One'])
    expect(listed.items[2]).toMatchObject({
      type: 'message.received',
      messageId: first!.messageId,
      conversationId: first!.conversationId,
      title: 'Reply from +46701234560',
      clearedAt: null,
    })
    const two = listed.items[1]!

    const clearedAt = ctx.clock.now().toISOString()
    expect(await clear(admin, { ids: [two.id] })).toBe(1)
    expect(await bodiesOf(admin)).toEqual(['Three', 'One'])
    const withCleared = await listOf(admin, { includeCleared: 'true' })
    expect(withCleared.items.map((n) => [n.body, n.clearedAt])).toEqual([
      ['Three', null],
      ['Two', clearedAt],
      ['One', null],
    ])

    // Clearing it again changes nothing, not even when it was cleared.
    ctx.clock.advance(60_000)
    expect(await clear(admin, { ids: [two.id] })).toBe(0)
    expect((await listOf(admin, { includeCleared: 'true' })).items[1]?.clearedAt).toBe(clearedAt)
  })

  it('clears all of the user’s notifications with all=true, and only theirs', async () => {
    const admin = await createOrgWithUser(ctx)
    const ada = await addUser(ctx, admin.orgId, { role: 'admin' })
    await replies(admin, ['One', 'Two'])
    expect(await clear(admin, { all: true })).toBe(2)
    expect(await bodiesOf(admin)).toEqual([])
    expect(await bodiesOf(admin, { includeCleared: 'true' })).toEqual(['Two', 'One'])
    expect(await bodiesOf(ada)).toEqual(['Two', 'One'])
    // New notifications arrive uncleared after a clear-all.
    await replies(admin, ['Three'])
    expect(await bodiesOf(admin)).toEqual(['Three'])
    expect(await clear(admin, { all: true })).toBe(1)
  })

  it('clears nothing, and says so, when no ids are named', async () => {
    const admin = await createOrgWithUser(ctx)
    await replies(admin, ['Still here'])
    expect(await clear(admin, { ids: [] })).toBe(0)
    expect(await clear(admin, {})).toBe(0)
    expect(await clear(admin, { all: false })).toBe(0)
    expect(await bodiesOf(admin)).toEqual(['Still here'])
  })

  it("cannot clear another user's notification, in the organization or outside it", async () => {
    const admin = await createOrgWithUser(ctx)
    const ada = await addUser(ctx, admin.orgId, { role: 'admin' })
    const outsider = await createOrgWithUser(ctx)
    await replies(admin, ['One', 'Two'])
    const adminIds = (await listOf(admin)).items.map((n) => n.id)
    const adaIds = (await listOf(ada)).items.map((n) => n.id)
    expect(adaIds).toHaveLength(2)
    expect(adaIds.filter((id) => adminIds.includes(id))).toEqual([])

    expect(await clear(ada, { ids: adminIds })).toBe(0)
    expect(await clear(outsider, { ids: adminIds })).toBe(0)
    expect(await bodiesOf(admin)).toEqual(['Two', 'One'])
    // A mix of the user's own and another's ids clears only the user's own.
    expect(await clear(ada, { ids: [...adminIds, adaIds[0]!] })).toBe(1)
    expect(await bodiesOf(ada)).toEqual(['One'])
    expect(await bodiesOf(admin)).toEqual(['Two', 'One'])
    // Listing never shows another user's notifications either.
    expect(await bodiesOf(outsider, { includeCleared: 'true' })).toEqual([])
  })

  it('pages the notifications with nextCursor, without repeats or gaps, cleared ones too when asked', async () => {
    const admin = await createOrgWithUser(ctx)
    await replies(admin, ['1', '2', '3', '4', '5'])
    const all = async (query: Record<string, string>) => {
      const pages: string[][] = []
      let cursor: string | null = null
      for (let guard = 0; guard < 10; guard++) {
        const page = await listOf(admin, { ...query, limit: '2', ...(cursor ? { cursor } : {}) })
        pages.push(page.items.map((n) => n.body))
        cursor = page.nextCursor
        if (!cursor) break
      }
      return pages
    }
    expect(await all({})).toEqual([['5', '4'], ['3', '2'], ['1']])
    const three = (await listOf(admin)).items.find((n) => n.body === '3')!
    await clear(admin, { ids: [three.id] })
    expect(await all({})).toEqual([
      ['5', '4'],
      ['2', '1'],
    ])
    expect(await all({ includeCleared: 'true' })).toEqual([['5', '4'], ['3', '2'], ['1']])
    const tooMany = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/notifications?limit=201',
      headers: admin.headers,
    })
    expect(tooMany.statusCode).toBe(400)
  })
})
