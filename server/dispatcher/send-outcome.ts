import { nowIso } from '../clock'
import { findConnectionRow } from '../connection/connection.repository'
import { type BackoffPolicy, retryDelayMs, shouldRetry } from '../core/backoff'
import { nextStatus } from '../core/message-status'
import { refundMessage } from '../credit/credit.service'
import { updateMessageIf } from '../message/message.repository'
import type { MessageRow } from '../message/message.table'
import { announceNotifications, notifyUsers } from '../notification/notification.service'
import { ProviderError, type SendResult } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'

function emitStatus(deps: ServiceDeps, row: MessageRow, status: string, error: string | null): void {
  deps.events.emit('message.status_changed', {
    orgId: row.org_id,
    messageId: row.id,
    conversationId: row.conversation_id,
    status,
    error,
  })
}

/** The provider accepted the message: store its id. A row a reconcile marked `unknown` is settled too. */
export async function recordAccepted(deps: ServiceDeps, row: MessageRow, result: SendResult): Promise<void> {
  await recordAcceptedBatch(deps, [{ row, result }])
}

/**
 * Several acceptances in one transaction: a dispatcher sending many messages pays one commit per
 * batch instead of one per message. Events go out after the commit.
 */
export async function recordAcceptedBatch(
  deps: ServiceDeps,
  accepted: readonly { row: MessageRow; result: SendResult }[],
): Promise<void> {
  if (accepted.length === 0) return
  const at = nowIso(deps.clock)
  const changed = await deps.database.db.transaction().execute(async (trx) => {
    const out: { row: MessageRow; status: string }[] = []
    for (const { row, result } of accepted) {
      const status = nextStatus('sending', result.status ?? 'sent') ?? 'sent'
      const updated = await updateMessageIf(trx, row.id, ['sending', 'unknown'], {
        status,
        provider_message_id: result.providerMessageId,
        lease_until: null,
        sent_at: at,
        updated_at: at,
        error_code: null,
        error_message: null,
        ...(status === 'delivered' ? { delivered_at: at } : {}),
      })
      if (updated) out.push({ row, status })
    }
    return out
  })
  for (const { row, status } of changed) emitStatus(deps, row, status, null)
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof ProviderError)
    return { code: error.providerCode ?? error.code, message: error.message }
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) }
}

/**
 * A send failed. Retryable provider errors go back to `queued` with backoff until the attempts run out;
 * anything else fails the message, refunds its credits (the provider never accepted it) and tells the sender.
 */
export async function recordFailure(
  deps: ServiceDeps,
  row: MessageRow,
  error: unknown,
  policy: BackoffPolicy,
  random: () => number,
): Promise<'retry' | 'failover' | 'failed'> {
  const now = deps.clock.now()
  const { code, message } = describe(error)
  if (error instanceof ProviderError && error.code === 'MALFORMED_RESPONSE') {
    // The provider answered but we could not read it: it may have accepted the message.
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
 * round. A time-out is not one of them: the first provider may have accepted the message, and
 * sending it through another could text the person twice.
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
    from_number: target.sender,
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
  'Outcome unknown: sending stopped before the provider answer was recorded. ' +
  'Check with the recipient, then resend it or leave it.'

/** A claim whose lease ran out: the provider may or may not have it. Never resent blindly. */
export async function recordUnknown(
  deps: ServiceDeps,
  row: MessageRow,
  reason = OUTCOME_UNKNOWN,
): Promise<void> {
  const at = nowIso(deps.clock)
  const notifications = await deps.database.db.transaction().execute(async (trx) => {
    const updated = await updateMessageIf(trx, row.id, 'sending', {
      status: 'unknown',
      lease_until: null,
      error_code: 'OUTCOME_UNKNOWN',
      error_message: reason,
      updated_at: at,
    })
    if (!updated || !row.sender_user_id) return []
    return notifyUsers(
      trx,
      [row.sender_user_id],
      {
        org_id: row.org_id,
        type: 'message.failed',
        message_id: row.id,
        conversation_id: row.conversation_id,
        title: `Text to ${row.to_number}: outcome unknown`,
        body: reason,
      },
      at,
    )
  })
  emitStatus(deps, row, 'unknown', reason)
  announceNotifications(deps.events, notifications)
}

/** The provider confirmed it never got the message: it can go again safely. */
export async function requeue(deps: ServiceDeps, row: MessageRow): Promise<void> {
  const at = nowIso(deps.clock)
  await updateMessageIf(deps.database.db, row.id, 'sending', {
    status: 'queued',
    lease_until: null,
    next_attempt_at: at,
    updated_at: at,
  })
}
