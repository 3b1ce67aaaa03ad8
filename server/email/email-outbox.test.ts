import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeClock } from '../clock'
import { createConnection } from '../connection/connection.service'
import { createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { startSmtpSink } from '../test/smtp-sink'
import { EmailOutbox, SMTP_URL_MISSING } from './email-outbox'
import { listEmailsOf } from './email-outbox.repository'

const OFFICE_2 = '+46701740605'

describe.each(DIALECTS)('e-mail forwards through the outbox, on %s', (dialect) => {
  let ctx: TestContext
  let admin: TestActor
  beforeEach(async () => {
    ctx = await createTestApp(dialect)
    admin = await createOrgWithUser(ctx)
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Office 2', sender: OFFICE_2, config: { deliveryDelayMs: 0 } },
    )
    const rule = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/forwarding-rules',
      headers: admin.headers,
      payload: { number: OFFICE_2, emails: ['office2@example.com'] },
    })
    expect(rule.statusCode, rule.body).toBe(201)
  })
  afterEach(async () => ctx.close())

  async function textIn(body: string) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: MOBILE, to: OFFICE_2, body },
    })
    expect(res.statusCode, res.body).toBe(201)
    await ctx.deps.inbound.settled()
    return res.json<{ messageId: string; conversationId: string }>()
  }

  const outbox = (smtpUrl: string, clock = ctx.deps.clock) =>
    new EmailOutbox(ctx.deps.database.db, clock, { smtpUrl, from: 'parley@example.com', backoffMs: 1000 })

  it('delivers the received text, its numbers and a link to the conversation to the SMTP server', async () => {
    const smtp = await startSmtpSink()
    try {
      const inbound = await textIn('Is the role still open?')
      const worker = outbox(`smtp://127.0.0.1:${smtp.port}`)
      expect(await worker.runOnce()).toBe(1)
      worker.close()
      expect(smtp.received).toHaveLength(1)
      expect(smtp.received[0]?.to).toEqual(['office2@example.com'])
      const data = smtp.received[0]?.data ?? ''
      expect(data).toContain(`From: ${MOBILE}`)
      expect(data).toContain(`To: ${OFFICE_2}`)
      expect(data).toContain('Is the role still open?')
      expect(data).toContain(`/inbox/${inbound.conversationId}`)
      expect(
        (await listEmailsOf(ctx.deps.database.db, admin.orgId)).map((e) => [e.status, e.attempts]),
      ).toEqual([['sent', 1]])
    } finally {
      await smtp.close()
    }
  })

  it('retries after the SMTP server was down and delivers once', async () => {
    const clock = new FakeClock(ctx.deps.clock.now())
    await textIn('Hello')
    const down = await startSmtpSink()
    const port = down.port
    await down.close()
    const worker = outbox(`smtp://127.0.0.1:${port}`, clock)
    expect(await worker.runOnce()).toBe(0)
    const [failed] = await listEmailsOf(ctx.deps.database.db, admin.orgId)
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 })
    expect(failed?.last_error).toBeTruthy()
    expect(await worker.runOnce()).toBe(0) // not due yet: backoff

    // The same port again, now answering.
    const smtp = await startSmtpSink(port)
    try {
      clock.advance(1000)
      expect(await worker.runOnce()).toBe(1)
      expect(await worker.runOnce()).toBe(0)
      worker.close()
      expect(smtp.received).toHaveLength(1)
      expect((await listEmailsOf(ctx.deps.database.db, admin.orgId))[0]).toMatchObject({
        status: 'sent',
        attempts: 2,
      })
    } finally {
      await smtp.close()
    }
  })

  it('sends one e-mail when two workers run at once', async () => {
    const smtp = await startSmtpSink()
    try {
      await textIn('Once')
      const a = outbox(`smtp://127.0.0.1:${smtp.port}`)
      const b = outbox(`smtp://127.0.0.1:${smtp.port}`)
      const sent = await Promise.all([a.runOnce(), b.runOnce()])
      a.close()
      b.close()
      expect(sent[0] + sent[1]).toBe(1)
      expect(smtp.received).toHaveLength(1)
    } finally {
      await smtp.close()
    }
  })

  it('queues e-mails with the reason they wait when SMTP_URL is not set, for admins to see', async () => {
    await textIn('No mail server')
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/emails?status=pending',
      headers: admin.headers,
    })
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json().items).toEqual([
      expect.objectContaining({
        to: 'office2@example.com',
        status: 'pending',
        attempts: 0,
        lastError: SMTP_URL_MISSING,
      }),
    ])
  })

  it('lists failed e-mails with their reason and retries one on an admin’s word', async () => {
    const clock = new FakeClock(ctx.deps.clock.now())
    await textIn('Down for good')
    const down = await startSmtpSink()
    await down.close()
    const worker = new EmailOutbox(ctx.deps.database.db, clock, {
      smtpUrl: `smtp://127.0.0.1:${down.port}`,
      from: 'parley@example.com',
      maxAttempts: 1,
    })
    expect(await worker.runOnce()).toBe(0)
    worker.close()
    const get = (url: string, as = admin) => ctx.app.inject({ method: 'GET', url, headers: as.headers })
    const post = (url: string, as = admin) => ctx.app.inject({ method: 'POST', url, headers: as.headers })
    const [failed] = (await get('/api/v1/emails?status=failed')).json().items
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/\S/) })
    expect((await get('/api/v1/emails?status=pending')).json().items).toEqual([])

    const recruiter = await createOrgWithUser(ctx, { role: 'recruiter' })
    expect((await get('/api/v1/emails', recruiter)).statusCode).toBe(403)
    expect((await post(`/api/v1/emails/${failed.id}/retry`, recruiter)).statusCode).toBe(403)

    const retried = await post(`/api/v1/emails/${failed.id}/retry`)
    expect(retried.statusCode, retried.body).toBe(200)
    expect(retried.json()).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 })
    const again = await post(`/api/v1/emails/${failed.id}/retry`)
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('EMAIL_NOT_FAILED')
    expect((await post('/api/v1/emails/nope/retry')).json().code).toBe('EMAIL_NOT_FOUND')

    const smtp = await startSmtpSink()
    try {
      const sender = outbox(`smtp://127.0.0.1:${smtp.port}`)
      expect(await sender.runOnce()).toBe(1)
      sender.close()
      expect(smtp.received).toHaveLength(1)
      expect((await get('/api/v1/emails?status=sent')).json().items).toHaveLength(1)
    } finally {
      await smtp.close()
    }
  })
})
