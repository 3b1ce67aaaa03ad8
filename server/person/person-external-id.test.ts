import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BULK_UPSERT_MAX } from '../../common/api/people'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('people by external id on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
  })
  afterEach(() => ctx.close())

  function call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    who = admin,
  ) {
    return ctx.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) })
  }
  async function withExternalId(externalId: string, who = admin) {
    return (
      await call('GET', `/api/v1/people?externalId=${encodeURIComponent(externalId)}`, undefined, who)
    ).json().items as {
      id: string
      firstName: string
      lastName: string
      mobile: string | null
      externalId: string
    }[]
  }

  it('creates on the first PUT, changes only the fields sent on the next, and finds by external id', async () => {
    const created = await call('PUT', '/api/v1/people/by-external-id/bh-1001', {
      firstName: 'Ada',
      lastName: 'Okafor',
      mobile: '07911 123456',
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ externalId: 'bh-1001', firstName: 'Ada', mobile: '+447911123456' })
    const changed = await call('PUT', '/api/v1/people/by-external-id/bh-1001', { jobTitle: 'Java developer' })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({
      id: created.json().id,
      firstName: 'Ada',
      mobile: '+447911123456',
      jobTitle: 'Java developer',
    })
    expect((await withExternalId('bh-1001')).map((p) => p.id)).toEqual([created.json().id])
    expect((await call('GET', `/api/v1/people/${created.json().id}`)).json().externalId).toBe('bh-1001')
  })

  it('keeps external ids unique per organization among live people', async () => {
    const a = (await call('POST', '/api/v1/people', { lastName: 'A', externalId: 'x-1' })).json()
    const clash = await call('POST', '/api/v1/people', { lastName: 'B', externalId: 'x-1' })
    expect(clash.statusCode).toBe(409)
    expect(clash.json()).toMatchObject({
      code: 'EXTERNAL_ID_TAKEN',
      message: 'Another person already has external id x-1',
    })
    const b = (await call('POST', '/api/v1/people', { lastName: 'B' })).json()
    expect((await call('PATCH', `/api/v1/people/${b.id}`, { externalId: 'x-1' })).json().code).toBe(
      'EXTERNAL_ID_TAKEN',
    )
    expect((await call('GET', `/api/v1/people/${b.id}`)).json().externalId).toBeNull()
    // another organization may use the same id
    const other = await createOrgWithUser(ctx)
    expect(
      (await call('POST', '/api/v1/people', { lastName: 'C', externalId: 'x-1' }, other)).statusCode,
    ).toBe(201)
    expect(await withExternalId('x-1', other)).toHaveLength(1)
    // a deleted person's id is free for someone new
    await call('DELETE', `/api/v1/people/${a.id}`)
    const reused = await call('PUT', '/api/v1/people/by-external-id/x-1', { lastName: 'New' })
    expect(reused.statusCode).toBe(201)
    expect(reused.json().id).not.toBe(a.id)
  })

  it('makes one person of concurrent PUTs of a new external id', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        call('PUT', '/api/v1/people/by-external-id/race-1', { lastName: `R${i}` }),
      ),
    )
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201])
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1)
    expect(await withExternalId('race-1')).toHaveLength(1)
  })

  it('refuses bad external ids with the field named', async () => {
    const long = await call('PUT', `/api/v1/people/by-external-id/${'x'.repeat(101)}`, { lastName: 'L' })
    // a path segment longer than any id is refused before routing
    expect(long.statusCode).toBe(414)
    expect(long.json().code).toBe('REQUEST_URI_TOO_LONG')
    const longBody = await call('POST', '/api/v1/people', { lastName: 'L', externalId: 'x'.repeat(101) })
    expect(longBody.statusCode).toBe(400)
    expect(longBody.json().message).toContain('externalId')
    const spaced = await call('POST', '/api/v1/people', { lastName: 'L', externalId: ' padded ' })
    expect(spaced.statusCode).toBe(400)
    expect(spaced.json().message).toContain('externalId')
    const differs = await call('PUT', '/api/v1/people/by-external-id/a-1', {
      lastName: 'L',
      externalId: 'b-1',
    })
    expect(differs.statusCode).toBe(400)
    expect(differs.json().message).toContain('body/externalId "b-1" differs')
    const nameless = await call('PUT', '/api/v1/people/by-external-id/a-1', { jobTitle: 'No name' })
    expect(nameless.statusCode).toBe(400)
    expect((await call('GET', '/api/v1/people')).json().items).toHaveLength(0)
  })

  it('upserts thousands in one call and refuses a whole batch with one bad row', async () => {
    await call('PUT', '/api/v1/people/by-external-id/p-2', { firstName: 'Before', lastName: 'Two' })
    const people = Array.from({ length: 2000 }, (_, i) => ({
      externalId: `p-${i}`,
      firstName: `First${i}`,
      lastName: 'Bulk',
      mobile: `+4479111${String(i).padStart(5, '0')}`,
    }))
    const bad = await call('PUT', '/api/v1/people/by-external-id', {
      people: [
        ...people.slice(0, 5),
        { externalId: 'p-5', lastName: 'Bad', mobile: '12' },
        { externalId: 'p-0', lastName: 'Twice' },
        ...people.slice(7),
      ],
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().code).toBe('PEOPLE_BULK_INVALID')
    expect(bad.json().details.rejected).toEqual([
      { row: 6, externalId: 'p-5', reasons: [expect.stringContaining('mobile')] },
      { row: 7, externalId: 'p-0', reasons: ['externalId is also in row 1'] },
    ])
    expect((await call('GET', '/api/v1/people?limit=5')).json().items).toHaveLength(1)

    const done = await call('PUT', '/api/v1/people/by-external-id', { people })
    expect(done.statusCode).toBe(200)
    expect(done.json()).toMatchObject({ created: 1999, updated: 1 })
    const two = await withExternalId('p-2')
    expect(two).toMatchObject([{ firstName: 'First2', lastName: 'Bulk', mobile: '+447911100002' }])
    expect(done.json().people.find((p: { externalId: string }) => p.externalId === 'p-2')).toMatchObject({
      id: two[0]?.id,
      created: false,
    })
    const over = await call('PUT', '/api/v1/people/by-external-id', {
      people: Array.from({ length: BULK_UPSERT_MAX + 1 }, (_, i) => ({
        externalId: `o-${i}`,
        lastName: 'O',
      })),
    })
    expect(over.statusCode).toBe(400)
    expect(over.json().message).toContain('people')
  })
})
