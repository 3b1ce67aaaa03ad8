import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const OFFICE_2 = '+46701740605'
const MANAGER = '+447911123456'

describe.each(DIALECTS)('forwarding rules API, on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Office 2', sender: OFFICE_2, config: { deliveryDelayMs: 0 } },
    )
  })
  afterEach(async () => ctx.close())

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, as = admin) =>
    ctx.app.inject({ method, url, headers: as.headers, ...(payload ? { payload } : {}) })

  it('saves, lists, changes and removes a rule for one of the organization’s numbers', async () => {
    const created = await call('POST', '/api/v1/forwarding-rules', {
      number: '+46 70-174 06 05',
      emails: [' Office2@Example.com '],
      mobile: MANAGER,
    })
    expect(created.statusCode, created.body).toBe(201)
    const rule = created.json()
    expect(rule).toMatchObject({ number: OFFICE_2, emails: ['office2@example.com'], mobile: MANAGER })

    const list = await call('GET', '/api/v1/forwarding-rules')
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([rule.id])

    const changed = await call('PUT', `/api/v1/forwarding-rules/${rule.id}`, {
      number: OFFICE_2,
      emails: ['a@example.com', 'b@example.org'],
      mobile: null,
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect((await call('GET', `/api/v1/forwarding-rules/${rule.id}`)).json()).toMatchObject({
      emails: ['a@example.com', 'b@example.org'],
      mobile: null,
    })

    expect((await call('DELETE', `/api/v1/forwarding-rules/${rule.id}`)).statusCode).toBe(204)
    expect((await call('GET', `/api/v1/forwarding-rules/${rule.id}`)).statusCode).toBe(404)
    expect((await call('GET', '/api/v1/forwarding-rules')).json().items).toEqual([])
  })

  it('refuses bad input with a specific 4xx naming the field', async () => {
    const refusals: [object, number, string, string][] = [
      [
        { number: OFFICE_2, emails: ['ok@example.com', 'not-an-address'] },
        422,
        'FORWARDING_EMAIL_INVALID',
        'emails[1]',
      ],
      [{ number: OFFICE_2, emails: ['two@@example.com'] }, 422, 'FORWARDING_EMAIL_INVALID', 'emails[0]'],
      [{ number: OFFICE_2, mobile: OFFICE_2 }, 422, 'FORWARD_LOOP', 'mobile'],
      [{ number: OFFICE_2, mobile: '+46 70 174 06 05' }, 422, 'FORWARD_LOOP', 'mobile'],
      [{ number: OFFICE_2, mobile: '12' }, 422, 'PHONE_NUMBER_INVALID', 'mobile'],
      [{ number: 'office', emails: ['a@example.com'] }, 422, 'PHONE_NUMBER_INVALID', 'number'],
      [{ number: '+447911000002', emails: ['a@example.com'] }, 422, 'FORWARDING_NUMBER_UNKNOWN', 'number'],
      [{ number: OFFICE_2, emails: [] }, 422, 'FORWARDING_TARGET_REQUIRED', 'emails or mobile'],
    ]
    for (const [payload, status, code, field] of refusals) {
      const res = await call('POST', '/api/v1/forwarding-rules', payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(status)
      expect(res.json().code, res.body).toBe(code)
      expect(res.json().message.startsWith(`${field}:`), res.body).toBe(true)
    }
    expect((await call('GET', '/api/v1/forwarding-rules')).json().items).toEqual([])
  })

  it('takes a number a connection owns besides its sender', async () => {
    const OWNED = '+447911000123'
    expect(
      (await call('POST', '/api/v1/forwarding-rules', { number: OWNED, emails: ['a@example.com'] })).json()
        .code,
    ).toBe('FORWARDING_NUMBER_UNKNOWN')
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      {
        provider: 'simulator',
        name: 'Office 3',
        sender: '+46701740606',
        numbers: [OWNED],
        config: { deliveryDelayMs: 0 },
      },
    )
    const saved = await call('POST', '/api/v1/forwarding-rules', { number: OWNED, emails: ['a@example.com'] })
    expect(saved.statusCode, saved.body).toBe(201)
    expect(saved.json().number).toBe(OWNED)
  })

  it('keeps one rule per number and lets only admins manage rules', async () => {
    const first = await call('POST', '/api/v1/forwarding-rules', {
      number: OFFICE_2,
      emails: ['a@example.com'],
    })
    expect(first.statusCode).toBe(201)
    const again = await call('POST', '/api/v1/forwarding-rules', {
      number: OFFICE_2,
      emails: ['b@example.com'],
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('FORWARDING_NUMBER_TAKEN')

    const recruiter = await createOrgWithUser(ctx, { role: 'recruiter' })
    const denied = await call('GET', '/api/v1/forwarding-rules', undefined, recruiter)
    expect(denied.statusCode).toBe(403)
    const other = await createOrgWithUser(ctx)
    expect(
      (await call('GET', `/api/v1/forwarding-rules/${first.json().id}`, undefined, other)).statusCode,
    ).toBe(404)
  })
})
