import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrgWithUser } from '../test/fixtures'
import { MOBILE, send, simulateReply, testDispatcher } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { purgeExpiredMessages } from './retention.service'

describe.each(DIALECTS)('retention on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(() => ctx.close())

  it('purges settled history older than the retention period, and only for organizations that set one', async () => {
    const keeps = await createOrgWithUser(ctx)
    const purges = await createOrgWithUser(ctx, { settings: { retentionDays: 30 } })
    await simulateReply(ctx, keeps, MOBILE, 'old, kept forever')
    const old = await simulateReply(ctx, purges, MOBILE, 'old, purged')
    const scheduled = (
      await send(ctx, purges, { to: MOBILE, body: 'far future', sendAt: '2026-12-01T09:00:00Z' })
    ).json()
    ctx.clock.advance(31 * 86_400_000)
    const recent = await simulateReply(ctx, purges, MOBILE, 'recent')
    // as if the old reply had been joined from two parts, and the recent one too
    const connectionId = 'simulator-connection'
    await ctx.deps.database.db
      .insertInto('message_parts')
      .values([
        { connection_id: connectionId, provider_message_id: 'old-2', message_id: old.messageId },
        { connection_id: connectionId, provider_message_id: 'recent-2', message_id: recent.messageId },
      ])
      .execute()
    expect(await purgeExpiredMessages(ctx.deps)).toBe(1)
    const parts = await ctx.deps.database.db.selectFrom('message_parts').select('message_id').execute()
    expect(parts).toEqual([{ message_id: recent.messageId }])
    const ids = (await ctx.deps.database.db.selectFrom('messages').select('id').execute()).map((r) => r.id)
    expect(ids).not.toContain(old.messageId)
    expect(ids).toContain(recent.messageId)
    expect(ids).toContain(scheduled.id)
    expect(ids).toHaveLength(3)
    expect(await testDispatcher(ctx).runOnce()).toBe(0)
  })
})
