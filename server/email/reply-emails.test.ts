import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { addUser, createOrgWithUser, type TestActor } from '../test/fixtures'
import { MOBILE } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { type SmtpSink, startSmtpSink } from '../test/smtp-sink'
import { EmailOutbox, SMTP_URL_MISSING } from './email-outbox'
import { listEmailsOf } from './email-outbox.repository'
import { batchReplyEmails, REPLY_EMAIL_WINDOW_MS } from './reply-emails'

const OFFICE = '+46701740605'
const OTHER_MOBILES = ['+447911123457', '+447911123458']

/** The conversation links of an e-mail as the SMTP server received it (quoted-printable soft breaks joined). */
function linksIn(data: string): string[] {
  return [...data.replace(/=\r?\n/g, '').matchAll(/http:\/\/parley\.test\/inbox\/([A-Za-z0-9_-]+)/g)].map(
    (m) => m[1]!,
  )
}

describe.each(DIALECTS)('e-mail notification of replies, on %s', (dialect) => {
  let ctx: TestContext
  /** An admin who wants replies by e-mail; `other` is an admin who does not. Both are told of replies from unknown numbers. */
  let admin: TestActor
  let other: TestActor
  let smtp: SmtpSink
  let outbox: EmailOutbox

  beforeEach(async () => {
    ctx = await createTestApp(dialect, { SMTP_URL: 'smtp://127.0.0.1:1' })
    admin = await createOrgWithUser(ctx)
    other = await addUser(ctx, admin.orgId, { email: 'other@example.com' })
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Office', sender: OFFICE, config: { deliveryDelayMs: 0 } },
    )
    const me = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: admin.headers,
      payload: { emailReplies: true },
    })
    expect(me.statusCode, me.body).toBe(200)
    expect(me.json().user.emailReplies).toBe(true)
    smtp = await startSmtpSink()
    outbox = new EmailOutbox(ctx.deps.database.db, ctx.deps.clock, {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'parley@example.com',
    })
  })
  afterEach(async () => {
    outbox.close()
    await smtp.close()
    await ctx.close()
  })

  async function textIn(from: string, body: string) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from, to: OFFICE, body },
    })
    expect(res.statusCode, res.body).toBe(201)
    await ctx.deps.inbound.settled()
    return res.json<{ messageId: string; conversationId: string }>()
  }

  const adminEmail = async () =>
    (
      await ctx.deps.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', admin.userId)
        .executeTakeFirstOrThrow()
    ).email

  it('sends a burst of 3 replies as one e-mail with a link to each conversation, to the user with the setting only', async () => {
    const texts = [await textIn(MOBILE, 'First'), await textIn(OTHER_MOBILES[0]!, 'Second')]
    ctx.clock.advance(60_000)
    texts.push(await textIn(OTHER_MOBILES[1]!, 'Third'))
    // The window runs from the first waiting reply: not due a moment before it closes.
    ctx.clock.advance(REPLY_EMAIL_WINDOW_MS - 60_000 - 1)
    expect(await batchReplyEmails(ctx.deps)).toBe(0)
    ctx.clock.advance(1)
    expect(await batchReplyEmails(ctx.deps)).toBe(1)
    expect(await batchReplyEmails(ctx.deps)).toBe(0)
    expect(await outbox.runOnce()).toBe(1)

    expect(smtp.received.map((r) => r.to)).toEqual([[await adminEmail()]])
    const data = smtp.received[0]!.data
    expect(data).toContain('Subject: 3 replies')
    expect(linksIn(data)).toEqual(texts.map((t) => t.conversationId))
    for (const word of ['First', 'Second', 'Third', MOBILE, ...OTHER_MOBILES, `To: ${OFFICE}`]) {
      expect(data).toContain(word)
    }
    // The other admin was told of the replies (a notification) but gets no e-mail.
    const told = await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: other.headers })
    expect(told.json().items).toHaveLength(3)
    const emails = await listEmailsOf(ctx.deps.database.db, admin.orgId)
    expect(emails.map((e) => [e.to_address, e.status])).toEqual([[await adminEmail(), 'sent']])
  })

  it('starts a new batch for a reply after the batch was sent', async () => {
    const first = await textIn(MOBILE, 'Before')
    ctx.clock.advance(REPLY_EMAIL_WINDOW_MS)
    expect(await batchReplyEmails(ctx.deps)).toBe(1)
    const second = await textIn(MOBILE, 'After')
    expect(await batchReplyEmails(ctx.deps)).toBe(0)
    ctx.clock.advance(REPLY_EMAIL_WINDOW_MS)
    expect(await batchReplyEmails(ctx.deps)).toBe(1)
    expect(await outbox.runOnce()).toBe(2)
    expect(smtp.received).toHaveLength(2)
    const [before, after] = smtp.received.map((r) => r.data)
    expect(before).toContain('Before')
    expect(before).not.toContain('After')
    expect(after).toContain('After')
    expect(after).not.toContain('Before')
    expect(linksIn(after!)).toEqual([second.conversationId])
    expect(first.conversationId).toBe(second.conversationId)
  })

  it('makes one e-mail when two workers batch at once', async () => {
    await textIn(MOBILE, 'Once')
    await textIn(OTHER_MOBILES[0]!, 'Twice')
    ctx.clock.advance(REPLY_EMAIL_WINDOW_MS)
    const made = await Promise.all([batchReplyEmails(ctx.deps), batchReplyEmails(ctx.deps)])
    expect(made[0] + made[1]).toBe(1)
    expect(await outbox.runOnce()).toBe(1)
    expect(smtp.received).toHaveLength(1)
    expect(linksIn(smtp.received[0]!.data)).toHaveLength(2)
  })

  it('e-mails no one who turned the setting off, is disabled, or is not told of replies', async () => {
    const patch = (actor: TestActor, id: string, payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: actor.headers, payload })
    // An admin sets it for another user; that user is then disabled.
    const set = await patch(admin, other.userId, { emailReplies: true })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json().emailReplies).toBe(true)
    expect((await patch(admin, other.userId, { disabled: true })).statusCode).toBe(200)
    // The admin keeps the setting but is only associated by the texts they send: not told of replies.
    expect((await patch(admin, admin.userId, { associationTypes: ['outgoing'] })).statusCode).toBe(200)
    const third = await addUser(ctx, admin.orgId)
    expect((await patch(admin, third.userId, { emailReplies: true })).statusCode).toBe(200)
    expect((await patch(admin, third.userId, { emailReplies: false })).json().emailReplies).toBe(false)
    const recruiter = await addUser(ctx, admin.orgId, { role: 'recruiter' })
    expect((await patch(recruiter, third.userId, { emailReplies: true })).statusCode).toBe(403)

    await textIn(MOBILE, 'Nobody by e-mail')
    ctx.clock.advance(REPLY_EMAIL_WINDOW_MS)
    expect(await batchReplyEmails(ctx.deps)).toBe(0)
    expect(await listEmailsOf(ctx.deps.database.db, admin.orgId)).toEqual([])
  })
})

describe.each(DIALECTS)('e-mail notification of replies without SMTP_URL, on %s', (dialect) => {
  let ctx: TestContext
  afterEach(async () => ctx.close())

  it('still makes the batch, queued with the reason it waits, for admins to see', async () => {
    ctx = await createTestApp(dialect)
    const admin = await createOrgWithUser(ctx)
    await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      { provider: 'simulator', name: 'Office', sender: OFFICE, config: { deliveryDelayMs: 0 } },
    )
    const me = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: admin.headers,
      payload: { emailReplies: true },
    })
    expect(me.statusCode, me.body).toBe(200)
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/simulator/inbound',
      headers: admin.headers,
      payload: { from: MOBILE, to: OFFICE, body: 'Anyone there?' },
    })
    expect(res.statusCode, res.body).toBe(201)
    await ctx.deps.inbound.settled()
    ctx.clock.advance(REPLY_EMAIL_WINDOW_MS)
    expect(await batchReplyEmails(ctx.deps)).toBe(1)
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/emails?status=pending',
      headers: admin.headers,
    })
    expect(list.json().items).toEqual([
      expect.objectContaining({
        to: me.json().user.email,
        subject: `Reply from ${MOBILE}`,
        lastError: SMTP_URL_MISSING,
      }),
    ])
  })
})
