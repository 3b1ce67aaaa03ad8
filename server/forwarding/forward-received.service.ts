import type { Message } from '../message/message.repository'
import { getOrganization } from '../organization/organization.service'
import { refusalOf } from '../outbound/keyword-answer.service'
import { recordRefusedMessage, type Sender, sendToRecipient } from '../outbound/send.service'
import type { ServiceDeps } from '../service-deps'
import { findForwardingRuleForNumber } from './forwarding.repository'

/** A text just stored, as forwarding needs it. */
export interface ReceivedText {
  orgId: string
  messageId: string
  connectionId: string
  /** The number that texted us, and our number it texted. */
  from: string
  to: string
  body: string
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
