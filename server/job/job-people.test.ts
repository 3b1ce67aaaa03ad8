import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

/** The people a job or placement names, as its page lists them and "Send SMS" texts them. */
describe.each(DIALECTS)('people of a job and a placement on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return ctx.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) })
  }
  async function person(lastName: string, kind: 'candidate' | 'contact') {
    const res = await call('POST', '/api/v1/people', { lastName, kind, mobile: '+447911123456' })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  async function create(url: string, payload: object): Promise<string> {
    const res = await call('POST', url, payload)
    expect(res.statusCode, res.body).toBe(201)
    return res.json().id as string
  }
  const roles = (body: { items: { role: string; placementId: string | null; person: { id: string } }[] }) =>
    body.items.map((i) => [i.role, i.person.id, i.placementId])

  it("lists a job's contacts, then each placement's applicant, with their records", async () => {
    const boss = await person('Boss', 'contact')
    const lead = await person('Lead', 'contact')
    const jobId = await create('/api/v1/jobs', { title: 'Nurse', mainContactId: boss, lineManagerId: lead })
    const ann = await person('Ann', 'candidate')
    const bob = await person('Bob', 'candidate')
    const first = await create('/api/v1/placements', { jobId, applicantId: ann })
    ctx.clock.advance(1000)
    const second = await create('/api/v1/placements', { jobId, applicantId: bob })
    const otherJob = await create('/api/v1/jobs', { title: 'Welder' })
    await create('/api/v1/placements', { jobId: otherJob, applicantId: ann })

    const res = await call('GET', `/api/v1/jobs/${jobId}/people`)
    expect(res.statusCode, res.body).toBe(200)
    expect(roles(res.json())).toEqual([
      ['main_contact', boss, null],
      ['line_manager', lead, null],
      ['applicant', bob, second],
      ['applicant', ann, first],
    ])
    expect(res.json().items[0].person).toMatchObject({
      lastName: 'Boss',
      kind: 'contact',
      mobile: '+447911123456',
    })
    expect(res.json().items[0].person).not.toHaveProperty('orgId')

    // a deleted person leaves the list; a job naming nobody answers an empty list
    expect((await call('DELETE', `/api/v1/people/${lead}`)).statusCode).toBe(204)
    expect((await call('DELETE', `/api/v1/people/${bob}`)).statusCode).toBe(204)
    expect(roles((await call('GET', `/api/v1/jobs/${jobId}/people`)).json())).toEqual([
      ['main_contact', boss, null],
      ['applicant', ann, first],
    ])
    const empty = await create('/api/v1/jobs', { title: 'Nobody yet' })
    expect((await call('GET', `/api/v1/jobs/${empty}/people`)).json()).toEqual({ items: [] })

    const missing = await call('GET', '/api/v1/jobs/00000000-0000-7000-8000-000000000001/people')
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'JOB_NOT_FOUND'])
  })

  it("lists a placement's applicant, main contact and line manager", async () => {
    const boss = await person('Boss', 'contact')
    const jobId = await create('/api/v1/jobs', { title: 'Nurse', mainContactId: boss })
    const ann = await person('Ann', 'candidate')
    const lead = await person('Lead', 'contact')
    const placementId = await create('/api/v1/placements', { jobId, applicantId: ann, lineManagerId: lead })

    const res = await call('GET', `/api/v1/placements/${placementId}/people`)
    expect(res.statusCode, res.body).toBe(200)
    expect(roles(res.json())).toEqual([
      ['applicant', ann, placementId],
      ['main_contact', boss, null],
      ['line_manager', lead, null],
    ])
    // the same person in two parts appears once per part
    await call('PATCH', `/api/v1/placements/${placementId}`, { lineManagerId: boss })
    expect(roles((await call('GET', `/api/v1/placements/${placementId}/people`)).json())).toEqual([
      ['applicant', ann, placementId],
      ['main_contact', boss, null],
      ['line_manager', boss, null],
    ])

    const missing = await call('GET', '/api/v1/placements/nope/people')
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'PLACEMENT_NOT_FOUND'])
    const other = await createOrgWithUser(ctx)
    const foreign = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/placements/${placementId}/people`,
      headers: other.headers,
    })
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'PLACEMENT_NOT_FOUND'])
  })
})
