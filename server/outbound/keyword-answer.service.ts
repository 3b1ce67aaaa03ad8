import { keywordReplyText } from '../core/keyword-replies'
import type { KeywordAction } from '../core/opt-out-keywords'
import { errors } from '../errors'
import type { Message } from '../message/message.repository'
import { findOptOut } from '../opt-out/opt-out.repository'
import { getOrganization } from '../organization/organization.service'
import type { ServiceDeps } from '../service-deps'
import { recordRefusedMessage, type Sender, sendToRecipient } from './send.service'

/** A received keyword to answer: what it did, and where it came from and to. */
export interface KeywordAnswer {
  orgId: string
  /** The received text holding the keyword. */
  messageId: string
  action: KeywordAction
  /** The number that texted the keyword, and its person (the first, when several share it). */
  phone: string
  personId: string | null
  /** The connection and our number that received the keyword: the answer goes from them. */
  connectionId: string
  number: string
}

export type KeywordAnswerOutcome =
  | { sent: Message }
  | { refused: Message }
  | { skipped: 'answer turned off' | 'opted out' }

/** A refusal of the send path (a code of the catalogue), as opposed to a fault to report. */
export function refusalOf(error: unknown): { code: string; message: string } | null {
  if (!(error instanceof Error)) return null
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && code in errors ? { code, message: error.message } : null
}

/**
 * Answers a keyword once its text is stored: the organization's text for it (settings `stopReply`,
 * `startReply`, `helpReply`; empty, none) as an `auto_reply` sent like any text, from the number that
 * received the keyword on its connection, charged and in the billing log. The confirmation of an
 * opt-out names the text that opted the number out, the one exemption from the opt-out check
 * (`OptOutConfirmation`); HELP from a number opted out gets no answer. A refused send (no credits,
 * the connection gone...) is stored as a failed message with its reason; the keyword's own effect was
 * committed before and is never undone. Anything else throws, for the caller to report.
 */
export async function answerKeyword(deps: ServiceDeps, answer: KeywordAnswer): Promise<KeywordAnswerOutcome> {
  const db = deps.database.db
  const org = await getOrganization(db, answer.orgId)
  const body = keywordReplyText(org.settings, answer.action, org.name)
  if (body === null) return { skipped: 'answer turned off' }
  if (answer.action !== 'opt_out' && (await findOptOut(db, answer.orgId, answer.phone))) {
    return { skipped: 'opted out' }
  }
  const sender: Sender = { orgId: answer.orgId, userId: null }
  const input = {
    body,
    kind: 'auto_reply' as const,
    connectionId: answer.connectionId,
    from: answer.number,
  }
  try {
    const { message } = await sendToRecipient(
      deps,
      sender,
      // The answer is the whole text: no subject line, whatever the organization's option.
      { ...org, settings: { ...org.settings, sendSubject: false } },
      { phone: answer.phone, personId: answer.personId, label: answer.phone },
      input,
      answer.action === 'opt_out' ? { optOutMessageId: answer.messageId } : undefined,
    )
    return { sent: message }
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) throw error
    const refused = await recordRefusedMessage(deps, sender, {
      ...input,
      phone: answer.phone,
      personId: answer.personId,
      errorCode: refusal.code,
      errorMessage: refusal.message,
    })
    return { refused }
  }
}
