import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventName } from '../events'
import { createTeam } from '../organization/organization.service'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createPerson, inboundText, MOBILE, send } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { receiveInboundBatch } from './inbound.service'

describe.each(DIALECTS)('inbound batches on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const textFrom = (actor: TestActor, from: string, body: string, id?: string) =>
    inboundText(ctx, actor, from, body, id)

  const db = () => ctx.deps.database.db

  async function conversationOf(orgId: string, phone: string) {
    return db()
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('phone_e164', '=', phone)
      .execute()
  }

  it('puts two texts from the same new number in one conversation, in order', async () => {
    const admin = await createOrgWithUser(ctx)
    const batch = [await textFrom(admin, MOBILE, 'First'), await textFrom(admin, MOBILE, 'Second')]
    const outcomes = await receiveInboundBatch(ctx.deps, batch)
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, false])
    const [conversation, ...others] = await conversationOf(admin.orgId, MOBILE)
    expect(others).toEqual([])
    expect(conversation).toMatchObject({
      unread_count: 2,
      last_message_preview: 'Second',
      last_message_at: batch[1]!.sms.receivedAt,
      person_count: 0,
    })
    for (const outcome of outcomes) expect(outcome).toMatchObject({ conversationId: conversation!.id })
    const history = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation!.id}/messages`,
      headers: admin.headers,
    })
    expect(history.json().items.map((m: { body: string }) => m.body)).toEqual(['First', 'Second'])
    const titles = await db()
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('user_id', '=', admin.userId)
      .orderBy('id')
      .execute()
    expect(titles).toEqual([
      { title: `Reply from ${MOBILE}`, body: 'First' },
      { title: `Reply from ${MOBILE}`, body: 'Second' },
    ])
  })

  it('keeps the newest text as the last of its conversation when batches commit out of order', async () => {
    const admin = await createOrgWithUser(ctx)
    const older = await textFrom(admin, MOBILE, 'Older')
    const newer = await textFrom(admin, MOBILE, 'Newer')
    await receiveInboundBatch(ctx.deps, [newer])
    await receiveInboundBatch(ctx.deps, [older])
    const [conversation] = await conversationOf(admin.orgId, MOBILE)
    expect(conversation).toMatchObject({
      unread_count: 2,
      last_message_preview: 'Newer',
      last_message_at: newer.sms.receivedAt,
      last_direct_message_at: newer.sms.receivedAt,
    })
    // and within one batch that lists the newer text first
    const earlier = await textFrom(admin, '+447911000444', 'Earlier')
    const later = await textFrom(admin, '+447911000444', 'Later')
    await receiveInboundBatch(ctx.deps, [later, earlier])
    const [other] = await conversationOf(admin.orgId, '+447911000444')
    expect(other).toMatchObject({
      unread_count: 2,
      last_message_preview: 'Later',
      last_message_at: later.sms.receivedAt,
    })
  })

  it('stores a provider id met twice in one batch once and reports the second copy as a duplicate', async () => {
    const admin = await createOrgWithUser(ctx)
    const first = await textFrom(admin, MOBILE, 'Once', 'SIM-twice')
    const again = await textFrom(admin, MOBILE, 'Once', 'SIM-twice')
    const other = await textFrom(admin, MOBILE, 'Other')
    const outcomes = await receiveInboundBatch(ctx.deps, [first, again, other])
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, true, false])
    const rows = await db()
      .selectFrom('messages')
      .select('provider_message_id')
      .where('org_id', '=', admin.orgId)
      .execute()
    expect(rows.map((r) => r.provider_message_id).sort()).toEqual(
      ['SIM-twice', other.sms.providerMessageId].sort(),
    )
    const [conversation] = await conversationOf(admin.orgId, MOBILE)
    expect(conversation?.unread_count).toBe(2)
    const ledger = await db()
      .selectFrom('credit_ledger')
      .select('id')
      .where('reason', '=', 'received')
      .execute()
    expect(ledger).toHaveLength(2)
    expect((await receiveInboundBatch(ctx.deps, [first])).map((o) => o.duplicate)).toEqual([true])
  })

  it('moves a conversation only for the texts of a batch not stored before', async () => {
    const admin = await createOrgWithUser(ctx)
    const early = await textFrom(admin, MOBILE, 'Early', 'SIM-early')
    await receiveInboundBatch(ctx.deps, [early])
    // The copy is the newest text of the second batch: were it counted, it would set the preview.
    const later = await textFrom(admin, MOBILE, 'Later')
    const copy = { ...early, sms: { ...early.sms, receivedAt: new Date(Date.now() + 60_000).toISOString() } }
    const outcomes = await receiveInboundBatch(ctx.deps, [later, copy])
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, true])
    const [conversation] = await conversationOf(admin.orgId, MOBILE)
    expect(conversation).toMatchObject({ unread_count: 2, last_message_preview: 'Later' })
    const ledger = await db()
      .selectFrom('credit_ledger')
      .select('message_id')
      .where('reason', '=', 'received')
      .execute()
    expect(ledger).toHaveLength(2)
  })

  it('applies STOP then START from one number in order: the number ends opted in', async () => {
    const admin = await createOrgWithUser(ctx)
    const personId = await createPerson(ctx, admin, { firstName: 'Ana', lastName: 'Silva' })
    const batch = [
      await textFrom(admin, MOBILE, 'STOP'),
      await textFrom(admin, MOBILE, 'start'),
      await textFrom(admin, '+447911000111', 'Stop.'),
    ]
    await receiveInboundBatch(ctx.deps, batch)
    const events = await db()
      .selectFrom('opt_out_events')
      .select(['phone_e164', 'action', 'keyword'])
      .orderBy('id')
      .execute()
    expect(events).toEqual([
      { phone_e164: MOBILE, action: 'opt_out', keyword: 'STOP' },
      { phone_e164: MOBILE, action: 'opt_in', keyword: 'START' },
      { phone_e164: '+447911000111', action: 'opt_out', keyword: 'STOP' },
    ])
    const states = await db()
      .selectFrom('opt_outs')
      .select(['phone_e164', 'opted_out'])
      .orderBy('phone_e164')
      .execute()
    expect(states).toEqual([
      { phone_e164: '+447911000111', opted_out: 1 },
      { phone_e164: MOBILE, opted_out: 0 },
    ])
    expect((await send(ctx, admin, { personId, body: 'Welcome back' })).statusCode).toBe(201)
    const titles = await db().selectFrom('notifications').select('title').orderBy('id').execute()
    expect(titles.map((t) => t.title)).toEqual([
      'Ana Silva opted out (STOP)',
      'Reply from Ana Silva',
      '+447911000111 opted out (STOP)',
    ])
  })

  it('keeps organizations apart within one batch', async () => {
    const a = await createOrgWithUser(ctx)
    const b = await createOrgWithUser(ctx)
    const recruiter = await addUser(ctx, b.orgId, { role: 'recruiter' })
    const personInB = await createPerson(ctx, b, { firstName: 'Bo', lastName: 'Berg' })
    await send(ctx, recruiter, { personId: personInB, body: 'Hello Bo' })
    const batch = [
      await textFrom(a, MOBILE, 'To A'),
      await textFrom(b, MOBILE, 'To B'),
      await textFrom(a, MOBILE, 'To A again'),
    ]
    const seen: [EventName, string][] = []
    for (const name of ['message.created', 'conversation.updated', 'notification.created'] as const) {
      ctx.deps.events.on(name, (payload) => seen.push([name, payload.orgId]))
    }
    const outcomes = await receiveInboundBatch(ctx.deps, batch)
    const [inA] = await conversationOf(a.orgId, MOBILE)
    const [inB] = await conversationOf(b.orgId, MOBILE)
    expect(outcomes.map((o) => (o.duplicate ? null : o.conversationId))).toEqual([inA?.id, inB?.id, inA?.id])
    expect(inA).toMatchObject({ unread_count: 2, person_id: null, last_message_preview: 'To A again' })
    expect(inB).toMatchObject({ unread_count: 1, person_id: personInB, last_message_preview: 'To B' })
    const told = await db()
      .selectFrom('notifications')
      .select(['org_id', 'user_id', 'title'])
      .orderBy('id')
      .execute()
    expect(told).toEqual([
      { org_id: a.orgId, user_id: a.userId, title: `Reply from ${MOBILE}` },
      { org_id: b.orgId, user_id: recruiter.userId, title: 'Reply from Bo Berg' },
      { org_id: a.orgId, user_id: a.userId, title: `Reply from ${MOBILE}` },
    ])
    const events = (orgId: string) => [
      ['message.created', orgId],
      ['conversation.updated', orgId],
      ['notification.created', orgId],
    ]
    expect(seen).toEqual([...events(a.orgId), ...events(b.orgId), ...events(a.orgId)])
  })

  it('tells team mates of a batch of replies once per reply', async () => {
    const admin = await createOrgWithUser(ctx, { settings: { teamNotificationMode: 'team1' } })
    const team = await createTeam({ db: db(), clock: ctx.clock }, admin.orgId, { name: 'Nurses' })
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    // A second admin: replies from unknown numbers reach the admins, then their team.
    const sam = await addUser(ctx, admin.orgId, { role: 'admin' })
    await db()
      .updateTable('users')
      .set({ team1_id: team.id })
      .where('id', 'in', [rita.userId, sam.userId])
      .execute()
    const personId = await createPerson(ctx, admin)
    await send(ctx, rita, { personId, body: 'Free on Tuesday?' })
    await receiveInboundBatch(ctx.deps, [
      await textFrom(admin, MOBILE, 'Yes'),
      await textFrom(admin, '+447911000222', 'Who is this?'),
    ])
    const told = await db().selectFrom('notifications').select(['user_id', 'body']).execute()
    const key = (r: { user_id: string; body: string }) => `${r.body} ${r.user_id}`
    expect(told.map(key).sort()).toEqual(
      [
        { body: 'Yes', user_id: rita.userId },
        { body: 'Yes', user_id: sam.userId },
        { body: 'Who is this?', user_id: admin.userId },
        { body: 'Who is this?', user_id: sam.userId },
        { body: 'Who is this?', user_id: rita.userId },
      ]
        .map(key)
        .sort(),
    )
  })

  it('splits a batch too big for one statement and still stores every text once', async () => {
    const admin = await createOrgWithUser(ctx)
    const first = await textFrom(admin, MOBILE, 'Hello')
    // 33 values a message: 1,100 of them pass the bound-parameter limit of both databases.
    const batch = Array.from({ length: 1_100 }, (_, i) => ({
      connection: first.connection,
      sms: {
        ...first.sms,
        providerMessageId: `SIM-big-${i}`,
        from: `+4479110${String(i % 900).padStart(5, '0')}`,
      },
    }))
    const outcomes = await receiveInboundBatch(ctx.deps, batch)
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1_100)
    const count = async (table: 'messages' | 'conversations' | 'notifications' | 'credit_ledger') => {
      const row = await db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', admin.orgId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }
    expect(await count('messages')).toBe(1_100)
    expect(await count('conversations')).toBe(900)
    expect(await count('notifications')).toBe(1_100)
    expect(await count('credit_ledger')).toBe(1_101)
    const busiest = await conversationOf(admin.orgId, '+447911000000')
    expect(busiest[0]?.unread_count).toBe(2)
  })

  it('stores nothing of a batch when one of its texts fails', async () => {
    const admin = await createOrgWithUser(ctx)
    const good = [await textFrom(admin, MOBILE, 'One'), await textFrom(admin, '+447911000333', 'Two')]
    const bad = {
      ...(await textFrom(admin, MOBILE, 'Lost')),
      connection: { id: 'gone', org_id: 'no-such-org' },
    }
    await expect(receiveInboundBatch(ctx.deps, [good[0]!, bad, good[1]!])).rejects.toMatchObject({
      code: 'ORGANIZATION_NOT_FOUND',
    })
    expect(await db().selectFrom('messages').select('id').execute()).toEqual([])
  })
})
