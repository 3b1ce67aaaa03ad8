import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('offices and teams on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('creates, renames and removes offices and teams; users keep working without them', async () => {
    const admin = await createOrgWithUser(ctx)
    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: Record<string, unknown>,
    ) => ctx.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) })
    const simulator = (await call('GET', '/api/v1/connections')).json().items[0]
    // the default phone simulator's sender, typed with spaces
    const office = (
      await call('POST', '/api/v1/offices', { name: 'Leeds', replyNumber: '+44 7700 900001' })
    ).json()
    expect(office).toEqual({
      id: expect.any(String),
      orgId: admin.orgId,
      name: 'Leeds',
      replyNumber: '+447700900001',
      sendsFrom: { number: '+447700900001', connectionId: simulator.id, connectionName: 'Phone simulator' },
      replyNumberUnused: null,
      createdAt: expect.any(String),
    })
    const renamed = await call('PATCH', `/api/v1/offices/${office.id}`, {
      name: 'Leeds City',
      replyNumber: null,
    })
    const { orgId: _, ...listed } = { ...office, name: 'Leeds City', replyNumber: null, sendsFrom: null }
    expect(renamed.json()).toEqual(listed)
    expect((await call('GET', '/api/v1/offices')).json()).toEqual({ items: [listed] })
    const bad = await call('PATCH', `/api/v1/offices/${office.id}`, { replyNumber: '12' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json()).toMatchObject({ code: 'REPLY_NUMBER_INVALID', details: { field: 'replyNumber' } })
    const team = (await call('POST', '/api/v1/teams', { name: 'Tech' })).json()
    expect(team).toEqual({
      id: expect.any(String),
      orgId: admin.orgId,
      name: 'Tech',
      createdAt: expect.any(String),
    })
    const renamedTeam = { id: team.id, name: 'Technology', createdAt: team.createdAt }
    expect((await call('PATCH', `/api/v1/teams/${team.id}`, { name: 'Technology' })).json()).toEqual(
      renamedTeam,
    )
    expect((await call('GET', '/api/v1/teams')).json()).toEqual({ items: [renamedTeam] })
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    await call('PATCH', `/api/v1/users/${rita.userId}`, { officeId: office.id, team1Id: team.id })
    expect((await call('DELETE', `/api/v1/offices/${office.id}`)).statusCode).toBe(204)
    expect((await call('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204)
    const user = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/users/${rita.userId}`, headers: admin.headers })
    ).json()
    expect(user).toMatchObject({ officeId: null, team1Id: null })
    expect((await call('DELETE', `/api/v1/teams/${team.id}`)).json().code).toBe('TEAM_NOT_FOUND')
    const other = await createOrgWithUser(ctx)
    const office2 = (await call('POST', '/api/v1/offices', { name: 'York' })).json()
    const cross = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/offices/${office2.id}`,
      headers: other.headers,
    })
    expect(cross.statusCode).toBe(404)
  })
})
