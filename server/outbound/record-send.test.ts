import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser } from '../test/fixtures'
import { balance, createPerson, send } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('sending from a job or placement on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('texts the people a job and a placement name, by role', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 20 })
    const contact = await createPerson(ctx, admin, { firstName: 'Carl', mobile: '+447911000101' })
    const manager = await createPerson(ctx, admin, { firstName: 'Lina', mobile: '+447911000102' })
    const applicant = await createPerson(ctx, admin, { firstName: 'Ada', mobile: '+447911000103' })
    const job = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: admin.headers,
      payload: { title: 'Java developer', mainContactId: contact, lineManagerId: manager },
    })
    expect(job.statusCode, job.body).toBe(201)
    const jobId = job.json().id
    const both = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/jobs/${jobId}/messages`,
      headers: admin.headers,
      payload: { body: 'Shortlist attached' },
    })
    expect(both.statusCode, both.body).toBe(201)
    expect(both.json().items.map((m: { personId: string }) => m.personId)).toEqual([contact, manager])
    const placement = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/placements',
      headers: admin.headers,
      payload: {
        jobId,
        applicantId: applicant,
        mainContactId: contact,
        lineManagerId: manager,
        startDate: '2026-02-01',
      },
    })
    expect(placement.statusCode, placement.body).toBe(201)
    const onlyApplicant = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/placements/${placement.json().id}/messages`,
      headers: admin.headers,
      payload: { body: 'Welcome aboard! Start Monday 9am.', roles: ['applicant'] },
    })
    expect(onlyApplicant.json().items.map((m: { personId: string }) => m.personId)).toEqual([applicant])
    expect(await balance(ctx, admin)).toBe(17)
  })

  it('sends nothing when one named person cannot be texted', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 20 })
    const contact = await createPerson(ctx, admin, { firstName: 'Carl', mobile: '+447911000101' })
    const manager = await createPerson(ctx, admin, { firstName: 'Noel', lastName: 'Nomobile', mobile: null })
    const job = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: admin.headers,
        payload: { title: 'PM', mainContactId: contact, lineManagerId: manager },
      })
    ).json()
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/messages`,
      headers: admin.headers,
      payload: { body: 'Hi' },
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({
      code: 'RECIPIENT_NO_MOBILE',
      message: 'Noel Nomobile has no mobile number',
    })
    expect(await balance(ctx, admin)).toBe(20)
    const missing = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/jobs/nope/messages',
      headers: admin.headers,
      payload: { body: 'Hi' },
    })
    expect(missing.json().code).toBe('JOB_NOT_FOUND')
    expect((await send(ctx, admin, { personId: contact, body: 'still fine' })).statusCode).toBe(201)
  })
})
