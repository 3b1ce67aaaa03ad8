import { findNumberOwners } from '../connection/connection-number.repository'
import { isConversationDeleted } from '../conversation/conversation.repository'
import { getConversation, replyFromOf } from '../conversation/conversation.service'
import { errors, withDetails } from '../errors'
import { findResendOf, type Message } from '../message/message.repository'
import { requireVisibleMessageRow } from '../message/message.service'
import type { MessageRow } from '../message/message.table'
import { getOrganization } from '../organization/organization.service'
import type { ServiceDeps } from '../service-deps'
import { resolveRecipient } from './recipient'
import { type Sender, sendMessage, sendToRecipient } from './send.service'

/**
 * Sends made from a stored message: resending a failed one, replying to received ones, forwarding
 * one. Each is a new message sent through `send.service.ts`; the stored one is only read.
 */

/** The sender as a viewer: `ownOnly` for an outgoing-only user, who acts only on the texts they sent. */
type Actor = Sender & { ownOnly?: boolean }

function requireMessage(deps: ServiceDeps, actor: Actor, id: string) {
  return requireVisibleMessageRow(
    deps.database.db,
    { orgId: actor.orgId, userId: actor.userId ?? '', ownOnly: actor.ownOnly === true },
    id,
  )
}

/** What "resend failed" takes: never `unknown`, which may have reached the recipient (see `resendMessage`). */
const RESENDABLE = ['failed', 'undelivered']

/**
 * Resends failed messages: each becomes a new pending message (charged again), on the connection and
 * from the number the failed one used, and the failed one stays in the history, linked from the new
 * one by `resentFromId`. A message whose outcome is unknown is refused (MESSAGE_OUTCOME_UNKNOWN): it
 * is resent only alone, with its confirmation.
 */
export async function resendMessages(
  deps: ServiceDeps,
  sender: Actor,
  ids: readonly string[],
): Promise<Message[]> {
  const rows = []
  for (const id of ids) rows.push(await requireResendable(deps, sender, id, false))
  return resendRows(deps, sender, rows)
}

/**
 * Resends one message. One whose outcome is unknown (a crash, or no answer from the provider, after
 * it was handed over) may have reached the recipient already: it is resent only with
 * `confirmUnknown`, once a person has checked with the recipient.
 */
export async function resendMessage(
  deps: ServiceDeps,
  sender: Actor,
  id: string,
  input: { confirmUnknown?: boolean | undefined },
): Promise<Message> {
  const row = await requireResendable(deps, sender, id, input.confirmUnknown === true)
  const [message] = await resendRows(deps, sender, [row])
  return message as Message
}

async function requireResendable(deps: ServiceDeps, actor: Actor, id: string, confirmedUnknown: boolean) {
  const row = await requireMessage(deps, actor, id)
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

async function resendRows(deps: ServiceDeps, sender: Actor, rows: readonly MessageRow[]): Promise<Message[]> {
  const org = await getOrganization(deps.database.db, sender.orgId)
  const sent: Message[] = []
  for (const row of rows) {
    const stillOwned =
      row.connection_id !== null &&
      (await findNumberOwners(deps.database.db, sender.orgId, [row.from_number])).some(
        (o) => o.connectionId === row.connection_id,
      )
    const { message } = await sendToRecipient(
      deps,
      sender,
      { ...org, settings: { ...org.settings, sendSubject: false } },
      { phone: row.to_number, personId: row.person_id, label: row.to_number },
      {
        body: row.body,
        kind: row.kind === 'bulk' ? 'one_to_one' : (row.kind as 'one_to_one'),
        // the connection and number of the text it replaces (the number while the connection has it)
        ...(row.connection_id ? { connectionId: row.connection_id } : {}),
        ...(stillOwned ? { from: row.from_number } : {}),
        ...(row.repliable === 0 ? { repliable: false } : {}),
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
  sender: Actor,
  input: { messageIds: readonly string[]; body: string; connectionId?: string | undefined },
): Promise<Message[]> {
  const numbers = new Map<string, { personId: string | null; conversationId: string | null }>()
  for (const id of input.messageIds) {
    const row = await requireMessage(deps, sender, id)
    if (row.deleted_at) throw new errors.MESSAGE_DELETED(id)
    if (row.conversation_id && (await isConversationDeleted(deps.database.db, row.conversation_id)))
      throw new errors.CONVERSATION_DELETED(row.conversation_id)
    const phone = row.direction === 'inbound' ? row.from_number : row.to_number
    if (!numbers.has(phone))
      numbers.set(phone, { personId: row.person_id, conversationId: row.conversation_id })
  }
  const sent: Message[] = []
  for (const [phone, { personId, conversationId }] of numbers) {
    const { message } = await sendMessage(deps, sender, {
      ...(personId ? { personId } : { to: phone }),
      body: input.body,
      kind: 'reply',
      ...(await replyRoute(deps, sender.orgId, conversationId, input.connectionId)),
    })
    sent.push(message)
  }
  return sent
}

/**
 * The connection (and number) a reply goes out on: the one chosen, else the number the person
 * texted on its connection, else none given (routing decides, as for any text).
 */
async function replyRoute(
  deps: ServiceDeps,
  orgId: string,
  conversationId: string | null,
  chosen: string | undefined,
): Promise<{ connectionId?: string; from?: string }> {
  if (chosen) return { connectionId: chosen }
  const from = conversationId ? await replyFromOf(deps.database.db, orgId, conversationId) : undefined
  return from ? { connectionId: from.connectionId, from: from.number } : {}
}

/** A reply in a conversation, to its number (its one person, when exactly one has that mobile). */
export async function replyInConversation(
  deps: ServiceDeps,
  sender: Actor,
  conversationId: string,
  input: { id?: string | undefined; body: string; connectionId?: string | undefined },
): Promise<{ message: Message; created: boolean }> {
  // Sending is not viewing: the conversation is looked up as a full user would see it.
  const viewer = { orgId: sender.orgId, userId: sender.userId ?? '', ownOnly: false }
  const conversation = await getConversation(deps.database.db, viewer, conversationId)
  if (conversation.deletedAt) throw new errors.CONVERSATION_DELETED(conversationId)
  const holders = conversation.people.filter((p) => p.mobile === conversation.phone)
  const only = holders.length === 1 ? holders[0] : undefined
  return sendMessage(deps, sender, {
    ...(input.id ? { id: input.id } : {}),
    ...(only ? { personId: only.id } : { to: conversation.phone }),
    body: input.body,
    kind: 'reply',
    ...(await replyRoute(deps, sender.orgId, conversationId, input.connectionId)),
  })
}

/** Forwards one message (its text, possibly edited) to people and/or numbers. */
export async function forwardMessage(
  deps: ServiceDeps,
  sender: Actor,
  input: {
    messageId: string
    body?: string | undefined
    personIds?: string[] | undefined
    numbers?: string[] | undefined
  },
): Promise<Message[]> {
  const row = await requireMessage(deps, sender, input.messageId)
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
