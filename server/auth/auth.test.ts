import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('auth on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect, { LOGIN_RATE_LIMIT_PER_MINUTE: '5' })
  })
  afterEach(() => ctx.close())

  async function loginAs(email: string, password: string) {
    return ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })
  }

  it('signs in with a cookie session and needs the CSRF token for writes', async () => {
    const admin = await createOrgWithUser(ctx)
    await addUser(ctx, admin.orgId, { email: 'ann@example.com', password: 'a long password 1' })
    const res = await loginAs('ANN@example.com', 'a long password 1')
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'parley_session')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Lax')
    const { csrfToken } = res.json() as { csrfToken: string }
    expect(res.json()).toEqual({
      userId: expect.any(String),
      orgId: admin.orgId,
      csrfToken: expect.any(String),
    })
    const headers = { cookie: `parley_session=${cookie?.value}` }

    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers })
    expect(me.json().user.email).toBe('ann@example.com')
    expect(me.json().csrfToken).toBe(csrfToken)
    expect(Object.keys(me.json().user).sort()).toEqual([
      'associationTypes',
      'createdAt',
      'disabledAt',
      'email',
      'emailReplies',
      'id',
      'mobileE164',
      'name',
      'officeId',
      'orgId',
      'permissions',
      'replyNumber',
      'role',
      'team1Id',
      'team2Id',
      'timeZone',
    ])
    expect(Object.keys(me.json().organization).sort()).toEqual(['createdAt', 'id', 'name', 'settings'])

    const noCsrf = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers,
      payload: { name: 'x' },
    })
    expect(noCsrf.statusCode).toBe(403)
    expect(noCsrf.json().code).toBe('AUTH_CSRF_INVALID')

    const withCsrf = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...headers, 'x-csrf-token': csrfToken },
      payload: { name: 'x' },
    })
    expect(withCsrf.statusCode).toBe(201)

    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...headers, 'x-csrf-token': csrfToken },
    })
    expect(out.statusCode).toBe(204)
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers })
    expect(after.statusCode).toBe(401)
  })

  it('tells the sign-in page with a 200 whether the session cookie is signed in', async () => {
    const admin = await createOrgWithUser(ctx)
    await addUser(ctx, admin.orgId, { email: 'cy@example.com', password: 'a long password 3' })
    const ask = (cookie?: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: cookie ? { cookie } : {} })
    const nobody = await ask()
    expect(nobody.statusCode).toBe(200)
    expect(nobody.json()).toEqual({ me: null })
    expect((await ask('parley_session=not-a-session')).json()).toEqual({ me: null })

    const res = await loginAs('cy@example.com', 'a long password 3')
    const cookie = `parley_session=${res.cookies.find((c) => c.name === 'parley_session')?.value}`
    const signedIn = await ask(cookie)
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.json().me.user.email).toBe('cy@example.com')
    expect(signedIn.json().me.csrfToken).toBe(res.json().csrfToken)

    const csrf = { cookie, 'x-csrf-token': res.json().csrfToken }
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: csrf })
    expect((await ask(cookie)).json()).toEqual({ me: null })
  })

  it('answers wrong email and wrong password with the same generic error', async () => {
    const admin = await createOrgWithUser(ctx)
    await addUser(ctx, admin.orgId, { email: 'bob@example.com', password: 'a long password 2' })
    const wrongPassword = await loginAs('bob@example.com', 'nope')
    const unknownEmail = await loginAs('nobody@example.com', 'nope')
    expect(wrongPassword.statusCode).toBe(401)
    expect(unknownEmail.json()).toEqual(wrongPassword.json())
    expect(wrongPassword.json().code).toBe('AUTH_INVALID_CREDENTIALS')
  })

  it('rate-limits login attempts', async () => {
    const codes: number[] = []
    for (let i = 0; i < 7; i++) codes.push((await loginAs('x@example.com', 'nope')).statusCode)
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(codes.slice(5)).toEqual([429, 429])
  })

  /** A new API key of the actor's, with its secret (shown once). */
  async function createKey(actor: TestActor): Promise<{ id: string; secret: string }> {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: actor.headers,
      payload: { name: 'ATS' },
    })
    expect(created.statusCode, created.body).toBe(201)
    return created.json()
  }

  it('authenticates API keys, stores only their hash, and stops accepting a revoked key', async () => {
    const admin = await createOrgWithUser(ctx)
    const { id, secret } = await createKey(admin)
    const stored = await ctx.deps.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(stored.key_hash).not.toContain(secret)
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin.headers })
    expect(JSON.stringify(list.json())).not.toContain(secret)
    expect(list.json().items.find((k: { id: string }) => k.id === id)).toEqual({
      id,
      name: expect.any(String),
      prefix: expect.any(String),
      userId: admin.userId,
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    })

    const auth = { authorization: `Bearer ${secret}` }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).statusCode).toBe(200)
    await ctx.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: admin.headers })
    const revoked = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth })
    expect(revoked.statusCode).toBe(401)
    expect(revoked.json().code).toBe('AUTH_REQUIRED')
  })

  it("records a key's last use at most once a minute, so reads through it stay reads", async () => {
    const admin = await createOrgWithUser(ctx)
    const { id, secret } = await createKey(admin)
    const lastUsed = async () => {
      const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin.headers })
      const keys = list.json().items as { id: string; lastUsedAt: string | null }[]
      return keys.find((k) => k.id === id)?.lastUsedAt
    }
    const use = () =>
      ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } })
    expect(await lastUsed()).toBeNull()
    const first = ctx.clock.now().toISOString()
    expect((await use()).statusCode).toBe(200)
    expect(await lastUsed()).toBe(first)
    ctx.clock.advance(59_000)
    await use()
    expect(await lastUsed()).toBe(first)
    ctx.clock.advance(2_000)
    await use()
    expect(await lastUsed()).toBe(ctx.clock.now().toISOString())
  })

  it('refuses actions without the permission', async () => {
    const admin = await createOrgWithUser(ctx)
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: recruiter.headers,
      payload: { email: 'new@example.com', name: 'New', role: 'recruiter' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: 'You do not have the "users.manage" permission',
    })
  })
})
