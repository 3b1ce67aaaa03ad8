import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE, send, simulateReply, webhookTokenOf } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'

const STOCKHOLM = '+46701740605'

interface MessageOut {
  id: string
  direction: string
  kind: string
  status: string
  from: string
  to: string
  body: string
  credits: number
  connectionId: string | null
  errorCode: string | null
  error: string | null
}

describe.each(DIALECTS)('answers to STOP, START and HELP on %s', (dialect) => {
  let ctx: TestContext
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
  })
  afterEach(async () => ctx.close())

  /** An organization whose keywords come in on a second connection, Stockholm's, not the default. */
  async function organization(options: { credits?: number } = {}) {
    const admin = await createOrgWithUser(ctx, { name: 'Acme Recruitment', credits: options.credits ?? 10 })
    const stockholm = await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Stockholm', sender: STOCKHOLM, config: { deliveryDelayMs: 0 } },
    )
    return { admin, stockholm }
  }

  /** A text from the candidate to Stockholm's number, stored and answered. */
  async function textIn(admin: TestActor, body: string) {
    const text = await simulateReply(ctx, admin, MOBILE, body, STOCKHOLM)
    await ctx.deps.inbound.settled()
    return text
  }

  async function answersIn(admin: TestActor, conversationId: string): Promise<MessageOut[]> {
    const res = await ctx.app.inject({
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: admin.headers,
    })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().items as MessageOut[]).filter((m) => m.kind === 'auto_reply')
  }

  async function balanceOf(admin: TestActor): Promise<number> {
    const res = await ctx.app.inject({ url: '/api/v1/credits', headers: admin.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().balance
  }

  const optEvents = () =>
    ctx.deps.database.db.selectFrom('opt_out_events').select(['action', 'keyword']).orderBy('id').execute()

  const settings = (admin: TestActor, patch: Record<string, unknown>) =>
    ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/organization',
      headers: admin.headers,
      payload: { settings: patch },
    })

  it('confirms STOP from the number texted, charged and in the billing log, though the number is opted out', async () => {
    const { admin, stockholm } = await organization()
    const stop = await textIn(admin, 'Stop')

    expect((await send(ctx, admin, { to: MOBILE, body: 'Still there?' })).json().code).toBe(
      'RECIPIENT_OPTED_OUT',
    )
    const answers = await answersIn(admin, stop.conversationId)
    expect(answers).toMatchObject([
      {
        direction: 'outbound',
        status: 'queued',
        from: STOCKHOLM,
        to: MOBILE,
        connectionId: stockholm.id,
        credits: 1,
        body: 'You will receive no more texts from Acme Recruitment. Reply START to opt back in.',
      },
    ])
    expect(await balanceOf(admin)).toBe(9)
    const ledger = await ctx.app.inject({ url: '/api/v1/credits/ledger', headers: admin.headers })
    expect(ledger.json().items[0]).toMatchObject({
      reason: 'message',
      delta: -1,
      balanceAfter: 9,
      messageId: answers[0]!.id,
    })
    expect(await optEvents()).toEqual([{ action: 'opt_out', keyword: 'STOP' }])
  })

  it('welcomes back on START and answers HELP without changing the opt-out', async () => {
    const { admin } = await organization()
    const help = await textIn(admin, 'help')
    expect(await optEvents()).toEqual([])
    expect(await answersIn(admin, help.conversationId)).toMatchObject([
      {
        from: STOCKHOLM,
        body: 'These texts are from Acme Recruitment about your applications and placements. Reply STOP to opt out.',
      },
    ])

    await textIn(admin, 'STOP')
    // HELP from a number opted out gets no answer: only the confirmation may reach it
    await textIn(admin, 'INFO')
    await textIn(admin, 'start')
    expect(await optEvents()).toEqual([
      { action: 'opt_out', keyword: 'STOP' },
      { action: 'opt_in', keyword: 'START' },
    ])
    const bodies = (await answersIn(admin, help.conversationId)).map((m) => m.body)
    expect(bodies).toEqual([
      'These texts are from Acme Recruitment about your applications and placements. Reply STOP to opt out.',
      'You will receive no more texts from Acme Recruitment. Reply START to opt back in.',
      'You will receive texts from Acme Recruitment again. Reply STOP to opt out.',
    ])
    expect((await send(ctx, admin, { to: MOBILE, body: 'Welcome back' })).statusCode).toBe(201)
  })

  it('sends the texts the admin wrote, and none for a text left empty', async () => {
    const { admin } = await organization()
    const bad = await settings(admin, { startReply: 'Hi {{ person.first_name }}, welcome back' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'REQUEST_INVALID' })
    expect(bad.json().message).toContain('settings.startReply')
    const tooLong = await settings(admin, { helpReply: 'x'.repeat(481) })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().message).toContain('helpReply')

    const changed = await settings(admin, {
      stopReply: '',
      startReply: 'Welcome back to {{organization.name}}!',
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().settings).toMatchObject({ stopReply: '' })

    const stop = await textIn(admin, 'UNSUBSCRIBE')
    expect(await optEvents()).toEqual([{ action: 'opt_out', keyword: 'UNSUBSCRIBE' }])
    expect(await answersIn(admin, stop.conversationId)).toEqual([])
    expect(await balanceOf(admin)).toBe(10)

    await textIn(admin, 'Yes')
    expect((await answersIn(admin, stop.conversationId)).map((m) => m.body)).toEqual([
      'Welcome back to Acme Recruitment!',
    ])
  })

  it('answers a STOP delivered twice once', async () => {
    const { admin } = await organization()
    const token = await webhookTokenOf(ctx, admin)
    const connection = await ctx.deps.database.db
      .selectFrom('connections')
      .select('sender')
      .where('webhook_token', '=', token)
      .executeTakeFirstOrThrow()
    const payload = {
      id: 'SM-stop-1',
      from: MOBILE,
      to: connection.sender,
      body: 'STOP',
      receivedAt: ctx.deps.clock.now().toISOString(),
    }
    for (let i = 0; i < 2; i++) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/webhooks/simulator/${token}/inbound`,
        payload,
      })
      expect(res.statusCode, res.body).toBe(200)
      await ctx.deps.inbound.settled()
    }
    const messages = await ctx.deps.database.db
      .selectFrom('messages')
      .select(['direction', 'kind', 'from_number'])
      .orderBy('created_at')
      .execute()
    expect(messages).toEqual([
      { direction: 'inbound', kind: 'reply', from_number: MOBILE },
      { direction: 'outbound', kind: 'auto_reply', from_number: connection.sender },
    ])
    expect(await balanceOf(admin)).toBe(9)
  })

  it('records the opt-out without credits, and shows the confirmation as not sent with its reason', async () => {
    const { admin } = await organization({ credits: 0 })
    const stop = await textIn(admin, 'STOP')
    expect(await optEvents()).toEqual([{ action: 'opt_out', keyword: 'STOP' }])
    expect((await send(ctx, admin, { to: MOBILE, body: 'x' })).json().code).toBe('RECIPIENT_OPTED_OUT')
    const answers = await answersIn(admin, stop.conversationId)
    expect(answers).toMatchObject([
      { status: 'failed', credits: 0, from: STOCKHOLM, errorCode: 'CREDITS_INSUFFICIENT' },
    ])
    expect(answers[0]!.error).toContain('Not enough credits')
    const failed = await ctx.app.inject({ url: '/api/v1/messages?view=failed', headers: admin.headers })
    expect(failed.json().items.map((m: MessageOut) => m.id)).toContain(answers[0]!.id)
  })
})
