import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { campaignAction, campaignMessages, createCampaign, seedPeople } from '../campaign/campaign-fixtures'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createPerson, getMessage, MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const NIGHT = { quietHours: { start: '21:00', end: '08:00' } }
const PERTH_MOBILE = '+61412345678'

describe.each(DIALECTS)('quiet hours on every send path on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function setTimeZone(admin: TestActor, personId: string, timeZone: string) {
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${personId}`,
      headers: admin.headers,
      payload: { timeZone },
    })
    expect(res.statusCode, res.body).toBe(200)
  }

  it('holds a text sent now at 23:00 their time until 08:00 their time, and the dispatcher waits', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    // 23:00 in London on 15 January (GMT).
    ctx.clock.set(new Date('2026-01-15T23:00:00Z'))
    const res = await send(ctx, admin, { to: MOBILE, body: 'Are you free tomorrow?' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({
      status: 'scheduled',
      sendAt: '2026-01-16T08:00:00.000Z',
      quietHoursOverrideReason: null,
    })
    const dispatcher = testDispatcher(ctx)
    ctx.clock.set(new Date('2026-01-16T07:59:00Z'))
    expect(await dispatcher.runOnce()).toBe(0)
    expect((await getMessage(ctx, admin, res.json().id)).status).toBe('scheduled')
    ctx.clock.set(new Date('2026-01-16T08:00:00Z'))
    expect(await dispatcher.runOnce()).toBe(1)
    expect((await getMessage(ctx, admin, res.json().id)).status).not.toBe('scheduled')
  })

  it('the compose preview says when a text held by quiet hours will go on the recipient clock', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    const stockholm = await createPerson(ctx, admin, { mobile: '+46701234567' })
    // 22:00 UTC on 15 January is 23:00 in Stockholm; 08:00 there is 07:00 UTC.
    ctx.clock.set(new Date('2026-01-15T22:00:00Z'))
    const preview = (payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/messages/preview', headers: admin.headers, payload })
    const held = await preview({ body: 'Hi', personId: stockholm })
    expect(held.statusCode, held.body).toBe(200)
    expect(held.json().quietHours).toEqual({
      heldUntil: '2026-01-16T07:00:00.000Z',
      localTime: '08:00',
      timeZone: 'Europe/Stockholm',
    })
    expect(
      (await preview({ body: 'Hi', personId: stockholm, sendAt: '2026-01-16T12:00:00Z' })).json().quietHours,
    ).toBeNull()
    expect((await preview({ body: 'Hi' })).json().quietHours).toBeNull()
    expect((await preview({ body: 'Hi', to: '+4670' })).json().quietHours).toBeNull()
  })

  it('sends at once inside quiet hours when overridden with a reason, and keeps the reason', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    ctx.clock.set(new Date('2026-01-15T23:00:00Z'))
    const reason = 'Night shift starts at midnight, they asked to be told'
    const res = await send(ctx, admin, {
      to: MOBILE,
      body: 'Shift confirmed',
      quietHoursOverride: { reason },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ status: 'queued', sendAt: null, quietHoursOverrideReason: reason })
    const stored = await ctx.app.inject({ url: `/api/v1/messages/${res.json().id}`, headers: admin.headers })
    expect(stored.json().quietHoursOverrideReason).toBe(reason)
    expect(await testDispatcher(ctx).runOnce()).toBe(1)
  })

  it('refuses an override without a reason, naming quietHoursOverride.reason, and sends nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    ctx.clock.set(new Date('2026-01-15T23:00:00Z'))
    for (const quietHoursOverride of [{ reason: '' }, { reason: '   ' }]) {
      const res = await send(ctx, admin, { to: MOBILE, body: 'Shift confirmed', quietHoursOverride })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json().code).toBe('QUIET_HOURS_OVERRIDE_REASON_MISSING')
      expect(res.json().message).toContain('quietHoursOverride.reason')
    }
    const missing = await send(ctx, admin, { to: MOBILE, body: 'Shift confirmed', quietHoursOverride: {} })
    expect(missing.statusCode, missing.body).toBe(400)
    expect(missing.body).toContain('reason')
    expect(await testDispatcher(ctx).runOnce()).toBe(0)
  })

  it('holds a reply in the conversation, but not the automatic answer to STOP', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    ctx.clock.set(new Date('2026-01-15T23:00:00Z'))
    const inbound = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: MOBILE, body: 'Is the job still open?' },
    })
    expect(inbound.statusCode, inbound.body).toBe(201)
    await ctx.deps.inbound.settled()
    const { conversationId } = inbound.json()
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: admin.headers,
      payload: { body: 'Yes, I will call you in the morning' },
    })
    expect(reply.statusCode, reply.body).toBe(201)
    expect(reply.json()).toMatchObject({ status: 'scheduled', sendAt: '2026-01-16T08:00:00.000Z' })

    const stop = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: MOBILE, body: 'STOP' },
    })
    expect(stop.statusCode, stop.body).toBe(201)
    await ctx.deps.inbound.settled()
    const list = await ctx.app.inject({
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: admin.headers,
    })
    const answers = (list.json().items as { kind: string; status: string; sendAt: string | null }[]).filter(
      (m) => m.kind === 'auto_reply',
    )
    expect(answers).toMatchObject([{ status: 'queued', sendAt: null }])
  })

  it('holds a scheduled one-to-one text per recipient zone (Perth at 03:00 goes at 08:00 Perth)', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    const perth = await createPerson(ctx, admin, { mobile: PERTH_MOBILE })
    await setTimeZone(admin, perth, 'Australia/Perth')
    // 19:00 UTC on 15 January is 03:00 on the 16th in Perth (UTC+8); 08:00 there is 00:00 UTC.
    const res = await send(ctx, admin, {
      personId: perth,
      body: 'Interview?',
      sendAt: '2026-01-15T19:00:00Z',
    })
    expect(res.json()).toMatchObject({ status: 'scheduled', sendAt: '2026-01-16T00:00:00.000Z' })
  })

  async function mailshotTo(admin: TestActor, extra: Record<string, unknown> = {}) {
    const [perth, london] = await seedPeople(ctx, admin.orgId, [
      { firstName: 'Pia', mobile: PERTH_MOBILE },
      { firstName: 'Leo', mobile: MOBILE },
    ])
    await setTimeZone(admin, perth!, 'Australia/Perth')
    const campaign = await createCampaign(ctx, admin, {
      name: 'Night shifts',
      source: { type: 'people', personIds: [perth, london] },
      body: 'Hi {{ person.first_name }}, night shifts are open',
      ...extra,
    })
    const res = await campaignAction(ctx, admin, campaign.id, 'launch')
    expect(res.statusCode, res.body).toBe(200)
    const rows = await campaignMessages(ctx, admin, campaign.id)
    const byPhone = (phone: string) =>
      rows.find((m) => (m as { to?: string }).to === phone) as unknown as {
        status: string
        sendAt: string | null
      }
    return { perth: byPhone(PERTH_MOBILE), london: byPhone(MOBILE) }
  }

  it('holds each mailshot recipient sent now to the end of their own quiet hours', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    // 22:00 UTC: 22:00 in London (quiet until 08:00 UTC), 06:00 next day in Perth (quiet until 00:00 UTC).
    ctx.clock.set(new Date('2026-01-15T22:00:00Z'))
    const { perth, london } = await mailshotTo(admin)
    expect(perth).toMatchObject({ status: 'scheduled', sendAt: '2026-01-16T00:00:00.000Z' })
    expect(london).toMatchObject({ status: 'scheduled', sendAt: '2026-01-16T08:00:00.000Z' })
    ctx.clock.set(new Date('2026-01-16T00:00:00Z'))
    expect(await testDispatcher(ctx).runOnce()).toBe(1)
  })

  it('moves a mailshot scheduled for 03:00 Perth to 08:00 Perth, and leaves London at its time', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    ctx.clock.set(new Date('2026-01-15T09:00:00Z'))
    const { perth, london } = await mailshotTo(admin, { sendAt: '2026-01-15T19:00:00.000Z' })
    expect(perth).toMatchObject({ status: 'scheduled', sendAt: '2026-01-16T00:00:00.000Z' })
    // 19:00 UTC is 19:00 in London: outside quiet hours, so it goes as scheduled.
    expect(london).toMatchObject({ status: 'scheduled', sendAt: '2026-01-15T19:00:00.000Z' })
  })

  it('says in the mailshot preview how many texts quiet hours hold, and until when the last one', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10, settings: NIGHT })
    const [perth, london] = await seedPeople(ctx, admin.orgId, [
      { firstName: 'Pia', mobile: PERTH_MOBILE },
      { firstName: 'Leo', mobile: MOBILE },
    ])
    await setTimeZone(admin, perth!, 'Australia/Perth')
    const preview = async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/campaigns/preview',
        headers: admin.headers,
        payload: { source: { type: 'people', personIds: [perth, london] }, body: 'Night shifts are open' },
      })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().quietHours
    }
    // 22:00 UTC: quiet in London (until 08:00 UTC) and in Perth (06:00 there, until 00:00 UTC).
    ctx.clock.set(new Date('2026-01-15T22:00:00Z'))
    expect(await preview()).toEqual({
      held: 2,
      lastHeldUntil: '2026-01-16T08:00:00.000Z',
      lastLocalTime: '08:00',
      // +44 7911 numbers are Guernsey's range, on London time
      lastTimeZone: 'Europe/Guernsey',
    })
    // 12:00 UTC: 20:00 in Perth and noon in London, neither quiet.
    ctx.clock.set(new Date('2026-01-15T12:00:00Z'))
    expect(await preview()).toBeNull()
  })
})
