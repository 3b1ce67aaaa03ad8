import { afterEach, describe, expect, it } from 'vitest'
import type { Dialect } from '../db/database'
import { createOrgWithUser } from '../test/fixtures'
import { MOBILE, webhookTokenOf } from '../test/messaging-helpers'
import { ParleyProcesses } from '../test/parley-processes'
import { DIALECTS, type TestContext } from '../test/setup'

/**
 * A real `parley serve` answers a webhook and is killed (SIGKILL) before it puts the text in its
 * conversation; a new process started on the same database stores it, once.
 */
describe.each(DIALECTS)('a process killed after answering a webhook, on %s', (dialect: Dialect) => {
  let ctx: TestContext | undefined
  const processes = new ParleyProcesses()
  afterEach(async () => {
    await processes.stopAll()
    await ctx?.close()
    await processes.close()
  })

  it('stores the answered text after a restart, once', async () => {
    const shared = await processes.sharedDatabase(dialect)
    ctx = shared.ctx
    const { databaseUrl } = shared
    const admin = await createOrgWithUser(ctx)
    const db = ctx.deps.database.db
    const token = await webhookTokenOf(ctx, admin)

    // The first process gathers received texts for a minute: it is killed long before it stores them.
    const first = await processes.serve(databaseUrl, {
      INBOUND_GATHER_MS: '60000',
      INBOUND_ORPHAN_AFTER_MS: '1000',
    })
    const answer = await fetch(`${first}/webhooks/simulator/${token}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'SIM-crash-1', from: MOBILE, to: '+447700900001', body: 'Still there?' }),
    })
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ stored: 1, duplicates: 0 })
    await processes.kill(processes.children[0]!)

    const messages = () =>
      db.selectFrom('messages').select(['id', 'body']).where('direction', '=', 'inbound').execute()
    const receipts = await db.selectFrom('inbound_receipts').select(['id', 'body']).execute()
    expect(receipts).toEqual([{ id: expect.any(String), body: 'Still there?' }])
    expect(await messages()).toEqual([])

    // A new process sweeps at start; the receipt is due a second after it was stored.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await processes.serve(databaseUrl, {})
    for (let i = 0; i < 150 && (await messages()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(await messages()).toEqual([{ id: receipts[0]!.id, body: 'Still there?' }])
    // The receipt is deleted right after the store's commit, so it may outlive the message briefly.
    const leftReceipts = () => db.selectFrom('inbound_receipts').select('id').execute()
    for (let i = 0; i < 50 && (await leftReceipts()).length > 0; i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(await leftReceipts()).toEqual([])
    const notifications = await db.selectFrom('notifications').select('message_id').execute()
    expect(notifications).toEqual([{ message_id: receipts[0]!.id }])
  }, 60_000)
})
