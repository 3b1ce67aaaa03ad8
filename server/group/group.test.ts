import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('groups on %s', (dialect) => {
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
  async function person(lastName: string) {
    return (await call('POST', '/api/v1/people', { lastName })).json().id as string
  }

  it('adds, lists and removes members, counting only people not deleted', async () => {
    const group = (await call('POST', '/api/v1/groups', { name: 'Java developers London' })).json()
    expect(group).toMatchObject({ name: 'Java developers London', memberCount: 0 })
    const [a, b, c] = [await person('A'), await person('B'), await person('C')]

    const added = await call('POST', `/api/v1/groups/${group.id}/members`, { personIds: [a, b, a] })
    expect(added.json()).toEqual({ added: 2, memberCount: 2 })
    const again = await call('POST', `/api/v1/groups/${group.id}/members`, { personIds: [b, c] })
    expect(again.json()).toEqual({ added: 1, memberCount: 3 })

    const members = await call('GET', `/api/v1/groups/${group.id}/members?limit=2`)
    expect(members.json().items.map((p: { lastName: string }) => p.lastName)).toEqual(['C', 'B'])
    const rest = await call('GET', `/api/v1/groups/${group.id}/members?cursor=${members.json().nextCursor}`)
    expect(rest.json()).toMatchObject({ items: [{ lastName: 'A' }], nextCursor: null })

    await call('DELETE', `/api/v1/people/${c}`)
    expect((await call('GET', `/api/v1/groups/${group.id}`)).json().memberCount).toBe(2)
    expect((await call('DELETE', `/api/v1/groups/${group.id}/members/${a}`)).statusCode).toBe(204)
    const notMember = await call('DELETE', `/api/v1/groups/${group.id}/members/${a}`)
    expect(notMember.statusCode).toBe(404)
    expect(notMember.json().code).toBe('GROUP_MEMBER_NOT_FOUND')
    expect((await call('GET', '/api/v1/groups?q=london')).json().items[0].memberCount).toBe(1)

    expect((await call('PATCH', `/api/v1/groups/${group.id}`, { name: 'Renamed' })).json().name).toBe(
      'Renamed',
    )
    expect((await call('DELETE', `/api/v1/groups/${group.id}`)).statusCode).toBe(204)
    expect((await call('GET', `/api/v1/people/${a}`)).statusCode).toBe(200)
    expect((await call('GET', `/api/v1/groups/${group.id}/members`)).json().code).toBe('GROUP_NOT_FOUND')
  })

  it('adds nobody when one id is unknown', async () => {
    const group = (await call('POST', '/api/v1/groups', { name: 'G' })).json()
    const a = await person('A')
    const res = await call('POST', `/api/v1/groups/${group.id}/members`, { personIds: [a, 'missing-id'] })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'PERSON_NOT_FOUND', message: 'Person missing-id not found' })
    expect((await call('GET', `/api/v1/groups/${group.id}`)).json().memberCount).toBe(0)
    expect((await call('POST', `/api/v1/groups/${group.id}/members`, { personIds: [] })).statusCode).toBe(400)
  })
})
