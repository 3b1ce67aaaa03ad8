import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NO_DIRECT_MESSAGE } from '../conversation/conversation.repository'
import { addGroupMembers, insertGroups } from '../group/group.repository'
import { newId } from '../ids'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { mobiles, optOut, seedPeople } from './campaign-fixtures'

describe.each(DIALECTS)('one text to several recipients (POST /api/v1/messages/bulk) on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function group(orgId: string, personIds: string[]): Promise<string> {
    const id = newId()
    const at = ctx.clock.now().toISOString()
    await insertGroups(ctx.deps.database.db, [{ id, org_id: orgId, name: `Group ${id}`, created_at: at }])
    await addGroupMembers(ctx.deps.database.db, id, personIds, at)
    return id
  }

  function bulk(actor: TestActor, payload: Record<string, unknown>) {
    return ctx.app.inject({ method: 'POST', url: '/api/v1/messages/bulk', headers: actor.headers, payload })
  }

  async function ledger(actor: TestActor) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/credits/ledger', headers: actor.headers })
    return (res.json().items as { reason: string; delta: number }[]).filter((e) => e.reason === 'message')
  }

  it('sends a whole group of 1,200 plus chosen people and numbers as one bulk send with one debit', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 2000 })
    const members = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(1200).map((mobile) => ({ mobile })),
    )
    const [noMobile, optedOutPerson] = await seedPeople(ctx, admin.orgId, [
      { firstName: 'Nomo', mobile: null },
      { firstName: 'Otto', mobile: mobiles(1, 5000)[0]! },
    ])
    await optOut(ctx, admin.orgId, mobiles(1, 5000)[0]!)
    const groupId = await group(admin.orgId, members)
    const id = randomUUID()
    const payload = {
      id,
      personIds: [members[0]!, noMobile!, optedOutPerson!],
      groupIds: [groupId],
      numbers: ['+447911005001', mobiles(1, 7)[0]!],
      body: 'New shifts this week',
    }
    const res = await bulk(admin, payload)
    expect(res.statusCode, res.body).toBe(201)
    const sent = res.json()
    // 1,200 members + the typed new number; the first member and the 8th typed again are duplicates
    expect(sent).toMatchObject({
      id,
      status: 'queued',
      sendAt: null,
      recipients: 1201,
      skipped: 4,
      credits: 1201,
    })
    expect(
      sent.skippedRecipients
        .map((s: { reason: string; personId: string | null }) => [s.reason, s.personId])
        .sort(),
    ).toEqual(
      [
        ['duplicate', members[0]],
        ['duplicate', members[7]],
        ['no_mobile', noMobile],
        ['opted_out', optedOutPerson],
      ].sort(),
    )
    expect(await balance(ctx, admin)).toBe(2000 - 1201)
    expect((await ledger(admin)).map((e) => e.delta)).toEqual([-1201])

    const db = ctx.deps.database.db
    const kinds = await db
      .selectFrom('messages')
      .select((eb) => ['kind', 'status', eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', id)
      .groupBy(['kind', 'status'])
      .orderBy('status')
      .execute()
    expect(kinds.map((k) => [k.kind, k.status, Number(k.n)])).toEqual([
      ['bulk', 'not_triggered', 4],
      ['bulk', 'queued', 1201],
    ])
    // marketed: the inbox is not reordered by it unless the organization's option is on
    const conversation = await db
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', admin.orgId)
      .where('phone_e164', '=', '+447911005001')
      .executeTakeFirstOrThrow()
    expect(conversation.last_direct_message_at).toBe(NO_DIRECT_MESSAGE)

    // the same id again is the same send: nothing more written or charged
    const again = await bulk(admin, payload)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toEqual(sent)
    expect(await balance(ctx, admin)).toBe(2000 - 1201)
  })

  it('refuses the whole send when credits are short, saying how many are needed, and writes nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 2 })
    const people = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(3).map((mobile) => ({ mobile })),
    )
    const id = randomUUID()
    const res = await bulk(admin, { id, personIds: people, body: 'Hello' })
    expect(res.statusCode, res.body).toBe(402)
    expect(res.json()).toMatchObject({ code: 'CREDITS_INSUFFICIENT', details: { needed: 3, available: 2 } })
    expect(await balance(ctx, admin)).toBe(2)
    const written = await ctx.deps.database.db
      .selectFrom('messages')
      .select('id')
      .where('org_id', '=', admin.orgId)
      .execute()
    expect(written).toEqual([])
    const campaigns = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/campaigns',
      headers: admin.headers,
    })
    expect(campaigns.json().items).toEqual([])

    // the refused id is free again: with enough credits it goes
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/credits/top-ups',
      headers: admin.headers,
      payload: { amount: 10 },
    })
    const retry = await bulk(admin, { id, personIds: people, body: 'Hello' })
    expect(retry.statusCode, retry.body).toBe(201)
    expect(retry.json()).toMatchObject({ recipients: 3, credits: 3 })
  })

  it('schedules, and refuses a group to a sender who may not send in bulk', async () => {
    const admin = await createOrgWithUser(ctx)
    const people = await seedPeople(
      ctx,
      admin.orgId,
      mobiles(2).map((mobile) => ({ mobile })),
    )
    const sendAt = new Date(ctx.clock.now().getTime() + 3_600_000).toISOString()
    const scheduled = await bulk(admin, { id: randomUUID(), personIds: people, body: 'Later', sendAt })
    expect(scheduled.statusCode, scheduled.body).toBe(201)
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', sendAt, recipients: 2 })

    const member = await addUser(ctx, admin.orgId, { role: 'recruiter', permissions: ['sms.send'] })
    const groupId = await group(admin.orgId, people)
    const refused = await bulk(member, { id: randomUUID(), groupIds: [groupId], body: 'Hi' })
    expect(refused.statusCode, refused.body).toBe(403)
    const people2 = await bulk(member, { id: randomUUID(), personIds: people, body: 'Hi' })
    expect(people2.statusCode, people2.body).toBe(201)
    const missing = await bulk(admin, { id: randomUUID(), groupIds: ['nope'], body: 'Hi' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('GROUP_NOT_FOUND')
  })
})
