import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { inboundText, MOBILE, webhookTokenOf } from '../test/messaging-helpers'
import { backendPid, blockedBy } from '../test/pg-locks'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { MISSING_PART, PART_PATIENCE_MS } from './inbound-parts'
import { InboundPipeline } from './inbound-pipeline'
import { insertReceipts, receiptRowOf } from './inbound-receipt.repository'

describe.each(DIALECTS)('the inbound pipeline on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const db = () => ctx.deps.database.db
  const textFrom = (actor: TestActor, from: string, body: string, id?: string) =>
    inboundText(ctx, actor, from, body, id)
  const messages = () => db().selectFrom('messages').select(['id', 'body']).orderBy('body').execute()
  const receipts = () => db().selectFrom('inbound_receipts').selectAll().execute()

  it('answers once the receipt is stored, then makes it a message and deletes it', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps, { gatherMs: 3_000 })
    const text = await textFrom(admin, MOBILE, 'Hello')
    expect(await pipeline.submit(text)).toEqual({ duplicate: false })
    // answered while the text still gathers with others: it is a receipt, not yet a message
    const [receipt, ...more] = await receipts()
    expect(more).toEqual([])
    expect(receipt).toMatchObject({
      provider_message_id: text.sms.providerMessageId,
      body: 'Hello',
      attempts: 0,
    })
    expect(await messages()).toEqual([])
    await pipeline.settled()
    expect(await messages()).toEqual([{ id: receipt!.id, body: 'Hello' }])
    expect(await receipts()).toEqual([])
    const notifications = await db().selectFrom('notifications').select('message_id').execute()
    expect(notifications).toEqual([{ message_id: receipt!.id }])
  })

  it('tells when one text is stored, without waiting for texts that came after it', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps, { gatherMs: 1_000 })
    const first = await textFrom(admin, MOBILE, 'First')
    await pipeline.submit(first)
    await pipeline.whenStored(first.connection.id, first.sms.providerMessageId)
    expect((await messages()).map((m) => m.body)).toEqual(['First'])
    const second = await textFrom(admin, MOBILE, 'Second')
    await pipeline.submit(second)
    // the first is stored: no wait, though the second still gathers
    await pipeline.whenStored(first.connection.id, first.sms.providerMessageId)
    expect((await receipts()).map((r) => r.body)).toEqual(['Second'])
    await pipeline.whenStored(second.connection.id, second.sms.providerMessageId)
    expect((await messages()).map((m) => m.body)).toEqual(['First', 'Second'])
  })

  it('stores a text holding a NUL cleaned and flagged, with the others of its batch, on both dialects', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps)
    const odd = await textFrom(admin, MOBILE, 'NUL \u0000 inside')
    const results = await Promise.allSettled([
      pipeline.submit(await textFrom(admin, MOBILE, 'Before')),
      pipeline.submit(odd),
      pipeline.submit(await textFrom(admin, MOBILE, 'After')),
    ])
    await pipeline.settled()
    // PostgreSQL text cannot hold NUL: a candidate's text is not lost for it, it is stored without it.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled'])
    const stored = await db()
      .selectFrom('messages')
      .select(['body', 'body_cleaned'])
      .orderBy('body')
      .execute()
    expect(stored).toEqual([
      { body: 'After', body_cleaned: 0 },
      { body: 'Before', body_cleaned: 0 },
      { body: 'NUL  inside', body_cleaned: 1 },
    ])
  })

  it('calls a text had before a duplicate, whether it is still a receipt or a message already', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps, { gatherMs: 1_000 })
    const text = await textFrom(admin, MOBILE, 'Once', 'SIM-once')
    const [first, copy] = await Promise.all([pipeline.submit(text), pipeline.submit(text)])
    expect([first, copy]).toEqual([{ duplicate: false }, { duplicate: true }])
    expect(await pipeline.submit(text)).toEqual({ duplicate: true })
    await pipeline.settled()
    expect(await pipeline.submit(text)).toEqual({ duplicate: true })
    await pipeline.settled()
    expect(await messages()).toHaveLength(1)
    expect(await receipts()).toEqual([])
  })

  it.runIf(dialect === 'postgres')(
    'calls a copy that comes while its text is being stored a duplicate',
    async () => {
      const admin = await createOrgWithUser(ctx)
      // From an unknown number, so the admin is notified.
      const text = await textFrom(admin, '+447911000444', 'Racing', 'SIM-racing')
      const at = ctx.clock.now().toISOString()
      await insertReceipts(ctx.deps.database, [receiptRowOf(text, 'receipt-first', at, at)])
      // Holding the admin's user row stops step 2 at its last statement (the notification's foreign
      // key is checked after that statement's other writes), with the message inserted, uncommitted.
      const pool = ctx.deps.database.pool!
      const blocker = await pool.connect()
      let storing: Promise<number>
      let copy: Promise<Set<string>>
      try {
        await blocker.query('begin')
        const blockerPid = await backendPid(blocker)
        await blocker.query('select 1 from users where id = $1 for update', [admin.userId])
        storing = new InboundPipeline(ctx.deps).sweep({ only: ['receipt-first'] })
        const storingPid = await blockedBy(pool, [blockerPid])
        let copied = false
        copy = insertReceipts(ctx.deps.database, [receiptRowOf(text, 'receipt-copy', at, at)]).finally(() => {
          copied = true
        })
        // the copy is answered, or waits on the text being stored (not yet committed)
        await blockedBy(pool, [blockerPid, storingPid ?? blockerPid], () => copied)
      } finally {
        await blocker.query('rollback')
        blocker.release()
      }
      expect(await storing).toBe(1)
      expect(await copy).toEqual(new Set())
      expect(await messages()).toEqual([{ id: 'receipt-first', body: 'Racing' }])
      expect(await receipts()).toEqual([])
    },
  )

  it('stores the other texts when one fails, and keeps the failed one with its reason', async () => {
    const admin = await createOrgWithUser(ctx)
    const errors: unknown[] = []
    const pipeline = new InboundPipeline(ctx.deps, { onError: (error) => errors.push(error) })
    const bad = {
      ...(await textFrom(admin, MOBILE, 'Lost')),
      connection: { id: 'gone', org_id: 'no-such-org' },
    }
    const outcomes = await Promise.all([
      pipeline.submit(await textFrom(admin, MOBILE, 'One')),
      pipeline.submit(bad),
      pipeline.submit(await textFrom(admin, '+447911000333', 'Two')),
    ])
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, false, false])
    await pipeline.settled()
    expect((await messages()).map((m) => m.body)).toEqual(['One', 'Two'])
    const [kept, ...others] = await receipts()
    expect(others).toEqual([])
    expect(kept).toMatchObject({ body: 'Lost', attempts: 1 })
    expect(kept?.last_error).toMatch(/organization/i)
    expect(Date.parse(kept!.next_attempt_at)).toBeGreaterThan(ctx.clock.now().getTime())
    expect(errors).toHaveLength(1)
    // not due yet: the sweep leaves it; operators see it on /metrics
    expect(await pipeline.sweep()).toBe(0)
    const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.body).toContain('parley_inbound_receipts{state="waiting"} 1')
    expect(metrics.body).toContain('parley_inbound_receipts{state="failing"} 1')
  })

  /** Makes every delete of a receipt fail (a trigger), or lets them through again. */
  async function refuseReceiptDeletes(refuse: boolean): Promise<void> {
    const statements =
      dialect === 'sqlite'
        ? refuse
          ? [
              sql`create trigger keep_receipts before delete on inbound_receipts
                  begin select raise(abort, 'receipts are locked'); end`,
            ]
          : [sql`drop trigger keep_receipts`]
        : refuse
          ? [
              sql`create function keep_receipts() returns trigger language plpgsql
                  as $$ begin raise exception 'receipts are locked'; end $$`,
              sql`create trigger keep_receipts before delete on inbound_receipts
                  for each statement execute function keep_receipts()`,
            ]
          : [sql`drop trigger keep_receipts on inbound_receipts`]
    for (const statement of statements) await statement.execute(db())
  }

  it('leaves the receipt of a stored text whose delete failed as it was, for the sweep, not as a failure', async () => {
    const admin = await createOrgWithUser(ctx)
    const errors: unknown[] = []
    const pipeline = new InboundPipeline(ctx.deps, { onError: (error) => errors.push(error) })
    await refuseReceiptDeletes(true)
    expect(await pipeline.submit(await textFrom(admin, MOBILE, 'Kept'))).toEqual({ duplicate: false })
    await pipeline.settled()
    expect((await messages()).map((m) => m.body)).toEqual(['Kept'])
    const [left, ...others] = await receipts()
    expect(others).toEqual([])
    expect(left).toMatchObject({ body: 'Kept', attempts: 0, last_error: null })
    expect(errors.map(String)).toEqual([expect.stringMatching(/receipts are locked/)])
    // its text is safe: nothing for an admin to act on
    const failures = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/inbound-failures',
      headers: admin.headers,
    })
    expect(failures.json()).toMatchObject({ items: [] })

    await refuseReceiptDeletes(false)
    expect(await pipeline.sweep()).toBe(0)
    // due when a receipt left by a crash would be: the sweep finds its text stored and deletes it
    ctx.clock.advance(ctx.deps.config.inboundOrphanAfterMs)
    expect(await pipeline.sweep()).toBe(1)
    expect(await receipts()).toEqual([])
    expect((await messages()).map((m) => m.body)).toEqual(['Kept'])
    const notifications = await db().selectFrom('notifications').select('message_id').execute()
    expect(notifications).toEqual([{ message_id: left!.id }])
  })

  it('stores batches side by side without losing, doubling or misordering a text', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps, { maxStoreBatch: 40, storeConcurrency: 3 })
    const numbers = Array.from({ length: 20 }, (_, i) => `+4479110${String(i).padStart(5, '0')}`)
    const texts = await Promise.all(
      Array.from({ length: 300 }, (_, i) => textFrom(admin, numbers[i % 20]!, `Text ${i}`)),
    )
    const outcomes = await Promise.all(texts.map((t) => pipeline.submit(t)))
    expect(outcomes.filter((o) => o.duplicate)).toEqual([])
    await pipeline.settled()
    expect(await messages()).toHaveLength(300)
    expect(await receipts()).toEqual([])
    const conversations = await db()
      .selectFrom('conversations')
      .select(['phone_e164', 'unread_count', 'last_message_preview', 'last_message_at'])
      .where('org_id', '=', admin.orgId)
      .execute()
    expect(conversations).toHaveLength(20)
    for (const conversation of conversations) {
      const own = texts.filter((t) => t.sms.from === conversation.phone_e164)
      const newest = own.reduce((a, b) => (a.sms.receivedAt > b.sms.receivedAt ? a : b))
      expect(conversation).toMatchObject({
        unread_count: 15,
        last_message_preview: newest.sms.body,
        last_message_at: newest.sms.receivedAt,
      })
    }
  })

  it('makes webhooks wait for room while step 2 is a full backlog behind', async () => {
    const admin = await createOrgWithUser(ctx)
    // Step 2 would wait a minute for webhooks to stop; only the backlog (or a second) moves it.
    const pipeline = new InboundPipeline(ctx.deps, {
      gatherMs: 60_000,
      maxWaitMs: 1_000,
      maxBacklog: 20,
      maxReceiptBatch: 10,
      maxStoreBatch: 10,
      storeConcurrency: 2,
    })
    const texts = await Promise.all(
      Array.from({ length: 100 }, (_, i) => textFrom(admin, MOBILE, `Flood ${String(i).padStart(3, '0')}`)),
    )
    const outcomes = await Promise.all(texts.map((t) => pipeline.submit(t)))
    expect(outcomes.filter((o) => o.duplicate)).toEqual([])
    // When the last webhook is answered, at most the backlog, one receipt batch and the two store
    // batches under way are not stored yet.
    expect((await messages()).length).toBeGreaterThanOrEqual(100 - 20 - 10 - 2 * 10)
    await pipeline.settled()
    expect(await messages()).toHaveLength(100)
    expect(await receipts()).toEqual([])
  })

  it('joins the parts of a long reply into one message, in part order, whatever order they come in', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps)
    const part = async (number: number, body: string) => {
      const text = await textFrom(admin, MOBILE, body, `VON-part-${number}`)
      return { ...text, sms: { ...text.sms, part: { ref: 'A1', number, total: 3 } } }
    }
    const parts = [
      await part(1, 'Yes, I can start '),
      await part(2, 'on Monday if the '),
      await part(3, 'contract is ready.'),
    ]
    // each part in a batch of its own, the last first
    for (const p of [parts[2]!, parts[0]!]) {
      expect(await pipeline.submit(p)).toEqual({ duplicate: false })
      await pipeline.settled()
      expect(await messages()).toEqual([])
    }
    expect(await pipeline.submit(parts[1]!)).toEqual({ duplicate: false })
    await pipeline.settled()
    const [receipt] = await db()
      .selectFrom('messages')
      .select(['id', 'body', 'provider_message_id', 'created_at'])
      .execute()
    expect(receipt).toEqual({
      id: expect.any(String),
      body: 'Yes, I can start on Monday if the contract is ready.',
      provider_message_id: 'VON-part-1',
      created_at: parts[0]!.sms.receivedAt,
    })
    expect(await receipts()).toEqual([])
    const remembered = await db()
      .selectFrom('message_parts')
      .select(['provider_message_id', 'message_id'])
      .execute()
    expect(remembered.map((r) => r.provider_message_id).sort()).toEqual([
      'VON-part-1',
      'VON-part-2',
      'VON-part-3',
    ])
    expect(new Set(remembered.map((r) => r.message_id))).toEqual(new Set([receipt!.id]))
    // a part delivered again is a duplicate, and the reply told its users once
    expect(await pipeline.submit(parts[1]!)).toEqual({ duplicate: true })
    expect(await db().selectFrom('notifications').select('id').execute()).toHaveLength(1)
  })

  it('stores a long reply with a part missing after ten minutes, marking the gap', async () => {
    const admin = await createOrgWithUser(ctx)
    const pipeline = new InboundPipeline(ctx.deps)
    for (const [number, body] of [
      [1, 'See you '],
      [3, ' at ten.'],
    ] as const) {
      const text = await textFrom(admin, MOBILE, body, `VON-gap-${number}`)
      await pipeline.submit({ ...text, sms: { ...text.sms, part: { ref: 'B7', number, total: 3 } } })
    }
    await pipeline.settled()
    ctx.clock.advance(60_000)
    expect(await pipeline.sweep()).toBe(2)
    expect(await messages()).toEqual([])
    ctx.clock.advance(PART_PATIENCE_MS)
    expect(await pipeline.sweep()).toBe(2)
    expect((await messages()).map((m) => m.body)).toEqual([`See you ${MISSING_PART} at ten.`])
    expect(await receipts()).toEqual([])
  })

  it('sweeps up the receipts of a process that died before storing them, once', async () => {
    const admin = await createOrgWithUser(ctx)
    const text = await textFrom(admin, MOBILE, 'Left behind')
    const at = ctx.clock.now().toISOString()
    const orphanAt = new Date(ctx.clock.now().getTime() + 30_000).toISOString()
    // what a process stores in step 1 before it dies
    const stored = await insertReceipts(ctx.deps.database, [receiptRowOf(text, 'receipt-1', at, orphanAt)])
    expect([...stored]).toEqual(['receipt-1'])
    const survivor = new InboundPipeline(ctx.deps)
    const other = new InboundPipeline(ctx.deps)
    expect(await survivor.sweep()).toBe(0)
    ctx.clock.advance(30_000)
    // two processes sweep at once: the text becomes one message
    const taken = await Promise.all([survivor.sweep(), other.sweep()])
    expect(taken.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1)
    expect(await messages()).toEqual([{ id: 'receipt-1', body: 'Left behind' }])
    expect(await receipts()).toEqual([])
    expect(await db().selectFrom('notifications').select('id').execute()).toHaveLength(1)
    expect(await survivor.sweep()).toBe(0)
  })

  it('stores a text that came by webhook as a message once the pipeline settles', async () => {
    const admin = await createOrgWithUser(ctx)
    const token = await webhookTokenOf(ctx, admin)
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${token}/inbound`,
      payload: { id: 'SIM-w-1', from: MOBILE, to: '+447700900001', body: 'Via webhook' },
    })
    expect(res.json()).toEqual({ stored: 1, duplicates: 0 })
    await ctx.deps.inbound.settled()
    expect((await messages()).map((m) => m.body)).toEqual(['Via webhook'])
    expect(await receipts()).toEqual([])
  })
})
