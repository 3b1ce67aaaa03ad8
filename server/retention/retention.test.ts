import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  campaignAction,
  createCampaign,
  getCampaign,
  mobiles,
  seedPeople,
} from '../campaign/campaign-fixtures'
import { NO_DIRECT_MESSAGE } from '../conversation/conversation.repository'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, createPerson, MOBILE, send, simulateReply, testDispatcher } from '../test/messaging-helpers'
import { backendPid, blockedBy } from '../test/pg-locks'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { purgeExpiredMessages } from './retention.service'

const DAY = 86_400_000
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
/** Every text that must be gone after the purge carries this, and no other text does. */
const PURGED = 'Zqx-purged'
const KEPT = 'Zqx-kept'

/** Every column of every table of the schema, read from the database's own catalogue. */
async function everyColumn(ctx: TestContext): Promise<{ table: string; column: string }[]> {
  const { db, dialect, schema } = ctx.deps.database
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ table: string; column: string }>`
      select t.name as "table", c.name as "column"
      from sqlite_master t cross join pragma_table_info(t.name) c
      where t.type = 'table' and t.name not like 'sqlite_%'`.execute(db)
    return rows
  }
  const { rows } = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = ${schema ?? sql`current_schema()`}`.execute(db)
  return rows
}

/** `table.column` of every value, in any table, that contains `text`. */
async function whereIs(ctx: TestContext, text: string): Promise<string[]> {
  const found = new Set<string>()
  for (const { table, column } of await everyColumn(ctx)) {
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(table)}
      where cast(${sql.ref(column)} as text) like ${`%${text}%`}`.execute(ctx.deps.database.db)
    if (Number(rows[0]?.n) > 0) found.add(`${table}.${column}`)
  }
  return [...found].sort()
}

describe.each(DIALECTS)('retention on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const db = () => ctx.deps.database.db

  async function conversation(orgId: string, phone: string) {
    return db()
      .selectFrom('conversations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('phone_e164', '=', phone)
      .executeTakeFirst()
  }

  async function ledger(orgId: string) {
    return db()
      .selectFrom('credit_ledger')
      .select(['id', 'delta', 'balance_after', 'reason', 'message_id', 'note'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute()
  }

  async function sendAll(actor: TestActor) {
    while ((await testDispatcher(ctx).runOnce()) > 0) {}
    const pending = await db()
      .selectFrom('messages')
      .select('status')
      .where('org_id', '=', actor.orgId)
      .where('status', 'in', ['queued', 'sending'])
      .execute()
    expect(pending).toEqual([])
  }

  it('purges settled history older than the retention period, and only for organizations that set one', async () => {
    const keeps = await createOrgWithUser(ctx)
    const purges = await createOrgWithUser(ctx, { settings: { retentionDays: 30 } })
    await simulateReply(ctx, keeps, MOBILE, 'old, kept forever')
    const old = await simulateReply(ctx, purges, MOBILE, 'old, purged')
    const scheduled = (
      await send(ctx, purges, { to: MOBILE, body: 'far future', sendAt: '2026-12-01T09:00:00Z' })
    ).json()
    ctx.clock.advance(31 * DAY)
    const recent = await simulateReply(ctx, purges, MOBILE, 'recent')
    // as if the old reply had been joined from two parts, and the recent one too
    const connectionId = 'simulator-connection'
    await db()
      .insertInto('message_parts')
      .values([
        { connection_id: connectionId, provider_message_id: 'old-2', message_id: old.messageId },
        { connection_id: connectionId, provider_message_id: 'recent-2', message_id: recent.messageId },
      ])
      .execute()
    expect((await purgeExpiredMessages(ctx.deps)).messages).toBe(1)
    const parts = await db().selectFrom('message_parts').select('message_id').execute()
    expect(parts).toEqual([{ message_id: recent.messageId }])
    const ids = (await db().selectFrom('messages').select('id').execute()).map((r) => r.id)
    expect(ids).not.toContain(old.messageId)
    expect(ids).toContain(recent.messageId)
    expect(ids).toContain(scheduled.id)
    expect(ids).toHaveLength(3)
    expect(await testDispatcher(ctx).runOnce()).toBe(0)
  })

  it.runIf(dialect === 'postgres')(
    'keeps a conversation whose new reply is being stored while its old messages are purged',
    async () => {
      const admin = await createOrgWithUser(ctx, { settings: { retentionDays: 30 } })
      await simulateReply(ctx, admin, MOBILE, `${PURGED} from 60 days ago`)
      ctx.clock.advance(60 * DAY)
      // Holding the admin's user row stops the reply's store at its notification (its foreign key),
      // with the conversation moved and the message inserted, not committed.
      const pool = ctx.deps.database.pool!
      const blocker = await pool.connect()
      let reply: ReturnType<typeof simulateReply>
      let purge: ReturnType<typeof purgeExpiredMessages>
      try {
        await blocker.query('begin')
        const blockerPid = await backendPid(blocker)
        await blocker.query('select 1 from users where id = $1 for update', [admin.userId])
        reply = simulateReply(ctx, admin, MOBILE, `${KEPT} are you still there?`)
        const replyPid = (await blockedBy(pool, [blockerPid])) ?? blockerPid
        purge = purgeExpiredMessages(ctx.deps)
        await blockedBy(pool, [blockerPid, replyPid])
      } finally {
        await blocker.query('rollback')
        blocker.release()
      }
      await reply
      expect(await purge).toMatchObject({ messages: 1, conversationsRemoved: 0 })
      expect(await conversation(admin.orgId, MOBILE)).toMatchObject({
        unread_count: 1,
        last_message_preview: `${KEPT} are you still there?`,
      })
      expect(await whereIs(ctx, PURGED)).toEqual([])
    },
  )

  it('leaves no purged text in any table, recounts what stays, and keeps the billing log adding up', async () => {
    const keeps = await createOrgWithUser(ctx)
    const admin = await createOrgWithUser(ctx, { settings: { retentionDays: 30 }, credits: 100 })
    const [ann, bo, cy, dee, eli] = mobiles(5, 100)
    const annId = await createPerson(ctx, admin, { firstName: 'Ann', mobile: ann! })
    const boId = await createPerson(ctx, admin, { firstName: 'Bo', mobile: bo! })
    const cyId = await createPerson(ctx, admin, { firstName: 'Cy', mobile: cy! })
    const eliId = await createPerson(ctx, admin, { firstName: 'Eli', mobile: eli! })
    const mailed = mobiles(2, 200)
    const mailedIds = await seedPeople(
      ctx,
      admin.orgId,
      mailed.map((mobile, i) => ({ firstName: `Mo${i}`, mobile })),
    )

    // 60 days ago: a conversation with Ann (a text and her long reply, a notification quoting it)...
    await simulateReply(ctx, keeps, ann!, `${KEPT} from 60 days ago: that organization keeps everything`)
    ctx.clock.advance(-60 * DAY)
    expect(
      (await send(ctx, admin, { personId: annId, body: `${PURGED} are you free on Monday?` })).statusCode,
    ).toBe(201)
    await sendAll(admin)
    const longReply = `${PURGED} yes, Monday works. ${'I can start at eight and stay until six, '.repeat(5)}thanks`
    const annReply = await simulateReply(ctx, admin, ann!, longReply)
    await db()
      .insertInto('message_parts')
      .values(
        [1, 2].map((n) => ({
          connection_id: 'simulator-connection',
          provider_message_id: `part-${n}`,
          message_id: annReply.messageId,
        })),
      )
      .execute()
    // ...one with Bo (an offer letter with its download link, and his answer)...
    const file = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/attachments?fileName=Offer.pdf',
        headers: { ...admin.headers, 'content-type': 'application/pdf' },
        payload: PDF,
      })
    ).json()
    const offer = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/attachments/${file.id}/messages`,
      headers: admin.headers,
      payload: { personId: boId, body: `${PURGED} your offer letter` },
    })
    expect(offer.statusCode, offer.body).toBe(201)
    const link = /\/d\/(\S+)$/.exec(offer.json().body)?.[0]
    expect(link).toBeDefined()
    await sendAll(admin)
    await simulateReply(ctx, admin, bo!, `${PURGED} thanks, signed`)
    // ...Cy's question, a mailshot with a link each, and a received text that was never stored.
    await simulateReply(ctx, admin, cy!, `${PURGED} is the job still open?`)
    await simulateReply(ctx, admin, eli!, `${PURGED} any night shifts?`)
    const campaign = await createCampaign(ctx, admin, {
      name: 'Handbook',
      source: { type: 'people', personIds: mailedIds },
      body: `${PURGED} here is the staff handbook`,
      attachmentId: file.id,
    })
    const preview = (await campaignAction(ctx, admin, campaign.id, 'preview')).json()
    const launch = await campaignAction(ctx, admin, campaign.id, 'launch', {
      expectedCredits: preview.credits,
    })
    expect(launch.statusCode, launch.body).toBe(200)
    await sendAll(admin)
    const at = ctx.clock.now().toISOString()
    await db()
      .insertInto('inbound_receipts')
      .values({
        id: 'receipt-never-stored',
        org_id: admin.orgId,
        connection_id: 'simulator-connection',
        provider_message_id: 'SIM-never-stored',
        from_number: dee!,
        to_number: '+447700900001',
        body: `${PURGED} a text that failed to be stored`,
        body_cleaned: 0,
        received_at: at,
        created_at: at,
        attempts: 9,
        next_attempt_at: at,
        last_error: 'for the test',
        part_ref: null,
        part_number: null,
        part_total: null,
      })
      .execute()

    // Today: Ann writes again, the recruiter answers Cy, Eli gets a mailshot, Dee starts a conversation.
    ctx.clock.advance(60 * DAY)
    await simulateReply(ctx, admin, ann!, `${KEPT} see you Monday`)
    expect((await send(ctx, admin, { personId: cyId, body: `${KEPT} yes it is` })).statusCode).toBe(201)
    await sendAll(admin)
    const todays = await createCampaign(ctx, admin, {
      name: 'Today',
      source: { type: 'people', personIds: [eliId] },
      body: `${KEPT} new shifts for {{ person.first_name }}`,
    })
    expect((await campaignAction(ctx, admin, todays.id, 'launch', { expectedCredits: 1 })).statusCode).toBe(
      200,
    )
    await sendAll(admin)
    await simulateReply(ctx, admin, dee!, `${KEPT} hello, I saw your advert`)

    const before = {
      ann: await conversation(admin.orgId, ann!),
      cy: await conversation(admin.orgId, cy!),
      dee: await conversation(admin.orgId, dee!),
      kept: await conversation(keeps.orgId, ann!),
      ledger: await ledger(admin.orgId),
      people: await db().selectFrom('people').select('id').where('org_id', '=', admin.orgId).execute(),
    }
    // The text is everywhere the defect left it, so the scan below can see it.
    expect(await whereIs(ctx, PURGED)).toEqual(
      expect.arrayContaining([
        'campaigns.body',
        'conversations.last_message_preview',
        'inbound_receipts.body',
        'messages.body',
        'notifications.body',
      ]),
    )
    expect(before.ann?.unread_count).toBe(2)
    expect(before.cy?.unread_count).toBe(1)
    expect((await ctx.app.inject({ method: 'GET', url: link! })).statusCode).not.toBe(404)

    // Small batches, so this purge takes several transactions.
    expect(await purgeExpiredMessages(ctx.deps, { batchSize: 2 })).toEqual({
      messages: 8,
      conversationsRemoved: 3,
      receipts: 1,
      campaignsCleared: 1,
      batches: 4,
    })

    expect(await whereIs(ctx, PURGED)).toEqual([])
    const kept = await db().selectFrom('messages').select('body').where('org_id', '=', keeps.orgId).execute()
    expect(kept).toEqual([{ body: `${KEPT} from 60 days ago: that organization keeps everything` }])
    expect(await conversation(keeps.orgId, ann!)).toEqual(before.kept)
    // What happened today is all there.
    const today = await db()
      .selectFrom('messages')
      .select('body')
      .where('org_id', '=', admin.orgId)
      .orderBy('body')
      .execute()
    expect(today.map((m) => m.body)).toEqual([
      `${KEPT} hello, I saw your advert`,
      `${KEPT} new shifts for Eli`,
      `${KEPT} see you Monday`,
      `${KEPT} yes it is`,
    ])
    expect(await conversation(admin.orgId, dee!)).toEqual(before.dee)
    // Ann's conversation: her new text, one unread; Cy's: the answer, nothing unread.
    expect(await conversation(admin.orgId, ann!)).toEqual({
      ...before.ann,
      unread_count: 1,
      last_message_preview: `${KEPT} see you Monday`,
      last_message_direction: 'inbound',
    })
    expect(await conversation(admin.orgId, cy!)).toMatchObject({
      unread_count: 0,
      last_message_preview: `${KEPT} yes it is`,
      last_message_direction: 'outbound',
    })
    // Eli's: the mailshot, which is no direct message (the inbox sorts it last unless told otherwise).
    expect(await conversation(admin.orgId, eli!)).toMatchObject({
      unread_count: 0,
      last_message_preview: `${KEPT} new shifts for Eli`,
      last_message_direction: 'outbound',
      last_direct_message_at: NO_DIRECT_MESSAGE,
    })
    // Nothing left of Bo's conversation or the mailshot's: they go; the people stay.
    expect(await conversation(admin.orgId, bo!)).toBeUndefined()
    for (const phone of mailed) expect(await conversation(admin.orgId, phone)).toBeUndefined()
    const conversations = await db()
      .selectFrom('conversations')
      .select('phone_e164')
      .where('org_id', '=', admin.orgId)
      .execute()
    expect(conversations.map((c) => c.phone_e164).sort()).toEqual([ann!, cy!, dee!, eli!].sort())
    expect(await db().selectFrom('people').select('id').where('org_id', '=', admin.orgId).execute()).toEqual(
      before.people,
    )
    // The links the purged texts carried no longer open the file; the file itself stays.
    expect(await db().selectFrom('attachment_links').select('id').execute()).toEqual([])
    expect((await ctx.app.inject({ method: 'GET', url: link! })).statusCode).toBe(404)
    expect(await db().selectFrom('attachments').select('id').execute()).toEqual([{ id: file.id }])
    expect(await db().selectFrom('message_parts').select('message_id').execute()).toEqual([])
    expect(await db().selectFrom('inbound_receipts').select('id').execute()).toEqual([])
    // The mailshot keeps its name and figures.
    expect(
      await db()
        .selectFrom('campaigns')
        .select(['name', 'recipients', 'credits', 'body'])
        .where('id', '=', campaign.id)
        .executeTakeFirst(),
    ).toEqual({ name: 'Handbook', recipients: 2, credits: preview.credits, body: null })
    expect(await getCampaign(ctx, admin, campaign.id)).toMatchObject({ name: 'Handbook', body: null })
    // The billing log: every entry and amount, still adding up to the balance.
    const after = await ledger(admin.orgId)
    expect(after).toEqual(before.ledger)
    expect(after.reduce((sum, e) => sum + e.delta, 0)).toBe(await balance(ctx, admin))
    // A second purge finds nothing more to do.
    expect(await purgeExpiredMessages(ctx.deps)).toMatchObject({
      messages: 0,
      receipts: 0,
      campaignsCleared: 0,
    })
  })
})
