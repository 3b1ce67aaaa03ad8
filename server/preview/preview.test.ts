import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('preview and phone parsing on %s', (dialect) => {
  let ctx: TestContext
  let actor: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    actor = await createOrgWithUser(ctx, {
      settings: { creditsPerSegment: 3, maxSegments: 2, defaultCountry: 'SE' },
    })
  })
  afterEach(() => ctx.close())

  function preview(payload: unknown, headers: Record<string, string> = actor.headers) {
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages/preview',
      headers,
      payload: payload as object,
    })
  }

  function parse(payload: unknown, headers: Record<string, string> = actor.headers) {
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/phone-numbers/parse',
      headers,
      payload: payload as object,
    })
  }

  it('counts segments and prices them with the organization settings', async () => {
    const res = await preview({ body: 'a'.repeat(307) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      encoding: 'GSM-7',
      segments: 3,
      credits: 9,
      characters: 307,
      units: 307,
      perSegment: 153,
      remaining: 152,
      nonGsmCharacters: [],
      maxSegments: 2,
      tooLong: true,
      quietHours: null,
      suggestion: null,
    })
  })

  it('suggests a GSM-7 spelling with the segments and credits it saves', async () => {
    const res = await preview({ body: `${'a'.repeat(80)} it’s “fine”` })
    const body = res.json()
    expect(body).toMatchObject({ encoding: 'UCS-2', segments: 2, credits: 6, tooLong: false })
    expect(body.nonGsmCharacters).toEqual(['’', '“', '”'])
    expect(body.suggestion).toEqual({
      body: `${'a'.repeat(80)} it's "fine"`,
      replacements: [
        { character: '’', replacement: "'", count: 1 },
        { character: '“', replacement: '"', count: 1 },
        { character: '”', replacement: '"', count: 1 },
      ],
      segments: 1,
      segmentsSaved: 1,
      credits: 3,
    })
  })

  it('offers no suggestion when an emoji keeps the message in UCS-2 anyway', async () => {
    const res = await preview({ body: 'Well done it’s yours 🎉' })
    expect(res.json()).toMatchObject({ encoding: 'UCS-2', segments: 1, suggestion: null })
  })

  it('answers any signed-in user, and refuses anonymous callers', async () => {
    const recruiter = await addUser(ctx, actor.orgId, { role: 'recruiter' })
    expect((await preview({ body: 'hi' }, recruiter.headers)).statusCode).toBe(200)
    const anonymous = await preview({ body: 'hi' }, {})
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().code).toBe('AUTH_REQUIRED')
    expect((await parse({ number: '0701234567' }, {})).statusCode).toBe(401)
  })

  it.each([
    ['a missing body', {}, 'body is missing the field "body"'],
    ['a number instead of text', { body: 123 }, 'body/body must be string'],
    ['an unknown field', { body: 'hi', phone: '+46701234567' }, 'body has an unknown field "phone"'],
    ['an oversize body', { body: 'a'.repeat(10_001) }, 'body/body must NOT have more than 10000 characters'],
  ])('refuses %s with REQUEST_INVALID', async (_label, payload, message) => {
    const res = await preview(payload)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID', message })
  })

  it('refuses malformed JSON with REQUEST_MALFORMED_JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages/preview',
      headers: { ...actor.headers, 'content-type': 'application/json' },
      payload: '{"body": "hi"',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('REQUEST_MALFORMED_JSON')
  })

  it('parses a local number with the organization default country', async () => {
    const res = await parse({ number: '070-123 45 67' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      valid: true,
      e164: '+46701234567',
      country: 'SE',
      isMobile: true,
      type: 'MOBILE',
      reason: null,
    })
  })

  it('uses the given default country, and says when mobile cannot be told', async () => {
    expect((await parse({ number: '020 7946 0321', defaultCountry: 'GB' })).json()).toMatchObject({
      valid: true,
      e164: '+442079460321',
      isMobile: false,
      type: 'FIXED_LINE',
    })
    expect((await parse({ number: '+1 415 555 2671' })).json()).toMatchObject({
      valid: true,
      country: 'US',
      isMobile: null,
    })
  })

  it('explains an invalid number in the reply rather than failing', async () => {
    const res = await parse({ number: '123', defaultCountry: 'GB' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ valid: false, e164: null, reason: 'is too short for GB' })
  })

  it('refuses an unknown default country with a clear message', async () => {
    const res = await parse({ number: '0701234567', defaultCountry: 'XX' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID' })
    expect(res.json().message).toContain('defaultCountry "XX" is not an ISO 3166')
  })

  it.each([
    ['a missing number', {}],
    ['a number given as a number', { number: 46701234567 }],
    ['an unknown field', { number: '0701234567', country: 'SE' }],
  ])('refuses %s with REQUEST_INVALID', async (_label, payload) => {
    const res = await parse(payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('REQUEST_INVALID')
  })
})
