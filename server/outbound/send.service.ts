import { senderFor } from '../connection/sender'
import {
  addConversationUser,
  recordConversationMessage,
  upsertConversation,
} from '../conversation/conversation.repository'
import { parseDateTime } from '../core/dates'
import { parsePhone } from '../core/phone'
import { quietHoursSendTime, recipientTimeZone } from '../core/quiet-hours'
import { countSegments, creditsFor } from '../core/segments'
import { debitForMessage } from '../credit/credit.service'
import type { Db } from '../db/database'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import { newId } from '../ids'
import {
  findMessageRow,
  insertMessage,
  linkMessagePeople,
  type Message,
  rowToMessage,
} from '../message/message.repository'
import type { MessagesTable } from '../message/message.table'
import { findOptOut } from '../opt-out/opt-out.repository'
import type { Organization } from '../organization/organization.repository'
import { getOrganization } from '../organization/organization.service'
import { chooseRoute } from '../routing/routing.service'
import type { ServiceDeps } from '../service-deps'
import { type Recipient, resolveRecipient } from './recipient'

const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000

/**
 * The texts a user writes go out from their reply number (their own, else their office's) when no
 * connection is chosen. A reply goes from the number the person texted, and an automatic answer from
 * the number that received the keyword, instead (both name their connection and number).
 */
const USES_REPLY_NUMBER: ReadonlySet<NonNullable<SendInput['kind']>> = new Set([
  'one_to_one',
  'forward',
  'bulk',
])

export interface SendInput {
  /** Client-chosen id (UUID): sending the same request again returns the same message. */
  id?: string
  personId?: string
  to?: string
  body: string
  subject?: string | null
  repliable?: boolean
  connectionId?: string
  /** Our number on `connectionId` to send from: a reply goes from the number the person texted. */
  from?: string
  sendAt?: string
  kind?: 'one_to_one' | 'reply' | 'forward' | 'workflow' | 'bulk' | 'auto_reply'
  campaignId?: string | null
  resentFromId?: string | null
  /** Send at once even inside the recipient's quiet hours; the reason is required and stored. */
  quietHoursOverride?: { reason: string }
}

export interface Sender {
  orgId: string
  userId: string | null
}

/** The text that goes out: the subject becomes the first line when the organization says so. */
export function composeText(org: Organization, body: string, subject: string | null | undefined): string {
  return org.settings.sendSubject && subject ? `${subject}\n${body}` : body
}

function checkSendAt(sendAt: string | undefined, now: Date): string | null {
  if (sendAt === undefined) return null
  const parsed = parseDateTime(sendAt)
  if (!parsed.ok) throw new errors.MESSAGE_SCHEDULE_INVALID(`"${sendAt}" ${parsed.reason}`)
  const at = parsed.date
  if (at.getTime() <= now.getTime()) throw new errors.MESSAGE_SCHEDULE_INVALID(`${sendAt} is in the past`)
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) {
    throw new errors.MESSAGE_SCHEDULE_INVALID(`${sendAt} is more than a year ahead`)
  }
  return at.toISOString()
}

/**
 * When a text may go: never inside the organization's quiet hours in the recipient's time zone (the
 * person's own, else their number's country's), whether it was asked for now or for later; then it
 * is held (`scheduled`) until they end. Two exceptions go at the wanted time: the automatic answer to
 * STOP/START/HELP (the person has just texted), and a send whose sender overrode quiet hours with a
 * reason. Returns the `send_at` to store: null for "now".
 */
export function applyQuietHours(
  sendAt: string | null,
  now: Date,
  org: Organization,
  recipient: Recipient,
  input: Pick<SendInput, 'kind' | 'quietHoursOverride'>,
): string | null {
  if (input.kind === 'auto_reply' || input.quietHoursOverride) return sendAt
  const { at, held } = quietHoursSendTime({
    wanted: sendAt ? new Date(sendAt) : now,
    timeZone: recipientTimeZone(recipient.timeZone, parsePhone(recipient.phone).country),
    quiet: org.settings.quietHours,
  })
  return held ? at.toISOString() : sendAt
}

function checkOverride(input: SendInput): string | null {
  if (!input.quietHoursOverride) return null
  const reason = input.quietHoursOverride.reason.trim()
  if (reason === '') throw new errors.QUIET_HOURS_OVERRIDE_REASON_MISSING()
  return reason
}

const RESENT_FROM_KEY = { table: 'messages', column: 'resent_from_id', index: 'messages_resent_from_idx' }
const MESSAGE_ID_KEY = { table: 'messages', column: 'id', index: 'messages_pkey' }

/**
 * The message sent before with a client's `id`, when it is the same text (a retried request);
 * MESSAGE_ID_CONFLICT when the id is taken by another message (another organization's included).
 */
async function sentBefore(
  db: Db,
  orgId: string,
  id: string,
  body: string,
): Promise<{ message: Message; created: false } | undefined> {
  const existing = await findMessageRow(db, orgId, id)
  if (!existing) return undefined
  if (existing.body !== body && !existing.body.endsWith(`\n${body}`)) throw new errors.MESSAGE_ID_CONFLICT(id)
  return { message: rowToMessage(existing), created: false }
}

/**
 * Sends (or schedules) one message: checks the recipient, opt-out, length and schedule, then in ONE
 * transaction debits the credits and inserts the message as `queued` or `scheduled`. The dispatcher
 * takes it from there. No credits, no row.
 */
export async function sendMessage(
  deps: ServiceDeps,
  sender: Sender,
  input: SendInput,
): Promise<{ message: Message; created: boolean }> {
  const db = deps.database.db
  if (input.id) {
    const existing = await sentBefore(db, sender.orgId, input.id, input.body)
    if (existing) return existing
  }
  const org = await getOrganization(db, sender.orgId)
  const recipient = await resolveRecipient(db, sender.orgId, org.settings, input)
  return sendToRecipient(deps, sender, org, recipient, input)
}

/**
 * A send whose transaction failed on a key that was checked before it: a request at the same moment
 * got in between. Answers as the later request would have been answered; rethrows anything else.
 */
async function answerKeyClash(
  db: Db,
  orgId: string,
  input: SendInput,
  error: unknown,
): Promise<{ message: Message; created: false }> {
  if (input.resentFromId && isUniqueViolation(error, RESENT_FROM_KEY)) {
    throw new errors.MESSAGE_NOT_RESENDABLE(input.resentFromId, 'already resent')
  }
  if (input.id && isUniqueViolation(error, MESSAGE_ID_KEY)) {
    const existing = await sentBefore(db, orgId, input.id, input.body)
    if (existing) return existing
    throw new errors.MESSAGE_ID_CONFLICT(input.id)
  }
  throw error
}

/**
 * The one send an opted-out number may receive: the confirmation of the opt-out itself, naming the
 * received text (STOP...) that opted it out (see outbound/keyword-answer.service.ts).
 */
export interface OptOutConfirmation {
  optOutMessageId: string
}

/**
 * Whether the number's opt-out lets this send through: only an automatic answer confirming the very
 * text that opted the number out, so a later opt-out, a manual one, or any other text is refused.
 */
function confirmsThisOptOut(
  optOut: { messageId: string | null },
  input: SendInput,
  confirmation: OptOutConfirmation | undefined,
): boolean {
  return (
    confirmation !== undefined &&
    input.kind === 'auto_reply' &&
    optOut.messageId !== null &&
    optOut.messageId === confirmation.optOutMessageId
  )
}

export async function sendToRecipient(
  deps: ServiceDeps,
  sender: Sender,
  org: Organization,
  recipient: Recipient,
  input: SendInput,
  confirmation?: OptOutConfirmation,
): Promise<{ message: Message; created: boolean }> {
  const db = deps.database.db
  const now = deps.clock.now()
  const optOut = await findOptOut(db, sender.orgId, recipient.phone)
  if (optOut && !confirmsThisOptOut(optOut, input, confirmation))
    throw new errors.RECIPIENT_OPTED_OUT(recipient.label, optOut.keyword ?? 'opted out')
  const text = composeText(org, input.body, input.subject)
  if (text.trim() === '') throw new errors.MESSAGE_BODY_EMPTY()
  const count = countSegments(text)
  if (count.segments > org.settings.maxSegments)
    throw new errors.MESSAGE_TOO_LONG(count.segments, org.settings.maxSegments)
  const overrideReason = checkOverride(input)
  const sendAt = applyQuietHours(checkSendAt(input.sendAt, now), now, org, recipient, input)
  const kind = input.kind ?? 'one_to_one'
  const repliable = input.repliable !== false
  const { connection, number } = await chooseRoute(db, {
    orgId: sender.orgId,
    connectionId: input.connectionId,
    senderUserId: sender.userId,
    phone: recipient.phone,
    replyNumberOf: USES_REPLY_NUMBER.has(kind) ? sender.userId : null,
  })
  const credits = creditsFor(count.segments, org.settings.creditsPerSegment)
  const at = now.toISOString()
  const id = input.id ?? newId()

  const draft: Omit<MessagesTable, 'conversation_id'> = {
    id,
    org_id: sender.orgId,
    direction: 'outbound',
    kind,
    status: sendAt ? 'scheduled' : 'queued',
    person_id: recipient.personId,
    to_number: recipient.phone,
    from_number:
      input.from && input.connectionId === connection.id && repliable
        ? input.from
        : senderFor(connection, repliable, number),
    subject: input.subject ?? null,
    body: text,
    body_cleaned: 0,
    encoding: count.encoding,
    segments: count.segments,
    credits,
    repliable: input.repliable === false ? 0 : 1,
    campaign_id: input.campaignId ?? null,
    sender_user_id: sender.userId,
    connection_id: connection.id,
    provider_message_id: null,
    send_at: sendAt,
    attempts: 0,
    next_attempt_at: sendAt ?? at,
    lease_until: null,
    error_code: null,
    error_message: null,
    resent_from_id: input.resentFromId ?? null,
    quiet_hours_override_reason: overrideReason,
    failover_from_connection_id: null,
    deleted_at: null,
    created_at: at,
    updated_at: at,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
  }
  let row: MessagesTable
  try {
    row = await db.transaction().execute(async (trx) => {
      const conversation = await upsertConversation(trx, { orgId: sender.orgId, phone: recipient.phone, at })
      await debitForMessage(trx, deps.clock, {
        orgId: sender.orgId,
        amount: credits,
        messageId: id,
        userId: sender.userId,
      })
      const message: MessagesTable = { ...draft, conversation_id: conversation.id }
      await insertMessage(trx, message)
      if (recipient.personId) await linkMessagePeople(trx, id, [recipient.personId])
      await recordConversationMessage(trx, {
        conversationId: conversation.id,
        at,
        preview: text,
        direction: 'outbound',
        direct: input.kind !== 'bulk',
        unread: false,
        ...(recipient.personId && conversation.person_id === null
          ? { people: { personId: recipient.personId, count: Math.max(1, conversation.person_count) } }
          : {}),
      })
      if (sender.userId) {
        await addConversationUser(trx, {
          conversationId: conversation.id,
          userId: sender.userId,
          orgId: sender.orgId,
          role: 'outgoing',
          at,
        })
      }
      return message
    })
  } catch (error) {
    return answerKeyClash(db, sender.orgId, input, error)
  }
  deps.events.emit('message.created', {
    orgId: sender.orgId,
    messageId: row.id,
    conversationId: row.conversation_id,
    direction: 'outbound',
  })
  return { message: rowToMessage(row), created: true }
}

/**
 * A text that was to go out without anyone pressing send (the answer to a keyword) and was refused
 * (no credits, no connection...): stored as `failed` with the refusal's code and reason, charged
 * nothing, in the conversation of its number, so the Failed view and the conversation show it.
 */
export async function recordRefusedMessage(
  deps: ServiceDeps,
  sender: Sender,
  input: {
    phone: string
    personId: string | null
    body: string
    kind: NonNullable<SendInput['kind']>
    connectionId: string
    from: string
    errorCode: string
    errorMessage: string
  },
): Promise<Message> {
  const db = deps.database.db
  const at = deps.clock.now().toISOString()
  const count = countSegments(input.body)
  const row = await db.transaction().execute(async (trx) => {
    const conversation = await upsertConversation(trx, { orgId: sender.orgId, phone: input.phone, at })
    const message: MessagesTable = {
      id: newId(),
      org_id: sender.orgId,
      direction: 'outbound',
      kind: input.kind,
      status: 'failed',
      conversation_id: conversation.id,
      person_id: input.personId,
      to_number: input.phone,
      from_number: input.from,
      subject: null,
      body: input.body,
      body_cleaned: 0,
      encoding: count.encoding,
      segments: count.segments,
      credits: 0,
      repliable: 1,
      campaign_id: null,
      sender_user_id: sender.userId,
      connection_id: input.connectionId,
      provider_message_id: null,
      send_at: null,
      attempts: 0,
      next_attempt_at: null,
      lease_until: null,
      error_code: input.errorCode,
      error_message: input.errorMessage,
      resent_from_id: null,
      failover_from_connection_id: null,
      deleted_at: null,
      created_at: at,
      updated_at: at,
      sent_at: null,
      delivered_at: null,
      failed_at: at,
    }
    await insertMessage(trx, message)
    if (input.personId) await linkMessagePeople(trx, message.id, [input.personId])
    return message
  })
  deps.events.emit('message.created', {
    orgId: sender.orgId,
    messageId: row.id,
    conversationId: row.conversation_id,
    direction: 'outbound',
  })
  return rowToMessage(row)
}
