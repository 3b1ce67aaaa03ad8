import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_ORG_SETTINGS } from '../core/org-settings'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, eventually, getMessage, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

/** The phone simulator accepts texts to numbers ending 0666, then reports them undelivered. */
const HANDSET_OFF = '+447911110666'

describe.each(DIALECTS)('phone simulator outcomes and the default length limit on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const view = async (actor: TestActor, name: string) =>
    (await ctx.app.inject({ method: 'GET', url: `/api/v1/messages?view=${name}`, headers: actor.headers }))
      .json()
      .items.map((m: { id: string }) => m.id) as string[]

  it('ends a text to a number ending 0666 undelivered: accepted and charged, then reported, and the sender told', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const res = await send(ctx, admin, { to: HANDSET_OFF, body: 'Are you there?' })
    expect(res.statusCode, res.body).toBe(201)
    const message = res.json() as { id: string; conversationId: string }
    expect(await testDispatcher(ctx).runOnce()).toBe(1)

    await eventually(async () =>
      expect((await getMessage(ctx, admin, message.id)).status).toBe('undelivered'),
    )
    const done = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/messages/${message.id}`,
      headers: admin.headers,
    })
    expect(done.json()).toMatchObject({
      status: 'undelivered',
      errorCode: 'SIM_HANDSET_OFF',
      error: 'The handset is switched off or out of coverage (simulated)',
      attempts: 1,
    })
    expect(done.json().providerMessageId).toMatch(/^SIM/)
    // The provider accepted it, so the credit is spent: nothing is refunded.
    expect(await balance(ctx, admin)).toBe(9)
    expect(await view(admin, 'failed')).toEqual([message.id])
    expect(await view(admin, 'pending')).toEqual([])
    const notifications = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: admin.headers,
    })
    expect(notifications.json().items).toMatchObject([
      {
        type: 'message.failed',
        messageId: message.id,
        conversationId: message.conversationId,
        title: `Text to ${HANDSET_OFF} was not delivered`,
        body: 'The handset is switched off or out of coverage (simulated)',
      },
    ])
    // Nothing is left for the dispatcher to retry.
    expect(await testDispatcher(ctx).runOnce()).toBe(0)
  })

  it('accepts 10 segments and refuses 11 with MESSAGE_TOO_LONG under the default settings', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const org = await ctx.app.inject({ method: 'GET', url: '/api/v1/organization', headers: admin.headers })
    expect(org.json().settings).toEqual(DEFAULT_ORG_SETTINGS)
    expect(org.json().settings.maxSegments).toBe(10)

    // GSM-7: 153 characters a part once a text needs more than one.
    const ten = await send(ctx, admin, { to: '07911 123456', body: 'x'.repeat(153 * 10) })
    expect(ten.statusCode, ten.body).toBe(201)
    expect(ten.json()).toMatchObject({ segments: 10, credits: 10, encoding: 'GSM-7' })
    const eleven = await send(ctx, admin, { to: '07911 123456', body: 'x'.repeat(153 * 10 + 1) })
    expect(eleven.statusCode).toBe(422)
    expect(eleven.json()).toMatchObject({
      code: 'MESSAGE_TOO_LONG',
      message: 'The message is 11 segments; the organization allows at most 10',
    })

    // UCS-2 (Cyrillic): 67 characters a part.
    const tenUcs2 = await send(ctx, admin, { to: '07911 123456', body: 'Ж'.repeat(67 * 10) })
    expect(tenUcs2.json()).toMatchObject({ segments: 10, credits: 10, encoding: 'UCS-2' })
    const elevenUcs2 = await send(ctx, admin, { to: '07911 123456', body: 'Ж'.repeat(67 * 10 + 1) })
    expect([elevenUcs2.statusCode, elevenUcs2.json().code]).toEqual([422, 'MESSAGE_TOO_LONG'])

    // Only the two accepted texts were stored and charged.
    expect(await balance(ctx, admin)).toBe(80)
    expect((await view(admin, 'pending')).sort()).toEqual([ten.json().id, tenUcs2.json().id].sort())
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/organization', headers: admin.headers })
    expect(after.json().settings).toEqual(DEFAULT_ORG_SETTINGS)
  })
})
