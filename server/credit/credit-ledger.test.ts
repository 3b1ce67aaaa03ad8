import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '../ids'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { balance, MOBILE, send, simulateReply } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

interface LedgerEntry {
  id: string
  delta: number
  balanceAfter: number
  reason: string
  messageId: string | null
  userId: string | null
  note: string | null
  createdAt: string
  number: string | null
  personName: string | null
  userName: string | null
  campaignId: string | null
  campaignName: string | null
}

describe.each(DIALECTS)('credits and the billing log on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  const topUp = (actor: TestActor, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/credits/top-ups', headers: actor.headers, payload })

  async function ledger(actor: TestActor, query: Record<string, string> = {}) {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger',
      headers: actor.headers,
      query,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { items: LedgerEntry[]; nextCursor: string | null }
  }

  it("adds an admin's top-up to the balance and logs it with the balance after it", async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    ctx.clock.advance(60_000)
    const res = await topUp(admin, { amount: 20, note: 'Invoice 42' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ balance: 25 })
    expect(await balance(ctx, admin)).toBe(25)
    const { items } = await ledger(admin)
    expect(items).toMatchObject([
      {
        reason: 'top_up',
        delta: 20,
        balanceAfter: 25,
        userId: admin.userId,
        note: 'Invoice 42',
        messageId: null,
        createdAt: ctx.clock.now().toISOString(),
      },
      { reason: 'top_up', delta: 5, balanceAfter: 5, userId: null, note: null },
    ])
  })

  it('keeps every entry one step from the last: balance after = previous balance after + delta', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 3 })
    const sent = (await send(ctx, admin, { to: MOBILE, body: 'x'.repeat(200) })).json() // 2 credits
    await topUp(admin, { amount: 10 })
    const reply = await simulateReply(ctx, admin, MOBILE, 'Thanks')
    const cancelled = (
      await send(ctx, admin, {
        to: MOBILE,
        body: 'Later',
        sendAt: new Date(ctx.clock.now().getTime() + 3600_000).toISOString(),
      })
    ).json()
    const cancel = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/messages/${cancelled.id}/cancel`,
      headers: admin.headers,
    })
    expect(cancel.statusCode, cancel.body).toBe(200)

    const oldestFirst = (await ledger(admin)).items.reverse()
    expect(oldestFirst.map((e) => [e.reason, e.delta, e.balanceAfter, e.messageId])).toEqual([
      ['top_up', 3, 3, null],
      ['message', -2, 1, sent.id],
      ['top_up', 10, 11, null],
      ['received', 0, 11, reply.messageId],
      ['message', -1, 10, cancelled.id],
      ['refund', 1, 11, cancelled.id],
    ])
    for (let i = 1; i < oldestFirst.length; i++) {
      expect(oldestFirst[i]!.balanceAfter).toBe(oldestFirst[i - 1]!.balanceAfter + oldestFirst[i]!.delta)
    }
    expect(await balance(ctx, admin)).toBe(11)
  })

  it('refuses a top-up from a recruiter without credits.manage with PERMISSION_DENIED, changing nothing', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    const manager = await addUser(ctx, admin.orgId, { role: 'manager' })
    for (const who of [recruiter, manager]) {
      const res = await topUp(who, { amount: 100 })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 'PERMISSION_DENIED' })
    }
    expect(await balance(ctx, admin)).toBe(5)
    expect((await ledger(admin)).items).toHaveLength(1)
    // The permission, not the role, decides: a recruiter granted it may top up.
    const treasurer = await addUser(ctx, admin.orgId, {
      role: 'recruiter',
      permissions: ['sms.send', 'credits.manage'],
    })
    expect((await topUp(treasurer, { amount: 7 })).json()).toEqual({ balance: 12 })
    // Anyone may read the balance and the log.
    expect(await balance(ctx, recruiter)).toBe(12)
    expect((await ledger(recruiter)).items[0]).toMatchObject({ delta: 7, userId: treasurer.userId })
  })

  it('refuses a top-up that is not a positive whole number of credits', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    for (const amount of [0, -3, 1.5, '10']) {
      const res = await topUp(admin, { amount })
      expect([res.statusCode, res.json().code], String(amount)).toEqual([400, 'REQUEST_INVALID'])
    }
    expect(await balance(ctx, admin)).toBe(5)
  })

  it('downloads the billing log as CSV: one row per entry, the same values as the JSON log', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    await topUp(admin, { amount: 10, note: 'Invoice 7, "paid", thanks' })
    const sent = (await send(ctx, admin, { to: MOBILE, body: 'Hello' })).json()
    await simulateReply(ctx, admin, MOBILE, 'Hi')
    const other = await createOrgWithUser(ctx, { credits: 99 }) // another organization's log stays apart
    await topUp(other, { amount: 1 })

    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger?format=csv',
      headers: admin.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('attachment; filename="billing-log.csv"')
    const [header, ...rows] = parse(res.body) as string[][]
    expect(header).toEqual([
      'created_at',
      'reason',
      'delta',
      'balance_after',
      'message_id',
      'number',
      'person',
      'user_id',
      'user',
      'mailshot_id',
      'mailshot',
      'note',
    ])
    const { items } = await ledger(admin)
    expect(items).toHaveLength(4)
    expect(rows).toEqual(
      items.map((e) => [
        e.createdAt,
        e.reason,
        String(e.delta),
        String(e.balanceAfter),
        e.messageId ?? '',
        // a spreadsheet would read +44... as a formula: the CSV writes it as text
        e.number ? `'${e.number}` : '',
        e.personName ?? '',
        e.userId ?? '',
        e.userName ?? '',
        e.campaignId ?? '',
        e.campaignName ?? '',
        e.note ?? '',
      ]),
    )
    expect(rows.map((r) => r[1])).toEqual(['received', 'message', 'top_up', 'top_up'])
    expect(rows[1]![4]).toBe(sent.id)
    expect(rows[1]![5]).toBe(`'${sent.to}`)
    expect(rows[2]![11]).toBe('Invoice 7, "paid", thanks')
  })

  it('says to whom each text went, who sent it, and from whom a reply came', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 10 })
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: admin.headers,
      payload: { firstName: 'Ada', lastName: 'Okafor', mobile: MOBILE },
    })
    const sent = (await send(ctx, admin, { to: MOBILE, body: 'Hello' })).json()
    await simulateReply(ctx, admin, MOBILE, 'Hi')
    const me = await ctx.deps.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', admin.userId)
      .executeTakeFirstOrThrow()
    const { items } = await ledger(admin)
    const byMessage = items.filter((e) => e.messageId !== null)
    const direct = byMessage.find((e) => e.messageId === sent.id)
    expect(direct).toMatchObject({
      reason: 'message',
      number: sent.to,
      personName: 'Ada Okafor',
      userName: me.name,
      campaignId: null,
      campaignName: null,
    })
    const received = items.find((e) => e.reason === 'received')
    expect(received).toMatchObject({ number: sent.to, personName: 'Ada Okafor', userName: null })
    // a mailshot's one debit names it in its note (its texts' refunds carry campaignId)
  })

  it('writes a note a spreadsheet would run as a formula as plain text, and negative numbers as numbers', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 5 })
    await topUp(admin, { amount: 10, note: '=HYPERLINK("http://example.com","Refund")' })
    await topUp(admin, { amount: 1, note: '@SUM(A1:A9)' })
    expect((await send(ctx, admin, { to: MOBILE, body: 'Hello' })).statusCode).toBe(201)
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger?format=csv',
      headers: admin.headers,
    })
    const [, ...rows] = parse(res.body) as string[][]
    expect(rows.map((r) => [r[2], r[11]])).toEqual([
      ['-1', ''],
      ['1', "'@SUM(A1:A9)"],
      ['10', '\'=HYPERLINK("http://example.com","Refund")'],
      ['5', expect.any(String)],
    ])
  })

  it('writes the whole log to CSV past its internal page of 1,000 entries', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 0 })
    const at = ctx.clock.now().toISOString()
    const entries = Array.from({ length: 1_005 }, (_, i) => ({
      id: newId(),
      org_id: admin.orgId,
      delta: 1,
      balance_after: i + 1,
      reason: 'adjustment' as const,
      message_id: null,
      user_id: null,
      note: `entry ${i + 1}`,
      created_at: at,
    }))
    await ctx.deps.database.db.insertInto('credit_ledger').values(entries).execute()
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/credits/ledger?format=csv',
      headers: admin.headers,
    })
    const rows = (parse(res.body) as string[][]).slice(1)
    expect(rows).toHaveLength(1_005)
    expect(rows.map((r) => r[11])).toEqual(entries.map((e) => e.note).reverse())
  })

  it('pages the JSON log newest first with nextCursor, without repeats or gaps', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 1 })
    for (let i = 2; i <= 7; i++) await topUp(admin, { amount: i })
    const whole = await ledger(admin)
    expect(whole.items.map((e) => e.delta)).toEqual([7, 6, 5, 4, 3, 2, 1])
    expect(whole.nextCursor).toBeNull()

    const pages: number[][] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 10; guard++) {
      const page = await ledger(admin, { limit: '3', ...(cursor ? { cursor } : {}) })
      pages.push(page.items.map((e) => e.delta))
      cursor = page.nextCursor
      if (!cursor) break
    }
    expect(pages).toEqual([[7, 6, 5], [4, 3, 2], [1]])
    // A page that ends exactly at the last entry says there is no more.
    const exact = await ledger(admin, { limit: '7' })
    expect([exact.items.length, exact.nextCursor]).toEqual([7, null])
    for (const limit of ['0', '501']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/credits/ledger?limit=${limit}`,
        headers: admin.headers,
      })
      expect(res.statusCode, limit).toBe(400)
    }
    // The cursor is one the API handed out, not an entry's id.
    const forged = await ledger(admin, { limit: '3' })
    const bad = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/credits/ledger?cursor=${forged.items[2]!.id}`,
      headers: admin.headers,
    })
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'REQUEST_INVALID'])
  })
})
