import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  operatorTokenCreate,
  operatorTokenRevoke,
  orgCreate,
  orgList,
  userCreate,
} from '../cli/operator.commands'
import { createDb } from '../db/database'
import { createOrgWithUser } from '../test/fixtures'
import { eventually, getMessage, MOBILE, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

/** The value after `label:` in a command's output. */
function field(lines: string[], label: string): string {
  const line = lines.find((l) => l.trim().startsWith(`${label}:`))
  if (!line) throw new Error(`no "${label}:" line in:\n${lines.join('\n')}`)
  return (
    line
      .trim()
      .slice(label.length + 1)
      .trim()
      .split(' ')[0] ?? ''
  )
}

describe.each(DIALECTS)("the operator's commands and API on %s", (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  /** Signs in and returns headers for cookie-authenticated writes. */
  async function signIn(email: string, password: string, organization?: string) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password, ...(organization ? { organization } : {}) },
    })
    expect(res.statusCode, res.body).toBe(200)
    const cookie = res.cookies.find((c) => c.name === 'parley_session')
    return {
      orgId: res.json().orgId as string,
      headers: { cookie: `parley_session=${cookie?.value}`, 'x-csrf-token': res.json().csrfToken as string },
    }
  }

  it('org create makes an organization whose admin signs in with the printed password and texts through the simulator', async () => {
    const lines = await orgCreate(ctx.deps, {
      name: 'Acme Staffing',
      adminEmail: 'Jane@Acme.test',
      adminName: 'Jane',
    })
    const orgId = lines[0]?.split(': ')[1] ?? ''
    expect(lines[0]).toBe(`Organization "Acme Staffing" created: ${orgId}`)
    expect(lines.join('\n')).toContain('Phone simulator (default)')
    expect(field(lines, 'Credits')).toBe('0')
    const password = field(lines, 'Password')
    expect(password.length).toBeGreaterThanOrEqual(16)

    const admin = await signIn('jane@acme.test', password)
    expect(admin.orgId).toBe(orgId)
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: admin.headers })
    expect(me.json().user).toMatchObject({ email: 'jane@acme.test', role: 'admin', name: 'Jane' })

    const broke = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: admin.headers,
      payload: { to: MOBILE, body: 'Hello from Acme' },
    })
    expect(broke.json().code).toBe('CREDITS_INSUFFICIENT')
    const topUp = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/credits/top-ups',
      headers: admin.headers,
      payload: { amount: 10 },
    })
    expect(topUp.statusCode, topUp.body).toBe(201)
    const sent = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: admin.headers,
      payload: { to: MOBILE, body: 'Hello from Acme' },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    await testDispatcher(ctx).runOnce()
    const actor = {
      orgId,
      userId: '',
      apiKey: '',
      headers: admin.headers as unknown as { authorization: string },
    }
    await eventually(async () => {
      expect((await getMessage(ctx, actor, sent.json().id)).status).toBe('delivered')
    })

    const list = await orgList(ctx.deps)
    expect(list[0]).toMatch(/^ID\s+NAME\s+USERS\s+BALANCE\s+CREATED$/)
    const row = list.find((l) => l.startsWith(orgId))
    expect(row?.split(/\s{2,}/)).toEqual([orgId, 'Acme Staffing', '1', '9', expect.any(String)])
  })

  it('user create prints a password; an address used in another organization is fine, in the same one it is not', async () => {
    const first = await orgCreate(ctx.deps, { name: 'First', adminEmail: 'boss@first.test', credits: '5' })
    const second = await orgCreate(ctx.deps, { name: 'Second', adminEmail: 'boss@second.test' })
    const [firstId, secondId] = [first, second].map((l) => l[0]?.split(': ')[1] ?? '')
    expect(field(first, 'Credits')).toBe('5')

    const inFirst = await userCreate(ctx.deps, {
      org: firstId ?? '',
      email: 'sam@example.com',
      name: 'Sam',
      role: 'recruiter',
    })
    const inSecond = await userCreate(ctx.deps, {
      org: secondId ?? '',
      email: 'SAM@example.com',
      name: 'Sam',
      role: 'manager',
    })
    const intoSecond = await signIn('sam@example.com', field(inSecond, 'Password'))
    expect(intoSecond.orgId).toBe(secondId)
    const intoFirst = await signIn('sam@example.com', field(inFirst, 'Password'))
    expect(intoFirst.orgId).toBe(firstId)

    await expect(
      userCreate(ctx.deps, { org: firstId ?? '', email: 'sam@example.com', name: 'Sam', role: 'recruiter' }),
    ).rejects.toMatchObject({ code: 'USER_EMAIL_TAKEN' })
    await expect(
      userCreate(ctx.deps, { org: firstId ?? '', email: 'x@example.com', name: 'X', role: 'owner' }),
    ).rejects.toThrow('--role must be one of admin, manager, recruiter, got "owner"')
    await expect(
      userCreate(ctx.deps, { org: 'nope', email: 'x@example.com', name: 'X', role: 'admin' }),
    ).rejects.toMatchObject({ code: 'ORGANIZATION_NOT_FOUND' })
  })

  it('the operator API creates and lists organizations and users with an operator token, and nothing else', async () => {
    const tokenLines = await operatorTokenCreate(ctx.deps, { name: 'platform' })
    const operator = { authorization: `Bearer ${tokenLines.at(-1)}` }
    const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
      ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

    const created = await call('POST', '/api/operator/v1/organizations', operator, {
      name: 'Beta Recruit',
      adminEmail: 'ops@beta.test',
      credits: 25,
      defaultCountry: 'se',
    })
    expect(created.statusCode, created.body).toBe(201)
    const body = created.json()
    expect(body).toMatchObject({
      organization: { name: 'Beta Recruit', settings: { defaultCountry: 'SE' } },
      admin: { email: 'ops@beta.test', role: 'admin' },
      balance: 25,
    })
    const orgId = body.organization.id as string
    const admin = await signIn('ops@beta.test', body.password)
    expect(admin.orgId).toBe(orgId)

    const user = await call('POST', `/api/operator/v1/organizations/${orgId}/users`, operator, {
      email: 'rec@beta.test',
      name: 'Rec',
      role: 'recruiter',
    })
    expect(user.statusCode, user.body).toBe(201)
    expect((await signIn('rec@beta.test', user.json().password)).orgId).toBe(orgId)
    const missing = await call('POST', '/api/operator/v1/organizations/nope/users', operator, {
      email: 'rec@beta.test',
      name: 'Rec',
      role: 'recruiter',
    })
    expect(missing.json().code).toBe('ORGANIZATION_NOT_FOUND')

    const list = await call('GET', '/api/operator/v1/organizations', operator)
    expect(list.json().items).toEqual([
      { id: orgId, name: 'Beta Recruit', users: 2, balance: 25, createdAt: expect.any(String) },
    ])

    // An organization's own credentials do not open the operator API ...
    const orgKey = await createOrgWithUser(ctx)
    for (const headers of [orgKey.headers, admin.headers, {}]) {
      const refused = await call('GET', '/api/operator/v1/organizations', headers)
      expect(refused.statusCode).toBe(401)
      expect(refused.json().code).toBe('OPERATOR_AUTH_REQUIRED')
    }
    const refusedCreate = await call('POST', '/api/operator/v1/organizations', orgKey.headers, {
      name: 'Sneaky',
      adminEmail: 'a@b.test',
    })
    expect(refusedCreate.statusCode).toBe(401)
    // ... and the operator token opens nothing inside organizations.
    for (const url of ['/api/v1/me', '/api/v1/users', '/api/v1/credits']) {
      const inside = await call('GET', url, operator)
      expect(inside.statusCode, url).toBe(401)
      expect(inside.json().code).toBe('AUTH_REQUIRED')
    }

    const docs = (await call('GET', '/api/docs/json', {})).json()
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/api/operator/v1/organizations', '/api/operator/v1/organizations/{id}/users']),
    )
    expect(docs.paths['/api/operator/v1/organizations'].post.security).toEqual([{ operatorToken: [] }])
  })

  it('a revoked operator token is refused at once', async () => {
    const lines = await operatorTokenCreate(ctx.deps, { name: 'old' })
    const id = /, id (\S+)\./.exec(lines[0] ?? '')?.[1] ?? ''
    const headers = { authorization: `Bearer ${lines.at(-1)}` }
    expect((await ctx.app.inject({ url: '/api/operator/v1/organizations', headers })).statusCode).toBe(200)
    expect(await operatorTokenRevoke(ctx.deps, id)).toEqual([`Operator token ${id} revoked`])
    expect((await ctx.app.inject({ url: '/api/operator/v1/organizations', headers })).statusCode).toBe(401)
  })
})

describe('parley org create as a process', () => {
  it('prints the id and password, and the organization is in the database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-org-'))
    const file = join(dir, 'parley.db')
    try {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/main.ts',
          'org',
          'create',
          '--name',
          'Spawned',
          '--admin-email',
          'a@spawned.test',
        ],
        {
          env: { ...process.env, DATABASE_URL: `sqlite:${file}`, PARLEY_SECRET_KEY: '22'.repeat(32) },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      let out = ''
      let err = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
      })
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString()
      })
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code, err).toBe(0)
      const lines = out.trim().split('\n')
      const orgId = lines[0]?.split(': ')[1]
      expect(field(lines, 'Password')).toMatch(/^[\w-]{16}$/)
      const handle = createDb(`sqlite:${file}`)
      try {
        const org = await handle.db.selectFrom('organizations').selectAll().executeTakeFirstOrThrow()
        expect(org).toMatchObject({ id: orgId, name: 'Spawned' })
      } finally {
        await handle.destroy()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
