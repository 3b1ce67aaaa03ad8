import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser } from '../test/fixtures'
import { send, simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('conversation order and paging on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('orders conversations by the last direct message unless marketed messages count', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 50 })
    const a = (await send(ctx, admin, { to: '+447911000001', body: 'direct to A' })).json()
    ctx.clock.advance(1000)
    const b = (await send(ctx, admin, { to: '+447911000002', body: 'direct to B' })).json()
    ctx.clock.advance(1000)
    // A later bulk (marketing) message to A must not move A up by default.
    const { sendMessage } = await import('../outbound/send.service')
    await sendMessage(
      ctx.deps,
      { orgId: admin.orgId, userId: admin.userId },
      { to: '+447911000001', body: 'Newsletter', kind: 'bulk' },
    )
    const list = async () =>
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: admin.headers }))
        .json()
        .items.map((c: { id: string }) => c.id)
    expect(await list()).toEqual([b.conversationId, a.conversationId])
    await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization',
      headers: admin.headers,
      payload: { settings: { includeMarketedWhenSorting: true } },
    })
    expect(await list()).toEqual([a.conversationId, b.conversationId])
  })

  it('shows on each conversation the time the list sorts by, so the times shown run in order', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 50 })
    const a = (await send(ctx, admin, { to: '+447911000001', body: 'direct to A' })).json()
    ctx.clock.advance(60_000)
    const b = (await send(ctx, admin, { to: '+447911000002', body: 'direct to B' })).json()
    ctx.clock.advance(60_000)
    const { sendMessage } = await import('../outbound/send.service')
    const bulk = (to: string, body: string) =>
      sendMessage(ctx.deps, { orgId: admin.orgId, userId: admin.userId }, { to, body, kind: 'bulk' })
    await bulk('+447911000001', 'Newsletter')
    const newsletterAt = ctx.clock.now().toISOString()
    ctx.clock.advance(60_000)
    // a number that only ever had bulk texts sorts last and shows its last text's time
    await bulk('+447911000003', 'Newsletter')
    const onlyBulkAt = ctx.clock.now().toISOString()
    const list = async () =>
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: admin.headers }))
        .json()
        .items.map((c: { phone: string; lastMessageAt: string }) => [c.phone, c.lastMessageAt])
    expect(await list()).toEqual([
      ['+447911000002', b.createdAt],
      ['+447911000001', a.createdAt],
      ['+447911000003', onlyBulkAt],
    ])
    await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization',
      headers: admin.headers,
      payload: { settings: { includeMarketedWhenSorting: true } },
    })
    expect(await list()).toEqual([
      ['+447911000003', onlyBulkAt],
      ['+447911000001', newsletterAt],
      ['+447911000002', b.createdAt],
    ])
  })

  it('pages conversations and history with cursors', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 50 })
    for (let i = 0; i < 5; i++) {
      await simulateReply(ctx, admin, `+4479110000${10 + i}`, `hello ${i}`)
      ctx.clock.advance(1000)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const url: string = `/api/v1/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = (await ctx.app.inject({ method: 'GET', url, headers: admin.headers })).json()
      seen.push(...page.items.map((c: { phone: string }) => c.phone))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([
      '+447911000014',
      '+447911000013',
      '+447911000012',
      '+447911000011',
      '+447911000010',
    ])
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/conversations?cursor=garbage',
      headers: admin.headers,
    })
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'REQUEST_INVALID'])
  })
})
