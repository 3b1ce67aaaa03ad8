import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findPlacementRecipients } from '../placement/placement.repository'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { findJobRecipients } from './job.repository'

describe.each(DIALECTS)('jobs and placements on %s', (dialect) => {
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
    return (await call('POST', '/api/v1/people', { lastName, kind })).json().id as string
  }

  it('names its contacts and hands them to messaging with their roles', async () => {
    const company = (await call('POST', '/api/v1/companies', { name: 'Acme' })).json()
    const boss = await person('Boss', 'contact')
    const lead = await person('Lead', 'contact')
    const created = await call('POST', '/api/v1/jobs', {
      title: 'Java developer',
      companyId: company.id,
      mainContactId: boss,
      lineManagerId: lead,
    })
    expect(created.statusCode).toBe(201)
    const job = created.json()
    expect(job).toMatchObject({ status: 'open', mainContactId: boss, lineManagerId: lead })
    const db = ctx.deps.database.db
    expect(await findJobRecipients(db, admin.orgId, job.id)).toEqual([
      { personId: boss, role: 'main_contact' },
      { personId: lead, role: 'line_manager' },
    ])
    await call('DELETE', `/api/v1/people/${lead}`)
    expect(await findJobRecipients(db, admin.orgId, job.id)).toEqual([
      { personId: boss, role: 'main_contact' },
    ])
    expect(await findJobRecipients(db, admin.orgId, 'nope')).toBeUndefined()

    const changed = await call('PATCH', `/api/v1/jobs/${job.id}`, { status: 'filled', lineManagerId: null })
    expect(changed.json()).toMatchObject({ status: 'filled', lineManagerId: null })
    expect((await call('GET', '/api/v1/jobs?status=filled&q=JAVA')).json().items).toHaveLength(1)
    expect((await call('GET', '/api/v1/jobs?status=open')).json().items).toHaveLength(0)
  })

  it('places a candidate, with the job contacts by default, and keeps the job while placed', async () => {
    const boss = await person('Boss', 'contact')
    const job = (await call('POST', '/api/v1/jobs', { title: 'Nurse', mainContactId: boss })).json()
    const ann = await person('Ann', 'candidate')
    const placed = await call('POST', '/api/v1/placements', {
      jobId: job.id,
      applicantId: ann,
      startDate: '2026-02-01',
    })
    expect(placed.statusCode).toBe(201)
    const placement = placed.json()
    expect(placement).toMatchObject({ mainContactId: boss, lineManagerId: null, startDate: '2026-02-01' })
    expect(await findPlacementRecipients(ctx.deps.database.db, admin.orgId, placement.id)).toEqual([
      { personId: ann, role: 'applicant' },
      { personId: boss, role: 'main_contact' },
    ])
    expect((await call('GET', '/api/v1/placements?q=ann')).json().items).toHaveLength(1)
    expect((await call('GET', '/api/v1/placements?q=nurse')).json().items).toHaveLength(1)
    expect((await call('GET', '/api/v1/placements?q=welder')).json().items).toHaveLength(0)
    expect((await call('GET', `/api/v1/placements?jobId=${job.id}`)).json().items).toHaveLength(1)

    const contactAsApplicant = await call('POST', '/api/v1/placements', { jobId: job.id, applicantId: boss })
    expect(contactAsApplicant.statusCode).toBe(422)
    expect(contactAsApplicant.json()).toMatchObject({
      code: 'PERSON_KIND_INVALID',
      message: `applicantId ${boss} is a contact; an applicant must be a candidate`,
    })
    const badDate = await call('PATCH', `/api/v1/placements/${placement.id}`, { startDate: '2026-13-01' })
    expect(badDate.statusCode).toBe(400)

    const inUse = await call('DELETE', `/api/v1/jobs/${job.id}`)
    expect(inUse.statusCode).toBe(409)
    expect(inUse.json().code).toBe('JOB_IN_USE')
    expect((await call('DELETE', `/api/v1/placements/${placement.id}`)).statusCode).toBe(204)
    expect((await call('DELETE', `/api/v1/jobs/${job.id}`)).statusCode).toBe(204)
    expect((await call('GET', `/api/v1/jobs/${job.id}`)).json().code).toBe('JOB_NOT_FOUND')
  })

  it('refuses references that do not exist', async () => {
    const missing = '00000000-0000-7000-8000-000000000001'
    const cases: [string, object, string][] = [
      ['/api/v1/jobs', { title: 'X', companyId: missing }, 'COMPANY_NOT_FOUND'],
      ['/api/v1/jobs', { title: 'X', mainContactId: missing }, 'PERSON_NOT_FOUND'],
      ['/api/v1/jobs', { title: 'X', lineManagerId: missing }, 'PERSON_NOT_FOUND'],
      ['/api/v1/placements', { jobId: missing, applicantId: missing }, 'JOB_NOT_FOUND'],
    ]
    for (const [url, payload, code] of cases) {
      const res = await call('POST', url, payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(404)
      expect(res.json().code).toBe(code)
    }
    expect((await call('POST', '/api/v1/jobs', { title: 'X', status: 'paused' })).statusCode).toBe(400)
  })
})
