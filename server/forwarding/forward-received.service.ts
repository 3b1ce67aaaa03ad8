import { nowIso } from '../clock'
import { queueEmails } from '../email/email-outbox.repository'
import { newId } from '../ids'
import type { Message } from '../message/message.repository'
import { getOrganization } from '../organization/organization.service'
import { refusalOf } from '../outbound/keyword-answer.service'
import { recordRefusedMessage, type Sender, sendToRecipient } from '../outbound/send.service'
import type { ServiceDeps } from '../service-deps'
import { findForwardingRuleForNumber } from './forwarding.repository'

/** Queues one e-mail of the text to each address, once per text and address (see email/email-outbox.ts). */
async function queueForwardEmails(deps: ServiceDeps, text: ReceivedText, addresses: readonly string[]) {
  const now = nowIso(deps.clock)
  const link = `${deps.config.publicBaseUrl.replace(/\/$/, '')}/inbox/${text.conversationId}`
  await queueEmails(
    deps.database.db,
    addresses.map((address) => ({
      id: newId(),
      org_id: text.orgId,
      dedupe_key: `forward:${text.messageId}:${address}`,
      to_address: address,
      subject: `Text from ${text.from} to ${text.to}`,
      body: `From: ${text.from}\nTo: ${text.to}\nReceived: ${text.receivedAt}\n\n${text.body}\n\nConversation: ${link}\n`,
      status: 'pending' as const,
      attempts: 0,
      last_error: null,
      due_at: now,
      lease_until: null,
      sent_at: null,
      created_at: now,
    })),
  )
}

/** A text just stored, as forwarding needs it. */
export interface ReceivedText {
  orgId: string
  messageId: string
  conversationId: string
  connectionId: string
  /** The number that texted us, and our number it texted. */
  from: string
  to: string
  body: string
  receivedAt: string
}

export type ForwardOutcome = { sent: Message } | { refused: Message } | { skipped: 'no rule' | 'no mobile' }

/** The forwarded text: who sent it, then what they wrote. */
export function forwardedBody(text: Pick<ReceivedText, 'from' | 'body'>): string {
  return `Fwd from ${text.from}: ${text.body}`
}

/**
 * Forwards a received text to its number's rule's mobile once the text is stored: a `forward` sent
 * like any text, from the number that received it on its connection, charged and in the billing
 * log. A refused send (no credits, the mobile opted out...) is stored as a failed message with its
 * reason. Anything else throws, for the caller to report; the received text is already stored.
 */
export async function forwardReceived(deps: ServiceDeps, text: ReceivedText): Promise<ForwardOutcome> {
  const db = deps.database.db
  const rule = await findForwardingRuleForNumber(db, text.orgId, text.to)
  if (!rule) return { skipped: 'no rule' }
  await queueForwardEmails(deps, text, rule.emails)
  if (!rule.mobile) return { skipped: 'no mobile' }
  if (rule.mobile === text.from) return { skipped: 'no mobile' }
  const org = await getOrganization(db, text.orgId)
  const sender: Sender = { orgId: text.orgId, userId: null }
  const input = {
    body: forwardedBody(text),
    kind: 'forward' as const,
    connectionId: text.connectionId,
    from: text.to,
  }
  try {
    const { message } = await sendToRecipient(
      deps,
      sender,
      { ...org, settings: { ...org.settings, sendSubject: false } },
      { phone: rule.mobile, personId: null, label: rule.mobile },
      input,
    )
    return { sent: message }
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) throw error
    return {
      refused: await recordRefusedMessage(deps, sender, {
        ...input,
        phone: rule.mobile,
        personId: null,
        errorCode: refusal.code,
        errorMessage: refusal.message,
      }),
    }
  }
}
