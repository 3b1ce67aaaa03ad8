import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../app'
import { loadConfig, readingKeys } from '../config'
import type { Dialect } from '../db/database'
import { linkExpiry, newLinkId, signLink, verifyLink } from '../interview/signed-link'
import { createHttpClient } from '../provider/http'
import { assembleDeps } from '../runtime'
import { createOrgWithUser } from '../test/fixtures'
import { balance, createPerson, MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { createConnection } from './connection.service'
import { resealConnectionSettings } from './key-rotation.service'
import { ProviderResolver } from './provider-resolver'

const A = 'aa'.repeat(32)
const B = 'bb'.repeat(32)
const HOUR = 3600_000

describe.each(DIALECTS)('secret keys on %s', (dialect: Dialect) => {
  let ctx: TestContext | undefined
  afterEach(async () => {
    await ctx?.close()
    ctx = undefined
  })

  function resolver(c: TestContext, keys: string[]): ProviderResolver {
    return new ProviderResolver({
      db: c.deps.database.db,
      secretKeys: keys.map((k) => Buffer.from(k, 'hex')),
      http: createHttpClient(),
      publicBaseUrl: 'http://parley.test',
      deliverStatus: () => {},
    })
  }

  it('reads what key A sealed and signed with B current and A previous; rotation re-seals it for B alone', async () => {
    const c = await createTestApp(dialect, { PARLEY_SECRET_KEY: A })
    ctx = c
    const admin = await createOrgWithUser(c, { credits: 10 })
    const personId = await createPerson(c, admin)
    const job = await c.app.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: admin.headers,
      payload: { title: 'Staff nurse' },
    })
    const invited = await c.app.inject({
      method: 'POST',
      url: '/api/v1/interviews',
      headers: admin.headers,
      payload: {
        personId,
        jobId: job.json().id,
        slots: [new Date(c.clock.now().getTime() + 48 * HOUR).toISOString()],
        body: 'Pick a time: {{ interview.link }}',
        timeZone: 'Europe/London',
      },
    })
    expect(invited.statusCode, invited.body).toBe(201)
    const linkPath = new URL(invited.json().link).pathname
    const ids = (await c.deps.database.db.selectFrom('connections').select('id').execute()).map((r) => r.id)

    // Key B is now current, A previous: the connection, the link and a download token still open.
    const rotated = loadConfig({
      PARLEY_SECRET_KEY: B,
      PARLEY_SECRET_KEY_PREVIOUS: A,
      PUBLIC_BASE_URL: 'http://parley.test',
      SIMULATOR_DELIVERY_DELAY_MS: '0',
    })
    const appB = await buildApp(assembleDeps(rotated, c.deps.database, { clock: c.clock }))
    try {
      expect((await appB.inject({ method: 'GET', url: linkPath })).statusCode).toBe(200)
      const connections = await appB.inject({
        method: 'GET',
        url: '/api/v1/connections',
        headers: admin.headers,
      })
      expect(
        connections.json().items.map((x: { credentialsReadable: boolean }) => x.credentialsReadable),
      ).toEqual([true])
    } finally {
      await appB.close()
    }
    const linkId = newLinkId()
    const expires = linkExpiry(new Date(c.clock.now().getTime() + HOUR))
    const token = signLink(Buffer.from(A, 'hex'), 'download', linkId, expires)
    expect(verifyLink(readingKeys(rotated), 'download', token, c.clock.now())).toMatchObject({
      status: 'valid',
      linkId,
    })
    expect(verifyLink([Buffer.from(B, 'hex')], 'download', token, c.clock.now())).toEqual({
      status: 'invalid',
    })
    // New writes use the current key only.
    expect(signLink(rotated.secretKey, 'download', linkId, expires)).not.toBe(token)
    for (const id of ids) await expect(resolver(c, [B, A]).forConnection(id)).resolves.toBeDefined()
    for (const id of ids)
      await expect(resolver(c, [B]).forConnection(id)).rejects.toMatchObject({
        code: 'CONNECTION_CREDENTIALS_UNREADABLE',
      })

    const db = c.deps.database.db
    const keys = readingKeys(rotated)
    expect(await resealConnectionSettings(db, keys)).toEqual({
      resealed: ids.length,
      current: 0,
      unreadable: [],
      remade: [],
    })
    expect(await resealConnectionSettings(db, keys)).toEqual({
      resealed: 0,
      current: ids.length,
      unreadable: [],
      remade: [],
    })
    for (const id of ids) await expect(resolver(c, [B]).forConnection(id)).resolves.toBeDefined()
  })

  it('rotation makes a phone simulator no key opens again (it holds no secret) and names any other', async () => {
    const c = await createTestApp(dialect)
    ctx = c
    const admin = await createOrgWithUser(c, { credits: 10 })
    const lostKey = { db: c.deps.database.db, clock: c.clock, secretKey: randomBytes(32) }
    const simulator = await createConnection(lostKey, admin.orgId, {
      provider: 'simulator',
      name: 'Old simulator',
      sender: '+447911123401',
      config: {},
    })
    const fireText = await createConnection(lostKey, admin.orgId, {
      provider: 'firetext',
      name: 'Old FireText',
      sender: 'Northwind',
      config: { apiKey: 'firetext-key-1234' },
    })
    const report = await resealConnectionSettings(c.deps.database.db, readingKeys(c.deps.config), {
      deliveryDelayMs: 0,
    })
    expect(report.remade).toEqual([{ id: simulator.id, orgId: admin.orgId, name: 'Old simulator' }])
    expect(report.unreadable).toEqual([{ id: fireText.id, orgId: admin.orgId, name: 'Old FireText' }])
    // The simulator sends again; the other still waits for its credentials.
    const personId = await createPerson(c, admin)
    const sent = await send(c, admin, { personId, body: 'After the key', connectionId: simulator.id })
    expect(sent.statusCode, sent.body).toBe(201)
    await testDispatcher(c).runOnce()
    const row = await c.deps.database.db
      .selectFrom('messages')
      .select('status')
      .where('id', '=', sent.json().id)
      .executeTakeFirstOrThrow()
    expect(row.status).toMatch(/^(sent|delivered)$/)
    await expect(resolver(c, ['11'.repeat(32)]).forConnection(fireText.id)).rejects.toMatchObject({
      code: 'CONNECTION_CREDENTIALS_UNREADABLE',
    })
  })

  it('a connection whose credentials no key opens fails alone, visibly; the simulator keeps working', async () => {
    const c = await createTestApp(dialect)
    ctx = c
    const admin = await createOrgWithUser(c, { credits: 10 })
    const lost = await createConnection(
      { db: c.deps.database.db, clock: c.clock, secretKey: randomBytes(32) },
      admin.orgId,
      { provider: 'simulator', name: 'Lost key', sender: '+447911123400', config: {} },
    )
    const list = await c.app.inject({ method: 'GET', url: '/api/v1/connections', headers: admin.headers })
    expect(list.statusCode).toBe(200)
    const byName = Object.fromEntries(
      list.json().items.map((x: { name: string; credentialsReadable: boolean }) => [x.name, x]),
    )
    expect(byName['Phone simulator']).toMatchObject({ credentialsReadable: true })
    expect(byName['Lost key']).toMatchObject({
      credentialsReadable: false,
      credentialsProblem: expect.stringContaining('cannot be decrypted'),
    })
    const detail = await c.app.inject({
      method: 'GET',
      url: `/api/v1/connections/${lost.id}`,
      headers: admin.headers,
    })
    expect(detail.json()).toMatchObject({ credentialsReadable: false })

    const personId = await createPerson(c, admin)
    const viaLost = await send(c, admin, { personId, body: 'Through the lost key', connectionId: lost.id })
    expect(viaLost.statusCode, viaLost.body).toBe(201)
    const viaSimulator = await send(c, admin, { personId, body: 'Through the simulator' })
    expect(viaSimulator.statusCode, viaSimulator.body).toBe(201)
    expect(await balance(c, admin)).toBe(8)
    await testDispatcher(c).runOnce()
    const rows = await c.deps.database.db
      .selectFrom('messages')
      .select(['id', 'status', 'error_code', 'error_message'])
      .where('id', 'in', [viaLost.json().id, viaSimulator.json().id])
      .execute()
    const status = Object.fromEntries(rows.map((r) => [r.id, r]))
    expect(status[viaLost.json().id]).toMatchObject({
      status: 'failed',
      error_code: 'CONNECTION_CREDENTIALS_UNREADABLE',
      error_message: expect.stringContaining('"Lost key" cannot be decrypted'),
    })
    expect(status[viaSimulator.json().id]?.status).toMatch(/^(sent|delivered)$/)
    expect(await balance(c, admin)).toBe(9)

    // Its webhooks answer 503 (the provider tries again later); the simulator's own still work.
    const webhook = await c.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${lost.webhookToken}/inbound`,
      payload: { id: 'SIM-lost-1', from: MOBILE, to: lost.sender, body: 'Hello?' },
    })
    expect([webhook.statusCode, webhook.json().code]).toEqual([503, 'CONNECTION_CREDENTIALS_UNREADABLE'])
    const simulated = (to: string) =>
      c.app.inject({
        method: 'POST',
        url: '/api/v1/simulator/inbound',
        headers: admin.headers,
        payload: { from: MOBILE, to, body: 'Hi' },
      })
    const toLost = await simulated(lost.sender)
    expect([toLost.statusCode, toLost.json().code]).toEqual([503, 'CONNECTION_CREDENTIALS_UNREADABLE'])
    const toSimulator = await simulated('+447700900001')
    expect(toSimulator.statusCode, toSimulator.body).toBe(201)

    // Entering the settings again mends it.
    const mended = await c.app.inject({
      method: 'PATCH',
      url: `/api/v1/connections/${lost.id}`,
      headers: admin.headers,
      payload: { config: {} },
    })
    expect(mended.statusCode, mended.body).toBe(200)
    expect(mended.json()).toMatchObject({ credentialsReadable: true })
    await expect(c.deps.providers.forConnection(lost.id)).resolves.toBeDefined()
  })
})
