import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../app'
import { loadConfig } from '../config'
import { assembleDeps } from '../runtime'
import { addUser, createOrgWithUser } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

describe.each(DIALECTS)('e-mail per organization and the shared login limit on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect, { LOGIN_RATE_LIMIT_PER_MINUTE: '5' })
  })
  afterEach(() => ctx.close())

  const loginOn = (app: TestContext['app'], payload: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload })

  it('lets two organizations use the same address; only the same organization is refused', async () => {
    const a = await createOrgWithUser(ctx, { name: 'Agency A' })
    const b = await createOrgWithUser(ctx, { name: 'Agency B' })
    await addUser(ctx, a.orgId, { email: 'ann@example.com' })
    const create = (actor: typeof a, email: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: actor.headers,
        payload: { email, name: 'Ann', role: 'recruiter' },
      })
    const inB = await create(b, 'ann@example.com')
    expect(inB.statusCode, inB.body).toBe(201)
    const again = await create(b, 'Ann@Example.com')
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({
      code: 'USER_EMAIL_TAKEN',
      message: 'A user with email ann@example.com already exists in this organization',
    })
    const users = await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: b.headers })
    expect(users.json().items.filter((u: { email: string }) => u.email === 'ann@example.com')).toHaveLength(1)
  })

  it('signs in to the one account the password opens, and asks which organization when several', async () => {
    const a = await createOrgWithUser(ctx, { name: 'Agency A' })
    const b = await createOrgWithUser(ctx, { name: 'Agency B' })
    const c = await createOrgWithUser(ctx, { name: 'Agency C' })
    const annA = await addUser(ctx, a.orgId, { email: 'ann@example.com', password: 'password of A' })
    const annB = await addUser(ctx, b.orgId, { email: 'ann@example.com', password: 'password of B' })
    await addUser(ctx, c.orgId, { email: 'ann@example.com', password: 'password of A' })

    const intoB = await loginOn(ctx.app, { email: 'ann@example.com', password: 'password of B' })
    expect(intoB.statusCode, intoB.body).toBe(200)
    expect(intoB.json()).toMatchObject({ orgId: b.orgId, userId: annB.userId })

    // A's password also opens C: the answer names those two, never B.
    const both = await loginOn(ctx.app, { email: 'ANN@example.com', password: 'password of A' })
    expect(both.statusCode).toBe(409)
    expect(both.json().code).toBe('AUTH_ORGANIZATION_REQUIRED')
    expect(both.json().details.organizations).toEqual([
      { id: a.orgId, name: 'Agency A' },
      { id: c.orgId, name: 'Agency C' },
    ])
    const chosen = await loginOn(ctx.app, {
      email: 'ann@example.com',
      password: 'password of A',
      organization: a.orgId,
    })
    expect(chosen.statusCode, chosen.body).toBe(200)
    expect(chosen.json()).toMatchObject({ orgId: a.orgId, userId: annA.userId })
    const wrongOrg = await loginOn(ctx.app, {
      email: 'ann@example.com',
      password: 'password of A',
      organization: b.orgId,
    })
    expect(wrongOrg.json().code).toBe('AUTH_INVALID_CREDENTIALS')
  })

  it('counts sign-in attempts across instances sharing the database, and forgets old minutes', async () => {
    const config = loadConfig({
      PARLEY_SECRET_KEY: '11'.repeat(32),
      PUBLIC_BASE_URL: 'http://parley.test',
      LOGIN_RATE_LIMIT_PER_MINUTE: '5',
    })
    const second = await buildApp(assembleDeps(config, ctx.deps.database, { clock: ctx.clock }))
    try {
      const codes: number[] = []
      for (let i = 0; i < 8; i++) {
        const app = i % 2 === 0 ? ctx.app : second
        codes.push((await loginOn(app, { email: 'x@example.com', password: 'nope' })).statusCode)
      }
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
      const limited = await loginOn(second, { email: 'x@example.com', password: 'nope' })
      expect(limited.json().code).toBe('RATE_LIMITED')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)

      ctx.clock.advance(60_000)
      expect((await loginOn(second, { email: 'x@example.com', password: 'nope' })).statusCode).toBe(401)
      const windows = await ctx.deps.database.db
        .selectFrom('login_attempts')
        .select('window_start_ms')
        .execute()
      expect(windows).toHaveLength(1)
    } finally {
      await second.close()
    }
  })
})
