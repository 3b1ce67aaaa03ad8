import { nowIso } from '../clock'
import { nextStatus } from '../core/message-status'
import { announceNotifications, notifyUsers } from '../notification/notification.service'
import type { StatusUpdate } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { findMessageByProviderId, updateMessageIf } from './message.repository'

/**
 * The one path for provider status reports (webhooks, polls, the simulator). Each report goes
 * through `nextStatus`, so duplicates and late or out-of-order reports change nothing.
 * Returns how many messages changed.
 */
export async function applyStatusUpdates(
  deps: ServiceDeps,
  connectionId: string,
  updates: readonly StatusUpdate[],
): Promise<number> {
  let changed = 0
  for (const update of updates) {
    const row = await findMessageByProviderId(deps.database.db, connectionId, update.providerMessageId)
    if (!row) continue
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
