import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, send } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('deleting and restoring messages on %s', (dialect) => {
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

  it('deletes and restores messages between their views', async () => {
    const admin = await createOrgWithUser(ctx)
    const a = (await send(ctx, admin, { to: MOBILE, body: 'A' })).json()
    const b = (await send(ctx, admin, { to: MOBILE, body: 'B' })).json()
    expect((await post(admin, '/api/v1/messages/delete', { ids: [a.id, b.id] })).json()).toEqual({
      changed: 2,
    })
    expect(await view(admin, 'pending')).toEqual([])
    expect((await view(admin, 'deleted')).sort()).toEqual([a.id, b.id].sort())
    await post(admin, '/api/v1/messages/restore', { ids: [a.id] })
    expect(await view(admin, 'pending')).toEqual([a.id])
    const unknown = await post(admin, '/api/v1/messages/delete', { ids: [a.id, 'nope'] })
    expect(unknown.statusCode).toBe(404)
    expect(await view(admin, 'pending')).toEqual([a.id]) // nothing changed by the refused request
  })
})
