import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OrgSettings } from '../core/org-settings'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { createPerson, MOBILE, send, simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

/** Ana's number after she changes it: nobody has texted it, so its conversation has no users. */
const NEW_MOBILE = '+447911000888'

describe.each(DIALECTS)('who is told of a reply on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function notificationsOf(actor: TestActor) {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: actor.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().items as { type: string; conversationId: string; messageId: string; body: string }[]
  }

  async function changeMobile(actor: TestActor, personId: string, mobile: string) {
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${personId}`,
      headers: actor.headers,
      payload: { mobile },
    })
    expect(res.statusCode, res.body).toBe(200)
  }

  async function usersOfConversation(actor: TestActor, conversationId: string) {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}`,
      headers: actor.headers,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().users as { userId: string; role: string }[]
  }

  /** Who holds a notification of the message, among `actors`, by the names given. */
  async function toldOf(messageId: string, actors: Record<string, TestActor>): Promise<string[]> {
    const told: string[] = []
    for (const [name, actor] of Object.entries(actors)) {
      const items = await notificationsOf(actor)
      if (items.some((n) => n.type === 'message.received' && n.messageId === messageId)) told.push(name)
    }
    return told.sort()
  }

  it('tells the admins, not a disabled user, when the only user who texted the person is disabled', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const ana = await createPerson(ctx, admin, { firstName: 'Ana', mobile: MOBILE })
    const toAna = (await send(ctx, rita, { personId: ana, body: 'Free on Tuesday?' })).json()
    const disabled = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rita.userId}`,
      headers: admin.headers,
      payload: { disabled: true },
    })
    expect(disabled.statusCode, disabled.body).toBe(200)
    // in the conversation Rita is associated with...
    const reply = await simulateReply(ctx, admin, MOBILE, 'Tuesday works')
    expect(reply.conversationId).toBe(toAna.conversationId)
    // ...and from a new number, where Rita is only a past sender
    await changeMobile(admin, ana, NEW_MOBILE)
    const later = await simulateReply(ctx, admin, NEW_MOBILE, 'New phone')
    const ritaTold = await ctx.deps.database.db
      .selectFrom('notifications')
      .select('message_id')
      .where('user_id', '=', rita.userId)
      .execute()
    expect(ritaTold).toEqual([])
    expect(await toldOf(reply.messageId, { admin })).toEqual(['admin'])
    expect(await toldOf(later.messageId, { admin })).toEqual(['admin'])
  })

  it('tells everyone who texted the person, through another number, and no other user', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const sam = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const uma = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const ana = await createPerson(ctx, admin, { firstName: 'Ana', lastName: 'Silva', mobile: MOBILE })
    const bob = await createPerson(ctx, admin, { firstName: 'Bob', mobile: '+447911000777' })
    const toAna = (await send(ctx, rita, { personId: ana, body: 'Free on Tuesday?' })).json()
    expect((await send(ctx, sam, { personId: ana, body: 'Or Wednesday?' })).statusCode).toBe(201)
    expect((await send(ctx, uma, { personId: bob, body: 'Hi Bob' })).statusCode).toBe(201)
    await changeMobile(admin, ana, NEW_MOBILE)

    const reply = await simulateReply(ctx, admin, NEW_MOBILE, 'New phone! Tuesday works')
    // The reply lands in the new number's conversation, which nobody is associated with...
    expect(reply.conversationId).not.toBe(toAna.conversationId)
    expect(await usersOfConversation(admin, reply.conversationId)).toEqual([])
    // ...so the users who texted Ana at her old number are told, and nobody else.
    expect(await toldOf(reply.messageId, { admin, rita, sam, uma })).toEqual(['rita', 'sam'])
    expect(await notificationsOf(rita)).toMatchObject([
      {
        type: 'message.received',
        conversationId: reply.conversationId,
        messageId: reply.messageId,
        body: 'New phone! Tuesday works',
      },
    ])
  })

  it('tells the users of the conversation rather than past senders when it has any', async () => {
    const admin = await createOrgWithUser(ctx)
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const sam = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const ana = await createPerson(ctx, admin, { firstName: 'Ana', mobile: MOBILE })
    await send(ctx, sam, { personId: ana, body: 'Old number' })
    await changeMobile(admin, ana, NEW_MOBILE)
    const toNew = (await send(ctx, rita, { personId: ana, body: 'New number' })).json()
    const reply = await simulateReply(ctx, admin, NEW_MOBILE, 'Got it')
    expect(reply.conversationId).toBe(toNew.conversationId)
    expect(await toldOf(reply.messageId, { admin, rita, sam })).toEqual(['rita'])
  })

  it("sends a known person's reply to the admins when no user has texted them", async () => {
    const admin = await createOrgWithUser(ctx)
    const secondAdmin = await addUser(ctx, admin.orgId, { role: 'admin' })
    const rita = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const ana = await createPerson(ctx, admin, { firstName: 'Ana', mobile: MOBILE })
    // Rita has texted someone else only.
    await send(ctx, rita, { to: '+447911000777', body: 'Hello' })
    const reply = await simulateReply(ctx, admin, MOBILE, 'Saw your advert')
    const journal = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/people/${ana}/messages`,
      headers: admin.headers,
    })
    expect(journal.json().items.map((m: { id: string }) => m.id)).toEqual([reply.messageId])
    expect(await toldOf(reply.messageId, { admin, secondAdmin, rita })).toEqual(['admin', 'secondAdmin'])
  })

  describe('with the team option', () => {
    /**
     * Rita texted Ana before Ana changed number. Teams: Rita is in Nurses (team 1) and Nights
     * (team 2); Sam's team 1 is Nurses; Tom's team 1 is Porters and his team 2 Nights; Uma is in no
     * team; Dee is in Nurses and Nights but disabled.
     */
    async function setUp(mode: OrgSettings['teamNotificationMode']) {
      const admin = await createOrgWithUser(ctx, { settings: { teamNotificationMode: mode } })
      const team = async (name: string) => {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/teams',
          headers: admin.headers,
          payload: { name },
        })
        expect(res.statusCode, res.body).toBe(201)
        return res.json().id as string
      }
      const [nurses, nights, porters] = [await team('Nurses'), await team('Nights'), await team('Porters')]
      const member = async (team1Id: string | null, team2Id: string | null) => {
        const user = await addUser(ctx, admin.orgId, { role: 'recruiter' })
        const res = await ctx.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${user.userId}`,
          headers: admin.headers,
          payload: { team1Id, team2Id },
        })
        expect(res.statusCode, res.body).toBe(200)
        return user
      }
      const rita = await member(nurses, nights)
      const sam = await member(nurses, null)
      const tom = await member(porters, nights)
      const uma = await member(null, null)
      const dee = await member(nurses, nights)
      const ana = await createPerson(ctx, admin, { firstName: 'Ana', mobile: MOBILE })
      expect((await send(ctx, rita, { personId: ana, body: 'Free on Tuesday?' })).statusCode).toBe(201)
      await changeMobile(admin, ana, NEW_MOBILE)
      // Disabled users are never told: Dee's notifications are read from the table.
      const disabledRes = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${dee.userId}`,
        headers: admin.headers,
        payload: { disabled: true },
      })
      expect(disabledRes.statusCode, disabledRes.body).toBe(200)
      return { admin, actors: { admin, rita, sam, tom, uma }, dee }
    }

    it.each([
      ['none', ['rita']],
      ['team1', ['rita', 'sam']],
      ['team2', ['rita', 'tom']],
      ['both', ['rita', 'sam', 'tom']],
    ] as const)(
      'in mode %s tells the past sender and those of their team mates: %j',
      async (mode, expected) => {
        const { admin, actors, dee } = await setUp(mode)
        const reply = await simulateReply(ctx, admin, NEW_MOBILE, 'Tuesday works')
        expect(await toldOf(reply.messageId, actors)).toEqual([...expected].sort())
        const toDee = await ctx.deps.database.db
          .selectFrom('notifications')
          .select('id')
          .where('user_id', '=', dee.userId)
          .execute()
        expect(toDee).toEqual([])
      },
    )
  })
})
