import { SMTP_URL_MISSING } from '../email/email-outbox'
import type { EmailOutboxTable } from '../email/email-outbox.table'
import { newId } from '../ids'
import type { Message } from '../message/message.repository'
import { getOrganization } from '../organization/organization.service'
import { refusalOf } from '../outbound/keyword-answer.service'
import { recordRefusedMessage, type Sender, sendToRecipient } from '../outbound/send.service'
import type { ServiceDeps } from '../service-deps'
import { type ForwardingRule, findForwardingRuleForNumber } from './forwarding.repository'

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
 * The e-mails of received texts for their numbers' rules, one per text and address (the dedupe key
 * makes a provider's retry queue nothing more), for the store's transaction to queue (see
 * inbound.service.ts): a text is never stored without them. Without an SMTP URL they are queued
 * with the reason they wait, for admins to see.
 */
export function forwardEmailsOf(
  deps: Pick<ServiceDeps, 'config'>,
  texts: readonly ReceivedText[],
  rules: readonly ForwardingRule[],
  at: string,
): EmailOutboxTable[] {
  const ruleOf = new Map(rules.map((rule) => [`${rule.orgId} ${rule.number}`, rule]))
  const base = deps.config.publicBaseUrl.replace(/\/$/, '')
  return texts.flatMap((text) =>
    (ruleOf.get(`${text.orgId} ${text.to}`)?.emails ?? []).map((address) => ({
      id: newId(),
      org_id: text.orgId,
      dedupe_key: `forward:${text.messageId}:${address}`,
      to_address: address,
      subject: `Text from ${text.from} to ${text.to}`,
      body: `From: ${text.from}\nTo: ${text.to}\nReceived: ${text.receivedAt}\n\n${text.body}\n\nConversation: ${base}/inbox/${text.conversationId}\n`,
      status: 'pending' as const,
      attempts: 0,
      last_error: deps.config.smtpUrl ? null : SMTP_URL_MISSING,
      due_at: at,
      lease_until: null,
      sent_at: null,
      created_at: at,
    })),
  )
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
