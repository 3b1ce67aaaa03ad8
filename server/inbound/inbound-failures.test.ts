import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { inboundText } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import type { InboundItem } from './inbound.service'
import { insertReceipts, markReceiptsFailed, receiptRowOf } from './inbound-receipt.repository'

describe.each(DIALECTS)('received texts that failed to be stored, on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  /** A receipt that failed once with `reason`, due again in an hour. */
  async function failedReceipt(item: InboundItem, id: string, reason: string): Promise<void> {
    const now = ctx.clock.now()
    const at = now.toISOString()
    await insertReceipts(ctx.deps.database, [receiptRowOf(item, id, at, at)])
    const later = new Date(now.getTime() + 3_600_000).toISOString()
    await markReceiptsFailed(ctx.deps.database.db, [id], reason, later)
  }

  const list = (actor: TestActor, query = '') =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/inbound-failures${query}`, headers: actor.headers })
  const retry = (actor: TestActor, id: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/inbound-failures/${id}/retry`, headers: actor.headers })

  it('lists them with their reason, and stores one tried again once the cause is gone', async () => {
    const admin = await createOrgWithUser(ctx)
    const text = await inboundText(ctx, admin, '+447911000555', 'Can we move it to 3pm?')
    await failedReceipt(text, 'receipt-ok', 'the database was away')
    const stranded = { ...text, connection: { ...text.connection, id: 'deleted-connection' } }
    await failedReceipt(
      { ...stranded, sms: { ...text.sms, providerMessageId: 'SIM-stranded', body: 'Still here' } },
      'receipt-stranded',
      'the connection is gone',
    )
    // a receipt waiting its first try is no failure
    const fresh = await inboundText(ctx, admin, '+447911000556', 'Fresh')
    const now = ctx.clock.now().toISOString()
    await insertReceipts(ctx.deps.database, [receiptRowOf(fresh, 'receipt-fresh', now, now)])

    const listed = await list(admin)
    expect(listed.statusCode, listed.body).toBe(200)
    const { items, nextCursor } = listed.json() as {
      items: Record<string, unknown>[]
      nextCursor: string | null
    }
    expect(nextCursor).toBeNull()
    expect(items.map((i) => i.id).sort()).toEqual(['receipt-ok', 'receipt-stranded'])
    expect(items.find((i) => i.id === 'receipt-ok')).toMatchObject({
      connectionId: text.connection.id,
      connectionName: expect.any(String),
      from: '+447911000555',
      body: 'Can we move it to 3pm?',
      attempts: 1,
      lastError: 'the database was away',
    })
    expect(items.find((i) => i.id === 'receipt-stranded')).toMatchObject({ connectionName: null })

    const stored = await retry(admin, 'receipt-ok')
    expect(stored.statusCode, stored.body).toBe(200)
    expect(stored.json()).toEqual({ stored: true })
    const message = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['body', 'direction'])
      .where('id', '=', 'receipt-ok')
      .executeTakeFirst()
    expect(message).toEqual({ body: 'Can we move it to 3pm?', direction: 'inbound' })
    // only the text asked for: another receipt due now is left to the worker's sweep
    const waiting = await ctx.deps.database.db
      .selectFrom('inbound_receipts')
      .select('id')
      .where('id', '=', 'receipt-fresh')
      .execute()
    expect(waiting).toEqual([{ id: 'receipt-fresh' }])

    const failing = await retry(admin, 'receipt-stranded')
    expect(failing.statusCode, failing.body).toBe(200)
    const again = failing.json() as {
      stored: boolean
      attempts: number
      lastError: string
      nextAttemptAt: string
    }
    expect(again).toMatchObject({ stored: false, attempts: 2 })
    expect(again.lastError).toMatch(/foreign key/i)
    expect(Date.parse(again.nextAttemptAt)).toBeGreaterThan(ctx.clock.now().getTime())
    expect(((await list(admin)).json() as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
      'receipt-stranded',
    ])
  })

  it('pages with a cursor, and keeps each organization to its own', async () => {
    const admin = await createOrgWithUser(ctx)
    for (const n of [1, 2, 3]) {
      await failedReceipt(await inboundText(ctx, admin, mobileOf(n), `Text ${n}`), `receipt-${n}`, 'failed')
      ctx.clock.advance(1_000)
    }
    const first = (await list(admin, '?limit=2')).json() as { items: { id: string }[]; nextCursor: string }
    expect(first.items.map((i) => i.id)).toEqual(['receipt-3', 'receipt-2'])
    const rest = (await list(admin, `?limit=2&cursor=${first.nextCursor}`)).json() as {
      items: { id: string }[]
      nextCursor: string | null
    }
    expect(rest).toEqual({ items: [expect.objectContaining({ id: 'receipt-1' })], nextCursor: null })

    const other = await createOrgWithUser(ctx)
    expect((await list(other)).json()).toEqual({ items: [], nextCursor: null })
    const foreign = await retry(other, 'receipt-1')
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json()).toMatchObject({ code: 'INBOUND_FAILURE_NOT_FOUND' })
  })

  it('is for those who manage connections, with clear errors', async () => {
    const admin = await createOrgWithUser(ctx)
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    expect((await list(recruiter)).statusCode).toBe(403)
    expect((await retry(recruiter, 'receipt-1')).statusCode).toBe(403)
    const missing = await retry(admin, 'no-such-receipt')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'INBOUND_FAILURE_NOT_FOUND' })
    const badCursor = await list(admin, '?cursor=nonsense!')
    expect(badCursor.statusCode).toBe(400)
    expect(badCursor.json()).toMatchObject({ code: 'REQUEST_INVALID' })
  })
})

function mobileOf(n: number): string {
  return `+44791100060${n}`
}
