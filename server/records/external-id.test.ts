import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('companies, jobs and placements by external id on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, who = admin) {
    return ctx.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  }

  it('creates and changes a company, a job and a placement by their ATS ids', async () => {
    const company = await call('PUT', '/api/v1/companies/by-external-id/c-1', { name: 'Acme' })
    expect(company.statusCode).toBe(201)
    expect(company.json()).toMatchObject({ name: 'Acme', externalId: 'c-1' })
    const renamed = await call('PUT', '/api/v1/companies/by-external-id/c-1', {
      website: 'https://acme.example',
    })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json()).toMatchObject({
      id: company.json().id,
      name: 'Acme',
      website: 'https://acme.example',
    })

    const job = await call('PUT', '/api/v1/jobs/by-external-id/j-1', {
      title: 'Java developer',
      companyId: company.json().id,
    })
    expect(job.statusCode).toBe(201)
    const filled = await call('PUT', '/api/v1/jobs/by-external-id/j-1', { status: 'filled' })
    expect(filled.json()).toMatchObject({
      id: job.json().id,
      title: 'Java developer',
      status: 'filled',
      externalId: 'j-1',
    })

    const applicant = (await call('PUT', '/api/v1/people/by-external-id/p-1', { lastName: 'Okafor' })).json()
    const placement = await call('PUT', '/api/v1/placements/by-external-id/pl-1', {
      jobId: job.json().id,
      applicantId: applicant.id,
      startDate: '2027-01-04',
    })
    expect(placement.statusCode).toBe(201)
    const moved = await call('PUT', '/api/v1/placements/by-external-id/pl-1', {
      jobId: job.json().id,
      startDate: '2027-01-11',
    })
    expect(moved.statusCode).toBe(200)
    expect(moved.json()).toMatchObject({
      id: placement.json().id,
      startDate: '2027-01-11',
      externalId: 'pl-1',
    })

    for (const [collection, id] of [
      ['companies', company.json().id],
      ['jobs', job.json().id],
      ['placements', placement.json().id],
    ]) {
      const found = await call(
        'GET',
        `/api/v1/${collection}?externalId=${collection[0]}${collection === 'placements' ? 'l' : ''}-1`,
      )
      expect(
        found.json().items.map((r: { id: string }) => r.id),
        collection,
      ).toEqual([id])
    }
  })

  it('refuses what a new record lacks, a second record with the id, and a moved placement', async () => {
    const nameless = await call('PUT', '/api/v1/companies/by-external-id/c-9', {
      website: 'https://x.example',
    })
    expect(nameless.statusCode).toBe(400)
    expect(nameless.json().message).toBe('body/name is required to create a company')
    const titleless = await call('PUT', '/api/v1/jobs/by-external-id/j-9', { status: 'open' })
    expect(titleless.json().message).toBe('body/title is required to create a job')
    const jobless = await call('PUT', '/api/v1/placements/by-external-id/pl-9', { startDate: '2027-01-04' })
    expect(jobless.json().message).toBe('body/jobId and body/applicantId are required to create a placement')
    expect((await call('GET', '/api/v1/companies')).json().items).toHaveLength(0)
    expect((await call('GET', '/api/v1/jobs')).json().items).toHaveLength(0)

    await call('POST', '/api/v1/companies', { name: 'A', externalId: 'same' })
    const clash = await call('POST', '/api/v1/companies', { name: 'B', externalId: 'same' })
    expect(clash.statusCode).toBe(409)
    expect(clash.json()).toMatchObject({
      code: 'EXTERNAL_ID_TAKEN',
      message: 'Another company already has external id same',
    })
    const b = (await call('POST', '/api/v1/companies', { name: 'B' })).json()
    expect((await call('PATCH', `/api/v1/companies/${b.id}`, { externalId: 'same' })).json().code).toBe(
      'EXTERNAL_ID_TAKEN',
    )
    // the same id on another kind of record, or in another organization, is no clash
    expect((await call('POST', '/api/v1/jobs', { title: 'T', externalId: 'same' })).statusCode).toBe(201)
    const other = await createOrgWithUser(ctx)
    expect(
      (await call('POST', '/api/v1/companies', { name: 'C', externalId: 'same' }, other)).statusCode,
    ).toBe(201)

    const j1 = (await call('POST', '/api/v1/jobs', { title: 'One' })).json()
    const j2 = (await call('POST', '/api/v1/jobs', { title: 'Two' })).json()
    const person = (await call('POST', '/api/v1/people', { lastName: 'P' })).json()
    await call('PUT', '/api/v1/placements/by-external-id/pl-2', { jobId: j1.id, applicantId: person.id })
    const moved = await call('PUT', '/api/v1/placements/by-external-id/pl-2', { jobId: j2.id })
    expect(moved.statusCode).toBe(400)
    expect(moved.json().message).toContain("a placement's job never changes")
    const differs = await call('PUT', '/api/v1/jobs/by-external-id/j-1', { title: 'X', externalId: 'j-2' })
    expect(differs.json().message).toContain('body/externalId "j-2" differs')
  })

  it('makes one company of concurrent PUTs of a new external id', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        call('PUT', '/api/v1/companies/by-external-id/race', { name: `R${i}` }),
      ),
    )
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201])
    expect((await call('GET', '/api/v1/companies?externalId=race')).json().items).toHaveLength(1)
  })
})
