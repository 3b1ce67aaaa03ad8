import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { campaignAction, createCampaign, mobiles, seedPeople } from '../campaign/campaign-fixtures'
import { type FireTextFake, startFireTextFake } from '../provider/firetext/firetext.fake'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { getMessage, MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

/** FireText's VMN for the Stockholm office, and the account's own sender. */
const STOCKHOLM = '+46701740605'
const FIRETEXT_SENDER = '+46701740600'
/** The phone simulator every organization starts with (its default connection). */
const SIMULATOR = '+447700900001'
const RITA = '+447700900077'

/**
 * Seed 000: a user of the Stockholm office texts from the office's number, on the connection that
 * owns it, so replies come back to that office.
 */
describe.each(DIALECTS)("a user's texts go from their reply number on %s", (dialect) => {
  let ctx: TestContext
  let firetext: FireTextFake
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    firetext = await startFireTextFake({ now: () => ctx.clock.now() })
    admin = await createOrgWithUser(ctx, { credits: 100 })
  })
  afterEach(async () => {
    await ctx.close()
    await firetext.close()
  })

  async function call<T = Record<string, unknown>>(
    actor: TestActor,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    status?: number,
  ): Promise<T> {
    const res = await ctx.app.inject({ method, url, headers: actor.headers, ...(payload ? { payload } : {}) })
    if (status !== undefined) expect(res.statusCode, res.body).toBe(status)
    else expect(res.statusCode, res.body).toBeLessThan(300)
    return (res.body ? res.json() : undefined) as T
  }

  /** A FireText account owning the Stockholm VMN, a Stockholm office, and a recruiter in it. */
  async function stockholmOffice(role: 'recruiter' | 'manager' = 'recruiter') {
    const connection = await call<{ id: string }>(admin, 'POST', '/api/v1/connections', {
      provider: 'firetext',
      name: 'FireText Sweden',
      sender: FIRETEXT_SENDER,
      numbers: [STOCKHOLM],
      config: { apiKey: firetext.apiKey, baseUrl: firetext.url },
    })
    const office = await call<{ id: string; sendsFrom: unknown }>(admin, 'POST', '/api/v1/offices', {
      name: 'Stockholm',
      replyNumber: '+46 70 174 06 05',
    })
    expect(office.sendsFrom).toEqual({
      number: STOCKHOLM,
      connectionId: connection.id,
      connectionName: 'FireText Sweden',
    })
    const recruiter = await addUser(ctx, admin.orgId, { role })
    await call(admin, 'PATCH', `/api/v1/users/${recruiter.userId}`, { officeId: office.id })
    const simulator = (await call<{ items: { id: string }[] }>(admin, 'GET', '/api/v1/connections')).items[0]!
    return { connection, office, recruiter, simulatorId: simulator.id }
  }

  /** What FireText was asked to send (taken or refused): its `from` is the number without the +. */
  const fireTextSends = () =>
    firetext.requests.flatMap((r) =>
      r.path === '/api/sendsms' && r.sms ? [{ to: r.sms.to, from: r.sms.from }] : [],
    )

  it("sends a one-to-one text and a forward from the office's number on the FireText connection", async () => {
    const { connection, recruiter, simulatorId } = await stockholmOffice()
    expect(await call(recruiter, 'GET', '/api/v1/me/sender')).toEqual({
      source: 'office',
      number: STOCKHOLM,
      connectionId: connection.id,
      connectionName: 'FireText Sweden',
      office: { id: expect.any(String), name: 'Stockholm' },
      passedOver: [],
    })
    const sent = (await send(ctx, recruiter, { to: MOBILE, body: 'Hej! Still keen on the role?' })).json()
    expect(sent).toMatchObject({ connectionId: connection.id, from: STOCKHOLM, to: MOBILE })
    const forwarded = await call<{ items: unknown[] }>(recruiter, 'POST', '/api/v1/messages/forward', {
      messageId: sent.id,
      numbers: ['+447911123457'],
    })
    expect(forwarded.items).toMatchObject([{ kind: 'forward', connectionId: connection.id, from: STOCKHOLM }])
    expect(await testDispatcher(ctx).runOnce()).toBe(2)
    expect(fireTextSends()).toEqual([
      { to: MOBILE.slice(1), from: STOCKHOLM.slice(1) },
      { to: '447911123457', from: STOCKHOLM.slice(1) },
    ])
    expect(await getMessage(ctx, recruiter, sent.id)).toMatchObject({ status: 'sent' })

    // the admin is in no office: routing decides, and the default phone simulator sends
    expect(await call(admin, 'GET', '/api/v1/me/sender')).toMatchObject({ source: 'routing', number: null })
    const own = (await send(ctx, admin, { to: MOBILE, body: 'From head office' })).json()
    expect(own).toMatchObject({ connectionId: simulatorId, from: SIMULATOR })
  })

  it("a recruiter's own number wins over the office's; a chosen connection wins over both", async () => {
    const { recruiter, simulatorId } = await stockholmOffice()
    await call(admin, 'PATCH', `/api/v1/connections/${simulatorId}`, { numbers: [RITA] })
    const user = await call(admin, 'PATCH', `/api/v1/users/${recruiter.userId}`, { replyNumber: RITA })
    expect(user).toMatchObject({ replyNumber: RITA })
    expect(await call(recruiter, 'GET', '/api/v1/me/sender')).toMatchObject({
      source: 'user',
      number: RITA,
      connectionId: simulatorId,
    })
    expect((await send(ctx, recruiter, { to: MOBILE, body: 'Rita here' })).json()).toMatchObject({
      connectionId: simulatorId,
      from: RITA,
    })
    await call(admin, 'PATCH', `/api/v1/users/${recruiter.userId}`, { replyNumber: null })
    const chosen = (
      await send(ctx, recruiter, { to: MOBILE, body: 'From the main line', connectionId: simulatorId })
    ).json()
    expect(chosen).toMatchObject({ connectionId: simulatorId, from: SIMULATOR })
  })

  it('sends a text that takes no replies from the sender id, on the office number’s connection', async () => {
    const { connection, recruiter } = await stockholmOffice()
    await call(admin, 'PATCH', `/api/v1/connections/${connection.id}`, { noReplySender: 'Northwind' })
    const notice = (
      await send(ctx, recruiter, { to: MOBILE, body: 'Office closed Friday', repliable: false })
    ).json()
    expect(notice).toMatchObject({ connectionId: connection.id, from: 'Northwind' })
  })

  it('falls back to routing once the connection owning the number is disabled, and says so', async () => {
    const { connection, recruiter, simulatorId } = await stockholmOffice()
    await call(admin, 'DELETE', `/api/v1/connections/${connection.id}`)
    expect(await call(recruiter, 'GET', '/api/v1/me/sender')).toMatchObject({
      source: 'routing',
      number: null,
      passedOver: [
        {
          source: 'office',
          number: STOCKHOLM,
          reason: 'connection_disabled',
          connectionName: 'FireText Sweden',
        },
      ],
    })
    const offices = await call<{ items: unknown[] }>(admin, 'GET', '/api/v1/offices')
    expect(offices.items).toMatchObject([
      {
        name: 'Stockholm',
        replyNumber: STOCKHOLM,
        sendsFrom: null,
        replyNumberUnused: { reason: 'connection_disabled', connectionName: 'FireText Sweden' },
      },
    ])
    expect((await send(ctx, recruiter, { to: MOBILE, body: 'Still there?' })).json()).toMatchObject({
      connectionId: simulatorId,
      from: SIMULATOR,
    })
  })

  it('resends a failed text from the number it went from', async () => {
    const { connection, recruiter } = await stockholmOffice()
    firetext.failNextWithCode(2, 'Invalid destination')
    const sent = (await send(ctx, recruiter, { to: MOBILE, body: 'Interview on Monday?' })).json()
    await testDispatcher(ctx).runOnce()
    expect(await getMessage(ctx, recruiter, sent.id)).toMatchObject({ status: 'failed' })
    const again = await call(recruiter, 'POST', `/api/v1/messages/${sent.id}/resend`, {})
    expect(again).toMatchObject({ resentFromId: sent.id, connectionId: connection.id, from: STOCKHOLM })
    await testDispatcher(ctx).runOnce()
    expect(fireTextSends()).toEqual([
      { to: MOBILE.slice(1), from: STOCKHOLM.slice(1) },
      { to: MOBILE.slice(1), from: STOCKHOLM.slice(1) },
    ])
  })

  it("sends every text of a mailshot from its creator's office number", async () => {
    const { connection, recruiter: manager } = await stockholmOffice('manager')
    const phones = mobiles(3)
    await seedPeople(
      ctx,
      admin.orgId,
      phones.map((mobile) => ({ mobile, tags: ['nurse'] })),
    )
    const campaign = await createCampaign(ctx, manager, {
      name: 'Nurses',
      source: { type: 'search', filter: { tag: 'nurse' } },
      body: 'New shifts this week',
    })
    const launched = await campaignAction(ctx, manager, campaign.id, 'launch')
    expect(launched.statusCode, launched.body).toBe(200)
    const rows = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['to_number', 'from_number', 'connection_id'])
      .where('campaign_id', '=', campaign.id)
      .orderBy('to_number')
      .execute()
    expect(rows).toEqual(
      phones.map((to) => ({ to_number: to, from_number: STOCKHOLM, connection_id: connection.id })),
    )
    expect(await testDispatcher(ctx).runOnce()).toBe(3)
    expect(fireTextSends().sort((a, b) => a.to.localeCompare(b.to))).toEqual(
      phones.map((to) => ({ to: to.slice(1), from: STOCKHOLM.slice(1) })),
    )
  })

  it('refuses a reply number that is not E.164 or that no enabled connection owns, naming the field', async () => {
    const { office, recruiter } = await stockholmOffice()
    const refused = async (
      url: string,
      method: 'POST' | 'PATCH',
      payload: object,
      code: string,
      text: string,
    ) => {
      const res = await ctx.app.inject({ method, url, headers: admin.headers, payload })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json()).toMatchObject({ code, details: { field: 'replyNumber' } })
      expect(res.json().message).toMatch(/^replyNumber /)
      expect(res.json().message).toContain(text)
    }
    const officeUrl = `/api/v1/offices/${office.id}`
    await refused(officeUrl, 'PATCH', { replyNumber: '0701740605' }, 'REPLY_NUMBER_INVALID', 'E.164')
    await refused(
      officeUrl,
      'PATCH',
      { replyNumber: '+46701740699' },
      'REPLY_NUMBER_NOT_OWNED',
      '+46701740699',
    )
    await refused(
      '/api/v1/offices',
      'POST',
      { name: 'Oslo', replyNumber: '+4791234567' },
      'REPLY_NUMBER_NOT_OWNED',
      'no connection',
    )
    const userUrl = `/api/v1/users/${recruiter.userId}`
    await refused(userUrl, 'PATCH', { replyNumber: 'Rita' }, 'REPLY_NUMBER_INVALID', '"Rita"')
    await refused(userUrl, 'PATCH', { replyNumber: RITA }, 'REPLY_NUMBER_NOT_OWNED', RITA)
    await refused(
      '/api/v1/users',
      'POST',
      { email: 'new@example.com', name: 'New', role: 'recruiter', replyNumber: RITA },
      'REPLY_NUMBER_NOT_OWNED',
      RITA,
    )
    // nothing changed by the refusals
    expect(
      (await call<{ items: { name: string; replyNumber: string }[] }>(admin, 'GET', '/api/v1/offices')).items,
    ).toMatchObject([{ name: 'Stockholm', replyNumber: STOCKHOLM }])
    expect(await call(admin, 'GET', userUrl)).toMatchObject({ replyNumber: null })
  })
})
