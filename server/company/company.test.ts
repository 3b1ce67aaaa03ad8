import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('companies API on %s', (dialect) => {
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

  it('creates, finds by name, changes and deletes a company', async () => {
    const created = await call('POST', '/api/v1/companies', {
      name: 'Acme Ltd',
      phone: '020 3880 0101',
      website: 'acme.example',
    })
    expect(created.statusCode).toBe(201)
    const acme = created.json()
    expect(acme).toMatchObject({ name: 'Acme Ltd', phone: '+442038800101', website: 'acme.example' })
    await call('POST', '/api/v1/companies', { name: 'Globex' })

    const found = await call('GET', '/api/v1/companies?q=ACME')
    expect(found.json().items.map((c: { name: string }) => c.name)).toEqual(['Acme Ltd'])

    ctx.clock.advance(1000)
    const changed = await call('PATCH', `/api/v1/companies/${acme.id}`, { phone: null, name: 'Acme plc' })
    expect(changed.json()).toMatchObject({ name: 'Acme plc', phone: null, website: 'acme.example' })
    expect(changed.json().updatedAt > acme.updatedAt).toBe(true)

    const person = await call('POST', '/api/v1/people', { lastName: 'Worker', companyId: acme.id })
    const job = await call('POST', '/api/v1/jobs', { title: 'Welder', companyId: acme.id })
    expect((await call('DELETE', `/api/v1/companies/${acme.id}`)).statusCode).toBe(204)
    expect((await call('GET', `/api/v1/companies/${acme.id}`)).json().code).toBe('COMPANY_NOT_FOUND')
    // The people and jobs of a deleted company stay, without it.
    expect((await call('GET', `/api/v1/people/${person.json().id}`)).json().companyId).toBeNull()
    expect((await call('GET', `/api/v1/jobs/${job.json().id}`)).json().companyId).toBeNull()
  })

  it('pages through companies and refuses bad input', async () => {
    for (let i = 0; i < 5; i++) await call('POST', '/api/v1/companies', { name: `C${i}` })
    const first = await call('GET', '/api/v1/companies?limit=2')
    expect(first.json().items.map((c: { name: string }) => c.name)).toEqual(['C4', 'C3'])
    const second = await call('GET', `/api/v1/companies?limit=2&cursor=${first.json().nextCursor}`)
    expect(second.json().items.map((c: { name: string }) => c.name)).toEqual(['C2', 'C1'])

    const badPhone = await call('POST', '/api/v1/companies', { name: 'X', phone: 'call us' })
    expect(badPhone.statusCode).toBe(422)
    expect(badPhone.json().message).toBe('phone "call us" is not a phone number')
    expect((await call('POST', '/api/v1/companies', { name: '' })).statusCode).toBe(400)
    expect((await call('POST', '/api/v1/companies', { name: '   ' })).json().message).toBe(
      'body/name is blank',
    )
    const recruiter = await addUser(ctx, admin.orgId, { permissions: [] })
    expect((await call('POST', '/api/v1/companies', { name: 'Y' }, recruiter)).statusCode).toBe(403)
    expect((await call('GET', '/api/v1/companies', undefined, recruiter)).statusCode).toBe(200)
  })
})
