import { nowIso } from '../clock'
import { findConnectionRow } from '../connection/connection.repository'
import { senderFor } from '../connection/sender'
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs, shouldRetry } from '../core/backoff'
import { nextStatus } from '../core/message-status'
import { refundMessage } from '../credit/credit.service'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { updateClaimedMessageIf, updateMessageIf } from '../message/message.repository'
import type { MessageRow } from '../message/message.table'
import {
  announceNotifications,
  type NewNotification,
  notifyUsers,
} from '../notification/notification.service'
import { mayHaveBeenSent, ProviderError, type SendResult } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { findActiveAdminIds } from '../user/user.repository'

function emitStatus(deps: ServiceDeps, row: MessageRow, status: string, error: string | null): void {
  deps.events.emit('message.status_changed', {
    orgId: row.org_id,
    messageId: row.id,
    conversationId: row.conversation_id,
    status,
    error,
  })
}

/** A message the provider took: `held` when it holds it to send at the message's time. */
export interface Acceptance {
  row: MessageRow
  result: SendResult
  held?: boolean
}

/** The provider accepted the message: store its id. A row a reconcile marked `unknown` is settled too. */
export async function recordAccepted(
  deps: ServiceDeps,
  row: MessageRow,
  result: SendResult,
  held = false,
): Promise<void> {
  await recordAcceptedBatch(deps, [{ row, result, held }])
}

/**
 * The row after an acceptance. A held message stays `scheduled` (cancellable through the provider)
 * with nothing left for the dispatcher to do; the provider's reports move it on at its time.
 */
function acceptedPatch({ result, held }: Acceptance, at: string): Partial<MessageRow> {
  const common = {
    provider_message_id: result.providerMessageId,
    lease_until: null,
    updated_at: at,
    error_code: null,
    error_message: null,
  }
  if (held) return { ...common, status: 'scheduled', next_attempt_at: null }
  const status = nextStatus('sending', result.status ?? 'sent') ?? 'sent'
  return { ...common, status, sent_at: at, ...(status === 'delivered' ? { delivered_at: at } : {}) }
}

/**
 * Several acceptances in one transaction: a dispatcher sending many messages pays one commit per
 * batch instead of one per message. Events go out after the commit.
 */
export async function recordAcceptedBatch(deps: ServiceDeps, accepted: readonly Acceptance[]): Promise<void> {
  if (accepted.length === 0) return
  const at = nowIso(deps.clock)
  const changed = await deps.database.db.transaction().execute(async (trx) => {
    const out: { row: MessageRow; status: string }[] = []
    for (const acceptance of accepted) {
      const patch = acceptedPatch(acceptance, at)
      const updated = await updateMessageIf(trx, acceptance.row.id, ['sending', 'unknown'], patch)
      if (updated) out.push({ row: acceptance.row, status: patch.status ?? 'sent' })
    }
    return out
  })
  for (const { row, status } of changed) emitStatus(deps, row, status, null)
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof ProviderError)
    return { code: error.providerCode ?? error.code, message: error.message }
  // The connection's settings no key opens: its texts fail (refunded) with what an admin must do.
  if (error instanceof errors.CONNECTION_CREDENTIALS_UNREADABLE)
    return { code: error.code, message: error.message }
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) }
}

/**
 * A send failed. Retryable provider errors go back to `queued` with backoff until the attempts run out;
 * anything else fails the message, refunds its credits (the provider never accepted it) and tells the sender.
 * Except when the provider may have taken it (`mayHaveBeenSent`: the connection was lost after the request
 * may have been written, no answer in time, an answer we could not read). Then it is never failed over, and
 * tried again only if the provider can be asked first whether it has it (`canLookUp`, see the dispatcher),
 * else its outcome is unknown (credits kept): never sent twice blindly.
 */
export async function recordFailure(
  deps: ServiceDeps,
  row: MessageRow,
  error: unknown,
  policy: BackoffPolicy,
  random: () => number,
  canLookUp: boolean,
): Promise<'retry' | 'failover' | 'failed'> {
  const now = deps.clock.now()
  const { code, message } = describe(error)
  if (mayHaveBeenSent(error)) {
    if (canLookUp && shouldRetry(row.attempts, policy)) {
      // OUTCOME_UNKNOWN on the row makes the next attempt ask the provider before sending.
      await updateMessageIf(deps.database.db, row.id, 'sending', {
        status: 'queued',
        lease_until: null,
        next_attempt_at: new Date(now.getTime() + retryDelayMs(row.attempts, policy, random)).toISOString(),
        error_code: 'OUTCOME_UNKNOWN',
        error_message: `Attempt ${row.attempts}: ${message}; the provider will be asked whether it has it before any resend`,
        updated_at: now.toISOString(),
      })
      return 'retry'
    }
    await recordUnknown(
      deps,
      row,
      `Outcome unknown: ${message}. The provider may have sent it; check before resending.`,
    )
    return 'failed'
  }
  if (error instanceof ProviderError && (await failOver(deps, row, error))) return 'failover'
  const retryable = error instanceof ProviderError && error.retryable
  if (retryable && shouldRetry(row.attempts, policy)) {
    const delay = retryDelayMs(row.attempts, policy, random, error.retryAfterMs)
    await updateMessageIf(deps.database.db, row.id, 'sending', {
      status: 'queued',
      lease_until: null,
      next_attempt_at: new Date(now.getTime() + delay).toISOString(),
      error_code: code,
      error_message: `Attempt ${row.attempts} failed: ${message}; retrying`,
      updated_at: now.toISOString(),
    })
    return 'retry'
  }
  const at = now.toISOString()
  const reason = retryable ? `${message} (gave up after ${row.attempts} attempts)` : message
  const notifications = await deps.database.db.transaction().execute(async (trx) => {
    const updated = await updateMessageIf(trx, row.id, 'sending', {
      status: 'failed',
      lease_until: null,
      failed_at: at,
      error_code: code,
      error_message: reason,
      updated_at: at,
    })
    if (!updated) return []
    await refundMessage(trx, deps.clock, {
      orgId: row.org_id,
      amount: row.credits,
      messageId: row.id,
      note: 'Not accepted by the provider',
    })
    if (!row.sender_user_id) return []
    return notifyUsers(
      trx,
      [row.sender_user_id],
      {
        org_id: row.org_id,
        type: 'message.failed',
        message_id: row.id,
        conversation_id: row.conversation_id,
        title: `Text to ${row.to_number} failed`,
        body: reason,
      },
      at,
    )
  })
  emitStatus(deps, row, 'failed', reason)
  announceNotifications(deps.events, notifications)
  return 'failed'
}

/**
 * Errors on the provider's side (outage, throttling, our account) that a second provider can get
 * round, each proving the first provider did not take the message. An OUTCOME_UNKNOWN never fails over
 * (it returns before this is asked): the first provider may have accepted the message, and sending it
 * through another could text the person twice.
 */
const FAILOVER_CODES = new Set([
  'UNAVAILABLE',
  'RATE_LIMITED',
  'AUTH_FAILED',
  'INSUFFICIENT_FUNDS',
  'INVALID_SENDER',
])

/** Moves the message to its connection's failover connection (once), to go out at once. */
async function failOver(deps: ServiceDeps, row: MessageRow, error: ProviderError): Promise<boolean> {
  if (!FAILOVER_CODES.has(error.code) || row.failover_from_connection_id || !row.connection_id) return false
  const db = deps.database.db
  const current = await findConnectionRow(db, row.connection_id)
  const target = current?.failover_connection_id
    ? await findConnectionRow(db, current.failover_connection_id)
    : undefined
  if (!current || !target || target.disabled_at || target.org_id !== row.org_id) return false
  const at = nowIso(deps.clock)
  return updateMessageIf(db, row.id, 'sending', {
    status: 'queued',
    connection_id: target.id,
    from_number: senderFor(
      { sender: target.sender, noReplySender: target.no_reply_sender },
      row.repliable === 1,
    ),
    failover_from_connection_id: current.id,
    attempts: 0,
    lease_until: null,
    next_attempt_at: at,
    error_code: error.providerCode ?? error.code,
    error_message: `${current.name} failed (${error.message}); sending through ${target.name} instead`,
    updated_at: at,
  })
}

export const OUTCOME_UNKNOWN =
  'Outcome unknown: sending stopped after the text was handed to the provider and before its answer was recorded. ' +
  'Check with the recipient, then resend it or leave it.'

/** A claim whose dispatcher died after its provider call began: it may or may not have gone. */
export async function recordUnknown(
  deps: ServiceDeps,
  row: MessageRow,
  reason = OUTCOME_UNKNOWN,
): Promise<void> {
  await recordUnknownBatch(deps, [row], reason)
}

/**
 * Marks claimed rows `unknown` (credits kept: they may have gone) in one transaction, each only if
 * it is still `sending` under the same claim, and tells people once per incident: one notification
 * per sender (the admins for texts nobody sent, e.g. through an API key) and connection, naming how
 * many texts, instead of one per text. Never resent blindly.
 */
export async function recordUnknownBatch(
  deps: ServiceDeps,
  rows: readonly MessageRow[],
  reason = OUTCOME_UNKNOWN,
): Promise<void> {
  if (rows.length === 0) return
  const at = nowIso(deps.clock)
  const { changed, notifications } = await deps.database.db.transaction().execute(async (trx) => {
    const changed: MessageRow[] = []
    for (const row of rows) {
      const updated = await updateClaimedMessageIf(trx, row, {
        status: 'unknown',
        lease_until: null,
        error_code: 'OUTCOME_UNKNOWN',
        error_message: reason,
        updated_at: at,
      })
      if (updated) changed.push(row)
    }
    const notifications = []
    for (const group of groupBy(
      changed,
      (r) => `${r.org_id} ${r.sender_user_id ?? ''} ${r.connection_id ?? ''}`,
    )) {
      const first = group[0]
      if (!first) continue
      const userIds = first.sender_user_id
        ? [first.sender_user_id]
        : await findActiveAdminIds(trx, first.org_id)
      notifications.push(...(await notifyUsers(trx, userIds, await unknownNotice(trx, group, reason), at)))
    }
    return { changed, notifications }
  })
  for (const row of changed) emitStatus(deps, row, 'unknown', reason)
  announceNotifications(deps.events, notifications)
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}

/**
 * One text: its own notification, linked to its conversation. Several: one notification naming
 * how many and through which connection, for the Failed view's "Outcome unknown" list.
 */
async function unknownNotice(db: Db, rows: readonly MessageRow[], reason: string): Promise<NewNotification> {
  const first = rows[0] as MessageRow
  if (rows.length === 1) {
    return {
      org_id: first.org_id,
      type: 'message.failed',
      message_id: first.id,
      conversation_id: first.conversation_id,
      title: `Text to ${first.to_number}: outcome unknown`,
      body: reason,
    }
  }
  const connection = first.connection_id ? await findConnectionRow(db, first.connection_id) : undefined
  const numbers = rows.slice(0, 3).map((r) => r.to_number)
  const more = rows.length - numbers.length
  const to = more > 0 ? `${numbers.join(', ')} and ${more} more` : numbers.join(', ')
  return {
    org_id: first.org_id,
    type: MESSAGES_UNKNOWN,
    message_id: null,
    conversation_id: null,
    title: `${rows.length} texts${connection ? ` through ${connection.name}` : ''} may or may not have gone`,
    body:
      `Sending stopped before the provider's answer was recorded (to ${to}). ` +
      'They are listed under Failed, "Outcome unknown": check with the recipients, then resend or leave each one.',
  }
}

/** The notification type of several texts whose outcome is unknown after one incident. */
export const MESSAGES_UNKNOWN = 'messages.unknown' as const

/**
 * The provider confirmed it never got the message: it can go again safely, at once, or at its
 * scheduled time when that is still ahead.
 */
export async function requeue(deps: ServiceDeps, row: MessageRow): Promise<void> {
  const at = nowIso(deps.clock)
  if (row.send_at && row.send_at > at) return backToSchedule(deps, row)
  await updateMessageIf(deps.database.db, row.id, 'sending', {
    status: 'queued',
    lease_until: null,
    next_attempt_at: at,
    updated_at: at,
  })
}

/** A claimed message whose time has not come goes back to Parley's scheduler, unsent. */
export async function backToSchedule(
  deps: ServiceDeps,
  row: MessageRow,
  error?: ProviderError,
): Promise<void> {
  const at = nowIso(deps.clock)
  await updateMessageIf(deps.database.db, row.id, 'sending', {
    status: 'scheduled',
    lease_until: null,
    next_attempt_at: row.send_at,
    updated_at: at,
    ...(error
      ? {
          error_code: mayHaveBeenSent(error) ? 'OUTCOME_UNKNOWN' : (error.providerCode ?? error.code),
          error_message: `The provider did not take it to hold (${error.message}); Parley will send it at its time`,
        }
      : {}),
  })
}

/** Errors of a handover that the send itself would meet at its time: the message fails now. */
const FAILS_AT_ANY_TIME = new Set(['INVALID_NUMBER', 'RECIPIENT_UNSUBSCRIBED'])

/**
 * A provider did not take a message to hold. Most often Parley simply keeps it and sends it at its
 * time. A recipient the provider refuses fails now, as it would then. When the provider may hold it
 * (`mayHaveBeenSent`), it goes back to Parley's scheduler only if the provider can be asked at its
 * time whether it has it (the row keeps OUTCOME_UNKNOWN, so the send asks first); else the outcome is
 * unknown (sending it again could text the person twice).
 */
export async function recordHandoverFailure(
  deps: ServiceDeps,
  row: MessageRow,
  error: unknown,
  canLookUp: boolean,
): Promise<void> {
  if (!(error instanceof ProviderError)) return backToSchedule(deps, row)
  if (FAILS_AT_ANY_TIME.has(error.code)) {
    // None of these is retried, so the backoff policy plays no part.
    await recordFailure(deps, row, error, DEFAULT_BACKOFF, Math.random, canLookUp)
    return
  }
  if (mayHaveBeenSent(error)) {
    if (canLookUp) return backToSchedule(deps, row, error)
    return recordUnknown(
      deps,
      row,
      `Outcome unknown: the provider gave no usable answer when asked to hold this scheduled text (${error.message}). It may send it at its time; check with the provider before cancelling or resending.`,
    )
  }
  return backToSchedule(deps, row, error)
}
