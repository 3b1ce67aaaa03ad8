import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser } from '../test/fixtures'
import {
  balance,
  createPerson,
  eventually,
  getMessage,
  MOBILE,
  send,
  testDispatcher,
} from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('sending one-to-one on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('sends to a person: queued, charged, sent once, then delivered, and on their journal', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const personId = await createPerson(ctx, admin)
    const res = await send(ctx, admin, { personId, body: 'Hi Jane, are you free for a call at 3?' })
    expect(res.statusCode, res.body).toBe(201)
    const message = res.json()
    expect(message).toMatchObject({ status: 'queued', segments: 1, credits: 1, to: MOBILE, personId })
    expect(await balance(ctx, admin)).toBe(9)

    expect(await testDispatcher(ctx).runOnce()).toBe(1)
    await eventually(async () => expect((await getMessage(ctx, admin, message.id)).status).toBe('delivered'))
    const done = await getMessage(ctx, admin, message.id)
    expect(done.providerMessageId).toMatch(/^SIM/)
    expect(done.attempts).toBe(1)
    expect(await testDispatcher(ctx).runOnce()).toBe(0)

    const journal = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/people/${personId}/messages`,
      headers: admin.headers,
    })
    expect(journal.json().items.map((m: { id: string }) => m.id)).toEqual([message.id])
  })

  it('charges segments x the per-segment rate and refuses a message over the maximum length', async () => {
    const admin = await createOrgWithUser(ctx, {
      credits: 50,
      settings: { creditsPerSegment: 2, maxSegments: 2 },
    })
    const two = await send(ctx, admin, { to: '07911 123456', body: 'x'.repeat(200) })
    expect(two.json()).toMatchObject({ segments: 2, credits: 4, to: MOBILE })
    const three = await send(ctx, admin, { to: '07911 123456', body: 'x'.repeat(400) })
    expect(three.statusCode).toBe(422)
    expect(three.json()).toMatchObject({
      code: 'MESSAGE_TOO_LONG',
      message: 'The message is 3 segments; the organization allows at most 2',
    })
    expect(await balance(ctx, admin)).toBe(46)
  })

  it('refuses with CREDITS_INSUFFICIENT and the numbers, and stores nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 1 })
    const res = await send(ctx, admin, { to: MOBILE, body: 'y'.repeat(200) })
    expect(res.statusCode).toBe(402)
    expect(res.json()).toMatchObject({ code: 'CREDITS_INSUFFICIENT', details: { needed: 2, available: 1 } })
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/messages', headers: admin.headers })
    expect(list.json().items).toEqual([])
    expect(await balance(ctx, admin)).toBe(1)
  })

  it('never overdraws the balance under concurrent sends', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(ctx, admin, { to: MOBILE, body: `Concurrent ${i}` })),
    )
    const codes = results.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 201)).toHaveLength(10)
    expect(codes.filter((c) => c === 402)).toHaveLength(20)
    expect(await balance(ctx, admin)).toBe(0)
    const ledger = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger',
      headers: admin.headers,
    })
    const afters = ledger.json().items.map((e: { balanceAfter: number }) => e.balanceAfter)
    expect(afters.slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('is idempotent on a client-given id', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const id = '0190f5d2-8a7b-7c3d-9e1f-123456789abc'
    const first = await send(ctx, admin, { id, to: MOBILE, body: 'Once only' })
    const again = await send(ctx, admin, { id, to: MOBILE, body: 'Once only' })
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(id)
    expect(await balance(ctx, admin)).toBe(9)
    const other = await send(ctx, admin, { id, to: MOBILE, body: 'Something else' })
    expect(other.json().code).toBe('MESSAGE_ID_CONFLICT')
  })

  it('answers the same client-given id sent at the same moment with one message, charged once', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const id = '0190f5d2-8a7b-7c3d-9e1f-123456789abd'
    const results = await Promise.all(
      Array.from({ length: 4 }, () => send(ctx, admin, { id, to: MOBILE, body: 'Once only' })),
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201])
    expect(new Set(results.map((r) => r.json().id))).toEqual(new Set([id]))
    expect(await balance(ctx, admin)).toBe(9)
    // the id is taken in another organization too: a conflict, not a server error
    const other = await createOrgWithUser(ctx, { credits: 10 })
    const elsewhere = await send(ctx, other, { id, to: MOBILE, body: 'Once only' })
    expect(elsewhere.statusCode).toBe(409)
    expect(elsewhere.json().code).toBe('MESSAGE_ID_CONFLICT')
    expect(await balance(ctx, other)).toBe(10)
  })

  it('sends the subject as the first line only when the organization says so', async () => {
    const admin = await createOrgWithUser(ctx, { settings: { sendSubject: true } })
    const res = await send(ctx, admin, { to: MOBILE, subject: 'Interview', body: 'See you at 10' })
    expect(res.json().body).toBe('Interview\nSee you at 10')
    const plain = await createOrgWithUser(ctx)
    const res2 = await send(ctx, plain, { to: MOBILE, subject: 'Interview', body: 'See you at 10' })
    expect(res2.json()).toMatchObject({ body: 'See you at 10', subject: 'Interview' })
  })

  it('schedules, waits for sendAt, and cancels with a refund; a sent message cannot be cancelled', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const sendAt = new Date(ctx.clock.now().getTime() + 3600_000).toISOString()
    const scheduled = (await send(ctx, admin, { to: MOBILE, body: 'Later', sendAt })).json()
    expect(scheduled).toMatchObject({ status: 'scheduled', sendAt })
    const dispatcher = testDispatcher(ctx)
    expect(await dispatcher.runOnce()).toBe(0)
    const pending = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/messages?view=pending',
      headers: admin.headers,
    })
    expect(pending.json().items.map((m: { id: string }) => m.id)).toEqual([scheduled.id])

    const toCancel = (await send(ctx, admin, { to: MOBILE, body: 'Never', sendAt })).json()
    const cancel = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${toCancel.id}/cancel`,
      headers: admin.headers,
    })
    expect(cancel.json().status).toBe('cancelled')
    expect(await balance(ctx, admin)).toBe(9)

    ctx.clock.advance(3600_000)
    expect(await dispatcher.runOnce()).toBe(1)
    expect((await getMessage(ctx, admin, scheduled.id)).status).not.toBe('scheduled')
    expect((await getMessage(ctx, admin, toCancel.id)).status).toBe('cancelled')
    const late = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${scheduled.id}/cancel`,
      headers: admin.headers,
    })
    expect(late.statusCode).toBe(409)
    expect(late.json().code).toBe('MESSAGE_NOT_CANCELLABLE')
  })

  it('gives specific errors for bad input and charges nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const noMobile = await createPerson(ctx, admin, { mobile: null })
    const past = new Date(ctx.clock.now().getTime() - 1000).toISOString()
    const far = new Date(ctx.clock.now().getTime() + 400 * 86400_000).toISOString()
    const cases: [Record<string, unknown>, number, string][] = [
      [{ personId: 'nope', body: 'x' }, 404, 'PERSON_NOT_FOUND'],
      [{ personId: noMobile, body: 'x' }, 422, 'RECIPIENT_NO_MOBILE'],
      [{ to: '12', body: 'x' }, 422, 'PHONE_NUMBER_INVALID'],
      [{ to: '020 7946 0000', body: 'x' }, 422, 'RECIPIENT_NOT_MOBILE'],
      [{ to: MOBILE, body: '   ' }, 422, 'MESSAGE_BODY_EMPTY'],
      [{ to: MOBILE, body: 'x', sendAt: past }, 422, 'MESSAGE_SCHEDULE_INVALID'],
      [{ to: MOBILE, body: 'x', sendAt: far }, 422, 'MESSAGE_SCHEDULE_INVALID'],
      [{ to: MOBILE, body: 'x'.repeat(5001) }, 400, 'REQUEST_INVALID'],
      [{ to: MOBILE, personId: noMobile, body: 'x' }, 400, 'REQUEST_INVALID'],
      [{ body: 'x' }, 400, 'REQUEST_INVALID'],
      [{ to: MOBILE, body: 'x', connectionId: 'nope' }, 404, 'CONNECTION_NOT_FOUND'],
      [{ to: MOBILE, body: 'x', colour: 'red' }, 400, 'REQUEST_INVALID'],
    ]
    for (const [payload, status, code] of cases) {
      const res = await send(ctx, admin, payload)
      expect([res.statusCode, res.json().code], JSON.stringify(payload)).toEqual([status, code])
    }
    expect(await balance(ctx, admin)).toBe(10)
  })

  it('needs the send permission', async () => {
    const admin = await createOrgWithUser(ctx)
    const viewer = await addUser(ctx, admin.orgId, { role: 'recruiter', permissions: ['records.manage'] })
    const res = await send(ctx, viewer, { to: MOBILE, body: 'x' })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('PERMISSION_DENIED')
  })
})

describe.each(DIALECTS)('quiet hours on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it("holds a scheduled text until quiet hours end in the recipient's time zone", async () => {
    const admin = await createOrgWithUser(ctx, { settings: { quietHours: { start: '21:00', end: '08:00' } } })
    const sydney = await createPerson(ctx, admin, { mobile: '+61412345678' })
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${sydney}`,
      headers: admin.headers,
      payload: { timeZone: 'Australia/Sydney' },
    })
    // 12:00 UTC on 15 January is 23:00 in Sydney: the text waits until 08:00 there (21:00 UTC).
    const res = await send(ctx, admin, {
      personId: sydney,
      body: 'Interview tomorrow?',
      sendAt: '2026-01-15T12:00:00Z',
    })
    expect(res.json()).toMatchObject({ status: 'scheduled', sendAt: '2026-01-15T21:00:00.000Z' })
    // A UK number without a person time zone uses the country's: 12:00 UTC is fine in London.
    const uk = await send(ctx, admin, { to: MOBILE, body: 'Lunch?', sendAt: '2026-01-15T12:00:00Z' })
    expect(uk.json().sendAt).toBe('2026-01-15T12:00:00.000Z')
  })
})
