import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('people API on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who = admin) {
    return ctx.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  }

  it('stores a typed mobile as E.164 and reads, changes and deletes the person', async () => {
    const created = await call('POST', '/api/v1/people', {
      firstName: ' Ann ',
      lastName: 'Smith',
      mobile: '07911 123456',
      email: 'ann@example.com',
      tags: ['Java', 'java ', 'London'],
      timeZone: 'europe/london',
      customFields: { source: 'LinkedIn' },
    })
    expect(created.statusCode).toBe(201)
    const person = created.json()
    expect(person).toMatchObject({
      kind: 'candidate',
      firstName: 'Ann',
      mobile: '+447911123456',
      tags: ['Java', 'London'],
      timeZone: 'Europe/London',
      customFields: { source: 'LinkedIn' },
    })
    expect(person).not.toHaveProperty('orgId')

    const read = await call('GET', `/api/v1/people/${person.id}`)
    expect(read.json()).toEqual(person)

    ctx.clock.advance(1000)
    const changed = await call('PATCH', `/api/v1/people/${person.id}`, {
      kind: 'contact',
      mobile: null,
      tags: [],
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({
      kind: 'contact',
      mobile: null,
      tags: [],
      email: 'ann@example.com',
    })
    expect(changed.json().updatedAt > person.updatedAt).toBe(true)

    expect((await call('DELETE', `/api/v1/people/${person.id}`)).statusCode).toBe(204)
    const gone = await call('GET', `/api/v1/people/${person.id}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json().code).toBe('PERSON_NOT_FOUND')
    expect((await call('DELETE', `/api/v1/people/${person.id}`)).statusCode).toBe(404)
    expect((await call('GET', '/api/v1/people')).json().items).toEqual([])
  })

  it('explains why a mobile, a time zone or a name is refused', async () => {
    const short = await call('POST', '/api/v1/people', { lastName: 'X', mobile: '12' })
    expect(short.statusCode).toBe(422)
    expect(short.json()).toMatchObject({
      code: 'PHONE_NUMBER_INVALID',
      message: 'mobile "12" is too short for GB',
    })

    const zone = await call('POST', '/api/v1/people', { lastName: 'X', timeZone: 'Mars/Olympus' })
    expect(zone.statusCode).toBe(422)
    expect(zone.json().code).toBe('TIME_ZONE_INVALID')
    expect(zone.json().message).toContain('"Mars/Olympus"')

    const nameless = await call('POST', '/api/v1/people', { firstName: ' ', mobile: '07911 123456' })
    expect(nameless.statusCode).toBe(400)
    expect(nameless.json().message).toContain('firstName or a lastName')
  })

  it('reads a local number with the organization default country', async () => {
    const swedes = await createOrgWithUser(ctx, { settings: { defaultCountry: 'SE' } })
    const res = await call('POST', '/api/v1/people', { firstName: 'Björn', mobile: '070-123 45 67' }, swedes)
    expect(res.statusCode).toBe(201)
    expect(res.json().mobile).toBe('+46701234567')
  })

  it('lets any user read but only records.manage write', async () => {
    const reader = await addUser(ctx, admin.orgId, { permissions: ['sms.send'] })
    const denied = await call('POST', '/api/v1/people', { lastName: 'X' }, reader)
    expect(denied.statusCode).toBe(403)
    expect(denied.json().message).toContain('records.manage')
    const created = await call('POST', '/api/v1/people', { lastName: 'X' })
    expect((await call('GET', `/api/v1/people/${created.json().id}`, undefined, reader)).statusCode).toBe(200)
    expect(
      (await call('PATCH', `/api/v1/people/${created.json().id}`, { lastName: 'Y' }, reader)).statusCode,
    ).toBe(403)
    expect((await call('DELETE', `/api/v1/people/${created.json().id}`, undefined, reader)).statusCode).toBe(
      403,
    )
    expect((await call('GET', '/api/v1/people')).json().items).toHaveLength(1)
  })

  it('refuses a company of another organization', async () => {
    const other = await createOrgWithUser(ctx)
    const company = await call('POST', '/api/v1/companies', { name: 'Theirs' }, other)
    const res = await call('POST', '/api/v1/people', { lastName: 'X', companyId: company.json().id })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('COMPANY_NOT_FOUND')
  })

  it('answers bad input with a specific 4xx', async () => {
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"lastName": "X",',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('REQUEST_MALFORMED_JSON')

    const unknown = await call('POST', '/api/v1/people', { lastName: 'X', shoeSize: 42 })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().message).toBe('body has an unknown field "shoeSize"')

    const wrongType = await call('POST', '/api/v1/people', { lastName: 'X', tags: 'java' })
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json().message).toContain('body/tags')

    const badKind = await call('POST', '/api/v1/people', { lastName: 'X', kind: 'client' })
    expect(badKind.statusCode).toBe(400)

    const badCustom = await call('POST', '/api/v1/people', { lastName: 'X', customFields: { 'a b': 'c' } })
    expect(badCustom.statusCode).toBe(400)
    expect(badCustom.json().message).toContain('customFields')

    const oversize = await call('POST', '/api/v1/people', { lastName: 'X', jobTitle: 'x'.repeat(2_000_000) })
    expect(oversize.statusCode).toBe(413)
    expect(oversize.json().code).toBe('REQUEST_TOO_LARGE')

    const missing = await call('PATCH', '/api/v1/people/00000000-0000-7000-8000-000000000000', {
      lastName: 'Y',
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().message).toBe('Person 00000000-0000-7000-8000-000000000000 not found')
  })
})
