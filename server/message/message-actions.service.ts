import { nowIso } from '../clock'
import type { ProviderResolver } from '../connection/provider-resolver'
import { isConversationDeleted } from '../conversation/conversation.repository'
import { refundMessage } from '../credit/credit.service'
import { errors, withDetails } from '../errors'
import { getOrganization } from '../organization/organization.service'
import { resolveRecipient } from '../outbound/recipient'
import { type Sender, sendMessage, sendToRecipient } from '../outbound/send.service'
import { mayHaveBeenSent, ProviderError } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import {
  findMessageIds,
  findMessageRow,
  findResendOf,
  type Message,
  rowToMessage,
  setMessagesDeletedAt,
  updateMessageIf,
} from './message.repository'
import type { MessageRow } from './message.table'

const CANCELLABLE = ['scheduled', 'queued'] as const

async function requireMessage(deps: ServiceDeps, orgId: string, id: string) {
  const row = await findMessageRow(deps.database.db, orgId, id)
  if (!row) throw new errors.MESSAGE_NOT_FOUND(id)
  return row
}

/**
 * Calls off a message a provider holds for later (provider-side scheduling). Nothing changes here
 * when the provider refuses or cannot be reached: the message is still where the provider says.
 */
async function cancelAtProvider(deps: CancelDeps, row: MessageRow, providerMessageId: string): Promise<void> {
  const provider = await deps.providers.forConnection(row.connection_id ?? '')
  if (!provider.scheduling) {
    throw new errors.MESSAGE_CANCEL_REFUSED(row.id, 'its connection no longer offers scheduling')
  }
  try {
    await provider.scheduling.cancel({ providerMessageId, reference: row.id })
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error
    // No usable answer (OUTCOME_UNKNOWN): the cancel may or may not have happened; try again.
    if (error.retryable || mayHaveBeenSent(error))
      throw new errors.PROVIDER_UNREACHABLE(row.id, error.message)
    throw new errors.MESSAGE_CANCEL_REFUSED(row.id, error.message)
  }
}

type CancelDeps = ServiceDeps & { providers: Pick<ProviderResolver, 'forConnection'> }

/**
 * Cancels a message that has not gone yet and refunds its credits. One a provider holds for its
 * time is called off there first; the provider's own "cancelled" report may land before we record
 * it, and then the message is already cancelled (and refunded) once.
 */
export async function cancelMessage(deps: CancelDeps, orgId: string, id: string): Promise<Message> {
  const row = await requireMessage(deps, orgId, id)
  const heldAtProvider = row.status === 'scheduled' && row.provider_message_id !== null
  if (heldAtProvider) await cancelAtProvider(deps, row, row.provider_message_id ?? '')
  const at = nowIso(deps.clock)
  const cancelled = await deps.database.db.transaction().execute(async (trx) => {
    const ok = await updateMessageIf(trx, id, CANCELLABLE, {
      status: 'cancelled',
      updated_at: at,
      next_attempt_at: null,
    })
    if (ok)
      await refundMessage(trx, deps.clock, {
        orgId,
        amount: row.credits,
        messageId: id,
        note: 'Cancelled before sending',
      })
    return ok
  })
  if (!cancelled) {
    const now = await requireMessage(deps, orgId, id)
    if (heldAtProvider && now.status === 'cancelled') return rowToMessage(now)
    throw new errors.MESSAGE_NOT_CANCELLABLE(id, now.status)
  }
  deps.events.emit('message.status_changed', {
    orgId,
    messageId: id,
    conversationId: row.conversation_id,
    status: 'cancelled',
    error: null,
  })
  return rowToMessage({ ...row, status: 'cancelled', updated_at: at })
}

/** Soft-deletes (or restores) messages; ids of another organization are reported as not found. */
export async function setMessagesDeleted(
  deps: ServiceDeps,
  orgId: string,
  ids: readonly string[],
  deleted: boolean,
): Promise<{ changed: number }> {
  const db = deps.database.db
  const found = await findMessageIds(db, orgId, ids)
  const missing = ids.find((id) => !found.has(id))
  if (missing) throw new errors.MESSAGE_NOT_FOUND(missing)
  return { changed: await setMessagesDeletedAt(db, orgId, ids, deleted ? nowIso(deps.clock) : null) }
}

/** What "resend failed" takes: never `unknown`, which may have reached the recipient (see `resendMessage`). */
const RESENDABLE = ['failed', 'undelivered']

/**
 * Resends failed messages: each becomes a new pending message (charged again) and the failed one
 * stays in the history, linked from the new one by `resentFromId`. A message whose outcome is
 * unknown is refused (MESSAGE_OUTCOME_UNKNOWN): it is resent only alone, with its confirmation.
 */
export async function resendMessages(
  deps: ServiceDeps,
  sender: Sender,
  ids: readonly string[],
): Promise<Message[]> {
  const rows = []
  for (const id of ids) rows.push(await requireResendable(deps, sender.orgId, id, false))
  return resendRows(deps, sender, rows)
}

/**
 * Resends one message. One whose outcome is unknown (a crash, or no answer from the provider, after
 * it was handed over) may have reached the recipient already: it is resent only with
 * `confirmUnknown`, once a person has checked with the recipient.
 */
export async function resendMessage(
  deps: ServiceDeps,
  sender: Sender,
  id: string,
  input: { confirmUnknown?: boolean | undefined },
): Promise<Message> {
  const row = await requireResendable(deps, sender.orgId, id, input.confirmUnknown === true)
  const [message] = await resendRows(deps, sender, [row])
  return message as Message
}

async function requireResendable(deps: ServiceDeps, orgId: string, id: string, confirmedUnknown: boolean) {
  const row = await requireMessage(deps, orgId, id)
  if (row.deleted_at) throw new errors.MESSAGE_DELETED(id)
  if (row.direction === 'outbound' && row.status === 'unknown' && !confirmedUnknown) {
    throw withDetails(new errors.MESSAGE_OUTCOME_UNKNOWN(id, row.to_number, id), { messageId: id })
  }
  const resendable = RESENDABLE.includes(row.status) || (row.status === 'unknown' && confirmedUnknown)
  if (row.direction !== 'outbound' || !resendable) throw new errors.MESSAGE_NOT_RESENDABLE(id, row.status)
  const already = await findResendOf(deps.database.db, id)
  if (already) throw new errors.MESSAGE_NOT_RESENDABLE(id, `already resent as ${already.id}`)
  return row
}

async function resendRows(
  deps: ServiceDeps,
  sender: Sender,
  rows: readonly MessageRow[],
): Promise<Message[]> {
  const org = await getOrganization(deps.database.db, sender.orgId)
  const sent: Message[] = []
  for (const row of rows) {
    const { message } = await sendToRecipient(
      deps,
      sender,
      { ...org, settings: { ...org.settings, sendSubject: false } },
      { phone: row.to_number, personId: row.person_id, label: row.to_number },
      {
        body: row.body,
        kind: row.kind === 'bulk' ? 'one_to_one' : (row.kind as 'one_to_one'),
        ...(row.connection_id ? { connectionId: row.connection_id } : {}),
        resentFromId: row.id,
      },
    )
    sent.push(message)
  }
  return sent
}

/** One reply per distinct sender of the chosen received messages. */
export async function replyToMessages(
  deps: ServiceDeps,
  sender: Sender,
  input: { messageIds: readonly string[]; body: string },
): Promise<Message[]> {
  const numbers = new Map<string, string | null>()
  for (const id of input.messageIds) {
    const row = await requireMessage(deps, sender.orgId, id)
    if (row.deleted_at) throw new errors.MESSAGE_DELETED(id)
    if (row.conversation_id && (await isConversationDeleted(deps.database.db, row.conversation_id)))
      throw new errors.CONVERSATION_DELETED(row.conversation_id)
    const phone = row.direction === 'inbound' ? row.from_number : row.to_number
    if (!numbers.has(phone)) numbers.set(phone, row.person_id)
  }
  const sent: Message[] = []
  for (const [phone, personId] of numbers) {
    const { message } = await sendMessage(deps, sender, {
      ...(personId ? { personId } : { to: phone }),
      body: input.body,
      kind: 'reply',
    })
    sent.push(message)
  }
  return sent
}

/** Forwards one message (its text, possibly edited) to people and/or numbers. */
export async function forwardMessage(
  deps: ServiceDeps,
  sender: Sender,
  input: {
    messageId: string
    body?: string | undefined
    personIds?: string[] | undefined
    numbers?: string[] | undefined
  },
): Promise<Message[]> {
  const row = await requireMessage(deps, sender.orgId, input.messageId)
  if (row.deleted_at) throw new errors.MESSAGE_DELETED(input.messageId)
  const targets = [
    ...(input.personIds ?? []).map((personId) => ({ personId })),
    ...(input.numbers ?? []).map((to) => ({ to })),
  ]
  if (targets.length === 0) throw new errors.REQUEST_INVALID('Forward needs at least one person or number')
  const org = await getOrganization(deps.database.db, sender.orgId)
  // Resolve every recipient first, so a bad one stops the forward before anything is sent.
  const recipients = []
  for (const target of targets)
    recipients.push(await resolveRecipient(deps.database.db, sender.orgId, org.settings, target))
  const sent: Message[] = []
  for (const recipient of recipients) {
    const { message } = await sendToRecipient(deps, sender, org, recipient, {
      body: input.body ?? row.body,
      kind: 'forward',
    })
    sent.push(message)
  }
  return sent
}
