import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createPerson } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('templates on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const create = (actor: TestActor, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/templates', headers: actor.headers, payload })

  it('creates, lists, changes and deletes a template, listing the fields it uses', async () => {
    const admin = await createOrgWithUser(ctx)
    const res = await create(admin, {
      name: 'Shift reminder',
      category: 'reminder',
      body: 'Hi {{ person.first_name }}, your {{ person.custom.shift }} shift starts soon',
    })
    expect(res.statusCode, res.body).toBe(201)
    const template = res.json()
    expect(template).toMatchObject({
      category: 'reminder',
      smsAllowed: true,
      fields: ['person.first_name', 'person.custom.shift'],
      createdBy: admin.userId,
    })
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${template.id}`,
      headers: admin.headers,
      payload: { body: 'Bye {{ person.last_name }}' },
    })
    expect(changed.json()).toMatchObject({ name: 'Shift reminder', fields: ['person.last_name'] })
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/templates', headers: admin.headers })
    expect(list.json().items.map((t: { id: string }) => t.id)).toEqual([template.id])
    const taken = await create(admin, { name: 'Shift reminder', body: 'x' })
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'TEMPLATE_NAME_TAKEN'])
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/templates/${template.id}`,
      headers: admin.headers,
    })
    expect(del.statusCode).toBe(204)
    const gone = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/templates/${template.id}`,
      headers: admin.headers,
    })
    expect(gone.json().code).toBe('TEMPLATE_NOT_FOUND')
  })

  it('refuses a syntax error or an unknown field with positions, and saves nothing', async () => {
    const admin = await createOrgWithUser(ctx)
    const syntax = await create(admin, { name: 'Broken', body: 'Hi {{ person.first_name' })
    expect(syntax.statusCode).toBe(422)
    expect(syntax.json()).toMatchObject({
      code: 'TEMPLATE_INVALID',
      details: { problems: [{ line: 1, column: 4 }] },
    })
    const unknown = await create(admin, { name: 'Typo', body: 'Hi {{ person.firstname }}\n{{ job.salary }}' })
    expect(unknown.json().message).toContain('line 1, column 7: unknown field "person.firstname"')
    expect(unknown.json().details.problems).toHaveLength(2)
    const check = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/templates/check',
      headers: admin.headers,
      payload: { body: '{{ job.salary }}' },
    })
    expect(check.json()).toMatchObject({ valid: false, problems: [{ line: 1, column: 4 }] })
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/templates', headers: admin.headers })
    expect(list.json().items).toEqual([])
  })

  it('keeps rejections off SMS unless someone who manages settings allows it', async () => {
    const admin = await createOrgWithUser(ctx)
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const rejection = (
      await create(recruiter, { name: 'No thanks', category: 'rejection', body: 'Sorry' })
    ).json()
    expect(rejection.smsAllowed).toBe(false)
    const sneak = await create(recruiter, {
      name: 'No 2',
      category: 'rejection',
      body: 'Sorry',
      smsAllowed: true,
    })
    expect([sneak.statusCode, sneak.json().code]).toEqual([403, 'PERMISSION_DENIED'])
    const allowed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${rejection.id}`,
      headers: admin.headers,
      payload: { smsAllowed: true },
    })
    expect(allowed.json().smsAllowed).toBe(true)
    const general = (await create(recruiter, { name: 'General', body: 'Hello' })).json()
    const moved = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/templates/${general.id}`,
      headers: recruiter.headers,
      payload: { category: 'rejection' },
    })
    expect(moved.json()).toMatchObject({ category: 'rejection', smsAllowed: false })
  })

  it('previews a template for one person with cost and the fields that are empty for them', async () => {
    const admin = await createOrgWithUser(ctx, { settings: { creditsPerSegment: 2 } })
    const personId = await createPerson(ctx, admin, { firstName: 'Ann', lastName: '', jobTitle: 'Nurse' })
    const template = (
      await create(admin, {
        name: 'Hello',
        body: 'Hi {{ person.first_name }} {{ person.last_name }}, as a {{ person.job_title }} you may like this. {{ user.name }}',
      })
    ).json()
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${template.id}/render`,
      headers: admin.headers,
      payload: { personId },
    })
    expect(res.statusCode, res.body).toBe(200)
    const me = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers })).json()
    expect(me.user.name).toMatch(/^User \d+$/)
    expect(res.json()).toMatchObject({
      body: `Hi Ann , as a Nurse you may like this. ${me.user.name}`,
      missingFields: ['person.last_name'],
      segments: 1,
      credits: 2,
    })
    const missing = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/templates/${template.id}/render`,
      headers: admin.headers,
      payload: { personId: 'nobody' },
    })
    expect(missing.json().code).toBe('PERSON_NOT_FOUND')
  })
})
