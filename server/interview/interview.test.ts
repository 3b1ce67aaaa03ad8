import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, createPerson } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { SIGNED_TOKEN_LENGTH } from './signed-link'

const INVITE =
  'Hi {{ person.first_name }}, please pick a time for your {{ job.title }} interview: {{ interview.link }}'
const HOUR = 3600_000

describe.each(DIALECTS)('interview invitations on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function invite(actor: TestActor, payload: Record<string, unknown>) {
    return ctx.app.inject({ method: 'POST', url: '/api/v1/interviews', headers: actor.headers, payload })
  }

  async function setUp() {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const personId = await createPerson(ctx, admin, { firstName: 'Ann', lastName: 'Lee' })
    const job = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: admin.headers,
        payload: { title: 'Staff nurse' },
      })
    ).json()
    const now = ctx.clock.now().getTime()
    const slots = [new Date(now + 48 * HOUR).toISOString(), new Date(now + 24 * HOUR).toISOString()]
    const res = await invite(admin, {
      personId,
      jobId: job.id,
      slots,
      body: INVITE,
      timeZone: 'Europe/London',
    })
    expect(res.statusCode, res.body).toBe(201)
    return { admin, personId, interview: res.json() }
  }

  const path = (link: string) => new URL(link).pathname
  const open = (link: string) => ctx.app.inject({ method: 'GET', url: path(link) })
  const answer = (link: string, form: Record<string, string>) =>
    ctx.app.inject({
      method: 'POST',
      url: path(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    })

  async function notifications(actor: TestActor) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: actor.headers })
    return (res.json().items as { type: string; title: string }[]).filter(
      (n) => n.type === 'interview.answered',
    )
  }

  it('texts the candidate a short signed link to a page where they confirm a time, once', async () => {
    const { admin, interview } = await setUp()
    expect(interview).toMatchObject({
      status: 'invited',
      title: 'Interview: Staff nurse',
      timeZone: 'Europe/London',
    })
    expect(interview.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual(
      [...interview.slots.map((s: { startsAt: string }) => s.startsAt)].sort(),
    )
    expect(interview.link).toMatch(
      new RegExp(`^http://parley\\.test/i/[A-Za-z0-9_-]{${SIGNED_TOKEN_LENGTH}}$`),
    )
    const message = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/messages/${interview.messageId}`,
        headers: admin.headers,
      })
    ).json()
    expect(message.body).toBe(`Hi Ann, please pick a time for your Staff nurse interview: ${interview.link}`)
    expect(await balance(ctx, admin)).toBe(10 - message.credits)

    const page = await open(interview.link)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('name="viewport"')
    expect(page.body).toContain('Hi Ann, please choose a time')
    expect(page.body).toContain('Tue 6 Jan, 09:00')

    const first = interview.slots[0]
    const confirmed = await answer(interview.link, { choice: first.id })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.body).toContain('You are booked for Tue 6 Jan, 09:00')
    const again = await answer(interview.link, { choice: first.id })
    expect(again.statusCode).toBe(200)
    const other = await answer(interview.link, { choice: interview.slots[1].id })
    expect(other.statusCode).toBe(409)
    expect(other.body).toContain('You had already chosen this time')
    expect(await notifications(admin)).toEqual([
      expect.objectContaining({ title: 'Ann Lee confirmed Tue 6 Jan 09:00' }),
    ])
    const stored = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/interviews/${interview.id}`,
        headers: admin.headers,
      })
    ).json()
    expect(stored).toMatchObject({ status: 'confirmed', confirmedSlotId: first.id })
  })

  it('takes a request for another time, and shows clear pages for cancelled, expired and altered links', async () => {
    const { admin, interview } = await setUp()
    const asked = await answer(interview.link, { choice: 'other', note: 'Evenings <b>please</b>' })
    expect(asked.statusCode).toBe(200)
    await answer(interview.link, { choice: 'other', note: 'again' })
    expect(await notifications(admin)).toHaveLength(1)
    const stored = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/interviews/${interview.id}`,
        headers: admin.headers,
      })
    ).json()
    expect(stored).toMatchObject({ status: 'change_requested', answerNote: 'Evenings <b>please</b>' })
    const empty = await answer(interview.link, {})
    expect(empty.statusCode).toBe(422)
    const stranger = await answer(interview.link, { choice: 'not-a-slot' })
    expect(stranger.statusCode).toBe(422)

    const token = path(interview.link).slice(3)
    const flipped = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`
    for (const url of [`/i/${flipped}`, `/i/${token.slice(0, -1)}`, '/i/nonsense']) {
      const res = await ctx.app.inject({ method: 'GET', url })
      expect([url, res.statusCode]).toEqual([url, 404])
      expect(res.body).toContain('This link is not recognised')
    }

    const cancel = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/interviews/${interview.id}/cancel`,
      headers: admin.headers,
    })
    expect(cancel.json().status).toBe('cancelled')
    expect((await open(interview.link)).body).toContain('This interview has been cancelled')
    const late = await answer(interview.link, { choice: interview.slots[0].id })
    expect(late.statusCode).toBe(410)

    ctx.clock.advance(49 * HOUR)
    const expired = await open(interview.link)
    expect(expired.statusCode).toBe(410)
    expect(expired.body).toContain('This link has expired')
  })

  it('refuses an invitation without the link, past or repeated slots, and a rejection template', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const personId = await createPerson(ctx, admin, { firstName: 'Ann' })
    const noMobile = await createPerson(ctx, admin, { firstName: 'Bo', mobile: null })
    const now = ctx.clock.now().getTime()
    const slot = new Date(now + HOUR).toISOString()
    const rejection = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: admin.headers,
      payload: { name: 'No', category: 'rejection', body: 'No thanks {{ interview.link }}' },
    })
    const cases: [Record<string, unknown>, number, string][] = [
      [{ personId, slots: [slot], body: 'Come on Tuesday' }, 422, 'INTERVIEW_LINK_MISSING'],
      [
        { personId, slots: [new Date(now - HOUR).toISOString()], body: INVITE },
        422,
        'INTERVIEW_SLOTS_INVALID',
      ],
      [{ personId, slots: [slot, slot], body: INVITE }, 422, 'INTERVIEW_SLOTS_INVALID'],
      [{ personId, slots: [slot], templateId: rejection.json().id }, 422, 'TEMPLATE_NOT_FOR_SMS'],
      [
        { personId, slots: [slot], body: 'Hi {{ person.first_name }} {{ interview.link }} {{ job.title }}' },
        422,
        'TEMPLATE_FIELDS_MISSING',
      ],
      [{ personId: noMobile, slots: [slot], body: '{{ interview.link }}' }, 422, 'RECIPIENT_NO_MOBILE'],
      [
        { personId, slots: [slot], body: '{{ interview.link }}', timeZone: 'Mars/Base' },
        422,
        'TIME_ZONE_INVALID',
      ],
      [{ personId, slots: [], body: INVITE }, 400, 'REQUEST_INVALID'],
    ]
    for (const [payload, status, code] of cases) {
      const res = await invite(admin, payload)
      expect([res.statusCode, res.json().code], JSON.stringify(payload)).toEqual([status, code])
    }
    const poor = await createOrgWithUser(ctx, { credits: 0 })
    const poorPerson = await createPerson(ctx, poor, { firstName: 'Cy' })
    const broke = await invite(poor, { personId: poorPerson, slots: [slot], body: '{{ interview.link }}' })
    expect(broke.json().code).toBe('CREDITS_INSUFFICIENT')
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/interviews', headers: poor.headers })
    expect(list.json().items).toEqual([])
    expect(await balance(ctx, admin)).toBe(10)
  })
})
