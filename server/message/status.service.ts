import { nowIso } from '../clock'
import { nextStatus } from '../core/message-status'
import { refundMessage } from '../credit/credit.service'
import { announceNotifications, notifyUsers } from '../notification/notification.service'
import type { StatusUpdate } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { findMessageByProviderId, updateMessageIf } from './message.repository'

/** How long a report for an id not yet stored is kept trying, and the longest gap between tries. */
const EARLY_REPORT_PATIENCE_MS = 30_000
const EARLY_REPORT_MAX_GAP_MS = 500

/** The pause before the next look: 100, 200, 400 ms, then every 500 ms. */
export function earlyReportDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** attempt, EARLY_REPORT_MAX_GAP_MS)
}

/**
 * A report can arrive before the dispatcher has recorded the provider's id for the message (it records
 * acceptances in batches, and fast providers call back at once): look again a little later rather
 * than drop it, for 30 seconds in all (a busy machine can be slow to commit). The gap between looks
 * stays short, so a report is applied at most half a second after the id is stored, however late
 * that is. Reports for ids that never appear are dropped after the last try.
 */
function retryEarlyReport(
  deps: ServiceDeps,
  connectionId: string,
  update: StatusUpdate,
  attempt: number,
  waitedMs: number,
): void {
  const delay = earlyReportDelayMs(attempt)
  if (waitedMs + delay > EARLY_REPORT_PATIENCE_MS) return
  const timer = setTimeout(() => {
    applyStatusUpdates(deps, connectionId, [update], {
      attempt: attempt + 1,
      waitedMs: waitedMs + delay,
    }).catch(() => {})
  }, delay)
  timer.unref()
}

/**
 * The one path for provider status reports (webhooks, polls, the simulator). Each report goes
 * through `nextStatus`, so duplicates and late or out-of-order reports change nothing.
 * Returns how many messages changed.
 */
export async function applyStatusUpdates(
  deps: ServiceDeps,
  connectionId: string,
  updates: readonly StatusUpdate[],
  retry: { attempt: number; waitedMs: number } = { attempt: 0, waitedMs: 0 },
): Promise<number> {
  let changed = 0
  for (const update of updates) {
    const row = await findMessageByProviderId(deps.database.db, connectionId, update.providerMessageId)
    if (!row) {
      retryEarlyReport(deps, connectionId, update, retry.attempt, retry.waitedMs)
      continue
    }
    const status = nextStatus(row.status, update.status)
    if (!status) continue
    const at = nowIso(deps.clock)
    const failed = status === 'failed' || status === 'undelivered'
    const reason = failed ? (update.errorMessage ?? 'The provider could not deliver the message') : null
    const notifications = await deps.database.db.transaction().execute(async (trx) => {
      const ok = await updateMessageIf(trx, row.id, row.status, {
        status,
        updated_at: at,
        lease_until: null,
        ...(status === 'delivered' ? { delivered_at: update.at ?? at } : {}),
        ...(status === 'sent' && !row.sent_at ? { sent_at: update.at ?? at } : {}),
        ...(failed ? { failed_at: at, error_code: update.errorCode ?? null, error_message: reason } : {}),
      })
      // A held message called off at the provider never went: its credits come back.
      if (ok && status === 'cancelled') {
        await refundMessage(trx, deps.clock, {
          orgId: row.org_id,
          amount: row.credits,
          messageId: row.id,
          note: 'Cancelled before sending',
        })
      }
      if (!ok || !failed || !row.sender_user_id) return ok ? [] : null
      return notifyUsers(
        trx,
        [row.sender_user_id],
        {
          org_id: row.org_id,
          type: 'message.failed',
          message_id: row.id,
          conversation_id: row.conversation_id,
          title: `Text to ${row.to_number} was not delivered`,
          body: reason ?? '',
        },
        at,
      )
    })
    if (notifications === null) continue
    changed += 1
    deps.events.emit('message.status_changed', {
      orgId: row.org_id,
      messageId: row.id,
      conversationId: row.conversation_id,
      status,
      error: reason,
    })
    announceNotifications(deps.events, notifications)
  }
  return changed
}
