import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser } from '../test/fixtures'
import { MOBILE, send, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { BURST_MS, reserveSendTimes } from './send-pace.repository'

const NOW = 1_767_600_000_000

function gaps(times: readonly number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b)
  return sorted.slice(1).map((t, i) => Math.round((t - sorted[i]!) * 1000) / 1000)
}

describe.each(DIALECTS)('a connection rate shared by every dispatcher, on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  async function simulatorOf(orgId: string): Promise<string> {
    const row = await ctx.deps.database.db
      .selectFrom('connections')
      .select('id')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow()
    return row.id
  }

  const reserve = (connectionId: string, count: number, nowMs: number, ratePerSecond = 5) =>
    reserveSendTimes(ctx.deps.database.db, ctx.deps.database.dialect, {
      connectionId,
      count,
      ratePerSecond,
      nowMs,
    })

  it('lets one second of sends go at once, then spaces them at the rate, and forgets a quiet spell', async () => {
    const admin = await createOrgWithUser(ctx)
    const connectionId = await simulatorOf(admin.orgId)
    expect(await reserve(connectionId, 5, NOW)).toEqual([
      NOW - 1000,
      NOW - 800,
      NOW - 600,
      NOW - 400,
      NOW - 200,
    ])
    expect(await reserve(connectionId, 3, NOW)).toEqual([NOW, NOW + 200, NOW + 400])
    expect(await reserve(connectionId, 1, NOW + 100)).toEqual([NOW + 600])
    const later = NOW + 60_000
    expect(await reserve(connectionId, 2, later)).toEqual([later - BURST_MS, later - BURST_MS + 200])
  })

  it('gives reservations made at the same moment times that never overlap', async () => {
    const admin = await createOrgWithUser(ctx)
    const connectionId = await simulatorOf(admin.orgId)
    const all = (
      await Promise.all(Array.from({ length: 10 }, () => reserve(connectionId, 4, NOW, 20)))
    ).flat()
    expect(new Set(all).size).toBe(40)
    expect(gaps(all)).toEqual(Array.from({ length: 39 }, () => 50))
    expect(Math.min(...all)).toBe(NOW - BURST_MS)
  })

  it('paces two dispatchers on one connection as one: one second at once, then the rate', async () => {
    const admin = await createOrgWithUser(ctx, { credits: 100 })
    const connectionId = await simulatorOf(admin.orgId)
    await ctx.deps.database.db
      .updateTable('connections')
      .set({ rate_per_second: 10 })
      .where('id', '=', connectionId)
      .execute()
    for (let i = 0; i < 20; i++)
      expect((await send(ctx, admin, { to: MOBILE, body: `Paced ${i}` })).statusCode).toBe(201)
    const waits: number[] = []
    const pace = {
      now: () => NOW,
      waitUntil: async (ms: number) => {
        waits.push(ms)
      },
    }
    // Each claims one second of the rate (10 texts); each used to have a burst of its own.
    const dispatchers = [1, 2].map(() => testDispatcher(ctx, { claimWindowSeconds: 1, pace }))
    const handled = await Promise.all(dispatchers.map((d) => d.runOnce()))
    expect(handled.sort()).toEqual([10, 10])
    // Each text waits for its time; a group of texts marked started together waits for its first one's too.
    const times = [...new Set(waits)]
    expect(times).toHaveLength(20)
    expect(gaps(times)).toEqual(Array.from({ length: 19 }, () => 100))
    expect(times.filter((ms) => ms <= NOW)).toHaveLength(11)
    const sent = await ctx.deps.database.db
      .selectFrom('messages')
      .select('id')
      .where('status', 'in', ['sent', 'delivered'])
      .execute()
    expect(sent).toHaveLength(20)
  })
})
