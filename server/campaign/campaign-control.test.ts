import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import {
  campaignAction,
  campaignMessages,
  createCampaign,
  getCampaign,
  mobiles,
  seedPeople,
} from './campaign-fixtures'

describe.each(DIALECTS)('running a mailshot on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect, { SIMULATOR_DELIVERY_DELAY_MS: '30' })
  })
  afterEach(() => ctx.close())

  async function launchTo(admin: TestActor, numbers: string[], extra: Record<string, unknown> = {}) {
    const ids = await seedPeople(
      ctx,
      admin.orgId,
      numbers.map((mobile, i) => ({ firstName: `P${i}`, mobile })),
    )
    const campaign = await createCampaign(ctx, admin, {
      name: 'Weekend shifts',
      source: { type: 'people', personIds: ids },
      body: 'Hi {{ person.first_name }}, weekend shifts are open',
      ...extra,
    })
    const res = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  it('waits for its time, and a pause holds it past that time until resumed', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const sendAt = new Date(ctx.clock.now().getTime() + 3600_000).toISOString()
    const campaign = await launchTo(admin, mobiles(3), { sendAt })
    expect(campaign).toMatchObject({ status: 'scheduled', progress: { pending: 3 } })
    const dispatcher = testDispatcher(ctx)
    expect(await dispatcher.runOnce()).toBe(0)

    const paused = await campaignAction(ctx, admin, campaign.id, 'pause')
    expect(paused.json()).toMatchObject({ status: 'paused', progress: { paused: 3, pending: 0 } })
    ctx.clock.advance(2 * 3600_000)
    expect(await dispatcher.runOnce()).toBe(0)
    const twice = await campaignAction(ctx, admin, campaign.id, 'pause')
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'CAMPAIGN_STATE_INVALID'])

    const resumed = await campaignAction(ctx, admin, campaign.id, 'resume')
    expect(resumed.json()).toMatchObject({ status: 'running', progress: { pending: 3, paused: 0 } })
    expect(await dispatcher.runOnce()).toBe(3)
    expect((await getCampaign(ctx, admin, campaign.id)).progress).toMatchObject({ sent: 3, pending: 0 })
    expect(await balance(ctx, admin)).toBe(7)
  })

  it('cancelled mid-run: what has not gone does not go, and its credits come back in one refund', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const campaign = await launchTo(admin, mobiles(30))
    expect(await balance(ctx, admin)).toBe(70)
    // The simulator allows 50 texts a second; a 0.2 s claim window takes 10 of them.
    const dispatcher = testDispatcher(ctx, { claimWindowSeconds: 0.2 })
    expect(await dispatcher.runOnce()).toBe(10)

    const cancelled = await campaignAction(ctx, admin, campaign.id, 'cancel')
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      launch: { credits: 30, refundedCredits: 20 },
      progress: { total: 30, sent: 10, cancelled: 20, pending: 0 },
    })
    expect(await balance(ctx, admin)).toBe(90)
    expect(await dispatcher.runOnce()).toBe(0)
    const statuses = (await campaignMessages(ctx, admin, campaign.id)).map((m) => m.status)
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(20)
    const ledger = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger',
      headers: admin.headers,
    })
    expect(ledger.json().items[0]).toMatchObject({ reason: 'refund', delta: 20, balanceAfter: 90 })
    const again = await campaignAction(ctx, admin, campaign.id, 'cancel')
    expect(again.json().code).toBe('CAMPAIGN_STATE_INVALID')
    const resend = await campaignAction(ctx, admin, campaign.id, 'resend-failed')
    expect(resend.json().code).toBe('CAMPAIGN_STATE_INVALID')
  })

  it('a connection that rejects half the texts: failures are refunded, then resent once, charged again', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 20 })
    const numbers = [...mobiles(3), ...mobiles(3, 10, '0999')]
    const campaign = await launchTo(admin, numbers)
    expect(await balance(ctx, admin)).toBe(14)
    expect(await testDispatcher(ctx).runOnce()).toBe(6)
    const after = await getCampaign(ctx, admin, campaign.id)
    expect(after).toMatchObject({ status: 'completed', progress: { sent: 3, failed: 3, pending: 0 } })
    expect(await balance(ctx, admin)).toBe(17)
    const done = await campaignAction(ctx, admin, campaign.id, 'cancel')
    expect([done.statusCode, done.json().message]).toEqual([
      409,
      'Mailshot Weekend shifts is completed; nothing is left to send',
    ])
    const failed = await campaignMessages(ctx, admin, campaign.id, 'failed')
    expect(failed.map((m) => m.error)).toEqual(Array(3).fill('The number does not exist (simulated)'))

    const resend = await campaignAction(ctx, admin, campaign.id, 'resend-failed')
    expect(resend.json()).toEqual({ resent: 3, skippedOptedOut: 0, skippedUnknown: 0, credits: 3 })
    expect(await balance(ctx, admin)).toBe(14)
    expect((await getCampaign(ctx, admin, campaign.id)).status).toBe('running')
    expect(await testDispatcher(ctx).runOnce()).toBe(3)
    expect(await balance(ctx, admin)).toBe(17)
    const progress = (await getCampaign(ctx, admin, campaign.id)).progress
    expect(progress).toMatchObject({ total: 9, sent: 3, failed: 6 })
    // The first failures were resent already; only the new ones are left to resend.
    const second = await campaignAction(ctx, admin, campaign.id, 'resend-failed')
    expect(second.json().resent).toBe(3)
  })
})
