import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const OFFICE_2 = '+46701740605'

/**
 * Makes the store's e-mail queueing fail, or work again, with a trigger in the database itself: the
 * insert into `email_outbox` inside the inbound transaction is refused, as a full disk or a lost
 * connection would refuse it.
 */
async function failQueueing(ctx: TestContext, fail: boolean): Promise<void> {
  const { db, dialect } = ctx.deps.database
  if (dialect === 'sqlite') {
    if (fail)
      await sql`CREATE TRIGGER fail_queueing BEFORE INSERT ON email_outbox BEGIN SELECT RAISE(ABORT, 'e-mail queueing failed'); END`.execute(
        db,
      )
    else await sql`DROP TRIGGER fail_queueing`.execute(db)
    return
  }
  if (fail) {
    await sql`CREATE FUNCTION fail_queueing() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'e-mail queueing failed'; END $$ LANGUAGE plpgsql`.execute(
      db,
    )
    await sql`CREATE TRIGGER fail_queueing BEFORE INSERT ON email_outbox FOR EACH ROW EXECUTE FUNCTION fail_queueing()`.execute(
      db,
    )
  } else {
    await sql`DROP TRIGGER fail_queueing ON email_outbox`.execute(db)
    await sql`DROP FUNCTION fail_queueing()`.execute(db)
  }
}

describe.each(DIALECTS)('a received text and its forwards, one transaction, on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  let token: string
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Office 2', sender: OFFICE_2, config: { deliveryDelayMs: 0 } },
    )
    token = (
      await ctx.deps.database.db
        .selectFrom('connections')
        .select('webhook_token')
        .where('org_id', '=', admin.orgId)
        .where('sender', '=', OFFICE_2)
        .executeTakeFirstOrThrow()
    ).webhook_token
    const rule = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/forwarding-rules',
      headers: admin.headers,
      payload: { number: OFFICE_2, emails: ['office2@example.com'] },
    })
    expect(rule.statusCode, rule.body).toBe(201)
  })
  afterEach(async () => ctx.close())

  const db = () => ctx.deps.database.db
  const messages = () =>
    db().selectFrom('messages').select(['id', 'body']).where('direction', '=', 'inbound').execute()
  const emails = () => db().selectFrom('email_outbox').select(['dedupe_key', 'to_address']).execute()
  const receipts = () => db().selectFrom('inbound_receipts').select('id').execute()

  async function webhook() {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/simulator/${token}/inbound`,
      payload: { id: 'SIM-atomic-1', from: MOBILE, to: OFFICE_2, body: 'Is the role still open?' },
    })
    expect(res.statusCode, res.body).toBe(200)
    await ctx.deps.inbound.settled()
  }

  it('keeps neither the text nor its e-mail when the queueing fails, and a retry stores both once', async () => {
    await failQueueing(ctx, true)
    await webhook()
    expect(await messages()).toEqual([])
    expect(await emails()).toEqual([])
    expect(await receipts()).toHaveLength(1)

    // The provider delivers it again, and the sweep tries the kept receipt once it is due.
    await failQueueing(ctx, false)
    await webhook()
    ctx.clock.advance(3_600_000)
    await ctx.deps.inbound.sweep()
    await ctx.deps.inbound.settled()
    const stored = await messages()
    expect(stored).toEqual([{ id: expect.any(String), body: 'Is the role still open?' }])
    expect(await emails()).toEqual([
      { dedupe_key: `forward:${stored[0]?.id}:office2@example.com`, to_address: 'office2@example.com' },
    ])
    expect(await receipts()).toEqual([])
  })
})
