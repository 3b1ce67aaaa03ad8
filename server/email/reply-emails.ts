import type { Db } from '../db/database'
import { newId } from '../ids'
import type { ServiceDeps } from '../service-deps'
import { SMTP_URL_MISSING } from './email-outbox'
import { queueEmails } from './email-outbox.repository'
import {
  findRepliesToEmail,
  findReplyEmailRecipient,
  findReplyEmailUsers,
  listUsersWithDueReplies,
  queueReplyEmails,
  takeReplyEmails,
} from './reply-email.repository'

/** How long the replies of a user wait after the first of them, so that a burst goes in one e-mail. */
export const REPLY_EMAIL_WINDOW_MS = 120_000

/** A reply just stored and the users told of it. */
export interface ToldReply {
  orgId: string
  messageId: string
  userIds: readonly string[]
}

/**
 * Queues each reply for the e-mail of each user told of it who wants replies by e-mail ("E-mail me
 * replies") and is not disabled, in the store's transaction (see inbound.service.ts), so a reply is
 * never stored without its place in those e-mails.
 */
export async function queueRepliesForEmail(
  trx: Db,
  replies: readonly ToldReply[],
  at: string,
): Promise<void> {
  const wanting = await findReplyEmailUsers(
    trx,
    replies.flatMap((r) => r.userIds),
  )
  if (wanting.size === 0) return
  await queueReplyEmails(
    trx,
    replies.flatMap((r) =>
      r.userIds
        .filter((userId) => wanting.has(userId))
        .map((userId) => ({
          id: newId(),
          org_id: r.orgId,
          user_id: userId,
          message_id: r.messageId,
          created_at: at,
        })),
    ),
  )
}

type Reply = Awaited<ReturnType<typeof findRepliesToEmail>>[number]

function whoSent(reply: Reply): string {
  const name = [reply.first_name, reply.last_name].filter(Boolean).join(' ')
  return name ? `${name} (${reply.from_number})` : reply.from_number
}

/** The e-mail of a batch: each reply with who sent it, the number texted, when, the text and its conversation. */
export function replyEmailOf(baseUrl: string, replies: readonly Reply[]): { subject: string; body: string } {
  const base = baseUrl.replace(/\/$/, '')
  const first = replies[0]!
  const subject = replies.length === 1 ? `Reply from ${whoSent(first)}` : `${replies.length} replies`
  const body = replies
    .map(
      (r) =>
        `From: ${whoSent(r)}\nTo: ${r.to_number}\nReceived: ${r.created_at}\n\n${r.body}\n\nConversation: ${base}/inbox/${r.conversation_id}\n`,
    )
    .join('\n---\n\n')
  return { subject, body }
}

/**
 * Turns each user's due batch of replies (the first waiting `windowMs` or longer) into one e-mail in
 * the outbox, which sends it like any other (leases, retries, the admins' list). The replies are
 * taken out of the queue in the transaction that queues the e-mail, so two workers never make one
 * batch twice and a crash loses none. A user who is disabled, has turned the setting off or has no
 * e-mail address gets none: their waiting replies are dropped. How many e-mails were queued.
 */
export async function batchReplyEmails(
  deps: Pick<ServiceDeps, 'database' | 'clock' | 'config'>,
  options: { windowMs?: number; limit?: number } = {},
): Promise<number> {
  const now = deps.clock.now()
  const dueBy = new Date(now.getTime() - (options.windowMs ?? REPLY_EMAIL_WINDOW_MS)).toISOString()
  const until = now.toISOString()
  const users = await listUsersWithDueReplies(deps.database.db, dueBy, options.limit ?? 50)
  let queued = 0
  for (const userId of users) {
    const made = await deps.database.db.transaction().execute(async (trx) => {
      const messageIds = await takeReplyEmails(trx, userId, until)
      if (messageIds.length === 0) return false
      const user = await findReplyEmailRecipient(trx, userId)
      if (user?.email_replies !== 1 || user.disabled_at || !user.email) return false
      const replies = await findRepliesToEmail(trx, messageIds)
      if (replies.length === 0) return false
      const email = replyEmailOf(deps.config.publicBaseUrl, replies)
      await queueEmails(trx, [
        {
          id: newId(),
          org_id: user.org_id,
          dedupe_key: `replies:${userId}:${replies[0]!.id}`,
          to_address: user.email,
          ...email,
          status: 'pending',
          attempts: 0,
          last_error: deps.config.smtpUrl ? null : SMTP_URL_MISSING,
          due_at: until,
          lease_until: null,
          sent_at: null,
          created_at: until,
        },
      ])
      return true
    })
    if (made) queued += 1
  }
  return queued
}
