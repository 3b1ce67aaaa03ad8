import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { createOffice } from '../organization/organization.service'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { getMessage, MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const SID = `AC${'a'.repeat(32)}`
const TOKEN = 'b'.repeat(32)

describe.each(DIALECTS)('routing and failover on %s', (dialect) => {
  let ctx: TestContext
  let fake: TwilioFake
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    fake = await startTwilioFake({ accountSid: SID, authToken: TOKEN })
  })
  afterEach(async () => {
    await fake.close()
    await ctx.close()
  })

  const deps = () => ({
    db: ctx.deps.database.db,
    clock: ctx.deps.clock,
    secretKey: ctx.deps.config.secretKey,
  })
  const simulator = (actor: TestActor, name: string, sender: string) =>
    createConnection(deps(), actor.orgId, {
      provider: 'simulator',
      name,
      sender,
      config: { deliveryDelayMs: 0 },
    })
  const addRule = (actor: TestActor, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: actor.headers, payload })

  it('routes by destination country, sender office and sticky number, else the default; the sender choice wins', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 50 })
    const sweden = await simulator(admin, 'Sweden', '+46701740605')
    const manchester = await simulator(admin, 'Manchester office', '+447911000900')
    const office = await createOffice(deps(), admin.orgId, { name: 'Manchester' })
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    await ctx.deps.database.db
      .updateTable('users')
      .set({ office_id: office.id })
      .where('id', '=', rita.userId)
      .execute()
    expect(
      (await addRule(admin, { kind: 'country', match: 'SE', connectionId: sweden.id, priority: 1 }))
        .statusCode,
    ).toBe(201)
    expect(
      (await addRule(admin, { kind: 'office', match: office.id, connectionId: manchester.id, priority: 2 }))
        .statusCode,
    ).toBe(201)

    expect((await send(ctx, admin, { to: '+46701234567', body: 'Hej' })).json().connectionId).toBe(sweden.id)
    expect((await send(ctx, rita, { to: MOBILE, body: 'Hi' })).json()).toMatchObject({
      connectionId: manchester.id,
      from: '+447911000900',
    })
    const fallback = (await send(ctx, admin, { to: MOBILE, body: 'Hi' })).json()
    expect(fallback.connectionId).not.toBe(manchester.id)
    expect(fallback.connectionId).not.toBe(sweden.id)
    expect(
      (await send(ctx, rita, { to: MOBILE, body: 'Hi', connectionId: sweden.id })).json().connectionId,
    ).toBe(sweden.id)

    // Sticky: a reply goes out on the number the person texted.
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: '+447911123459', to: '+46701740605', body: 'Hello?' },
    })
    expect((await addRule(admin, { kind: 'sticky', connectionId: sweden.id, priority: 0 })).statusCode).toBe(
      201,
    )
    expect((await send(ctx, admin, { to: '+447911123459', body: 'Yes?' })).json().connectionId).toBe(
      sweden.id,
    )

    const bad = await addRule(admin, { kind: 'country', match: 'XX', connectionId: sweden.id })
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'REQUEST_INVALID'])
  })

  it('fails over to the second connection when the first fails on the provider side', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    const twilio = await createConnection(deps(), admin.orgId, {
      provider: 'twilio',
      name: 'Twilio UK',
      sender: '+447700900123',
      config: { accountSid: SID, authToken: TOKEN, from: '+447700900123', baseUrl: fake.url },
      isDefault: true,
    })
    const backup = await simulator(admin, 'Backup', '+447911000901')
    const set = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/connections/${twilio.id}/failover`,
      headers: admin.headers,
      payload: { connectionId: backup.id },
    })
    expect(set.statusCode).toBe(204)
    const shown = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/connections/${twilio.id}`,
      headers: admin.headers,
    })
    expect(shown.json().failoverConnectionId).toBe(backup.id)
    const message = (await send(ctx, admin, { to: MOBILE, body: 'Outage test' })).json()
    expect(message.connectionId).toBe(twilio.id)
    fake.failNext('server_error')
    const dispatcher = testDispatcher(ctx)
    await dispatcher.runOnce()
    let row = await getMessage(ctx, admin, message.id)
    expect(row).toMatchObject({ status: 'queued' })
    await dispatcher.runOnce()
    row = await getMessage(ctx, admin, message.id)
    expect(row.status === 'sent' || row.status === 'delivered').toBe(true)
    expect(row).toMatchObject({
      connectionId: backup.id,
      failoverFromConnectionId: twilio.id,
      from: '+447911000901',
    })
    expect(fake.messages).toHaveLength(0)

    // A recipient error is not the provider's fault: no failover.
    const bad = (await send(ctx, admin, { to: MOBILE, body: 'Invalid' })).json()
    fake.failNext('invalid_number')
    await dispatcher.runOnce()
    expect(await getMessage(ctx, admin, bad.id)).toMatchObject({ status: 'failed', connectionId: twilio.id })
  })
})
