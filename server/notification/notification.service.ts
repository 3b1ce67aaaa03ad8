import type { Db } from '../db/database'
import type { EventBus } from '../events'
import { newId } from '../ids'
import { insertNotifications } from './notification.repository'
import type { NotificationsTable } from './notification.table'

export type NewNotification = Omit<NotificationsTable, 'id' | 'cleared_at' | 'created_at' | 'user_id'>

/** Writes one notification per user inside the caller's transaction; returns them for `announce` after commit. */
export async function notifyUsers(
  trx: Db,
  userIds: readonly string[],
  notification: NewNotification,
  at: string,
): Promise<NotificationsTable[]> {
  const rows = [...new Set(userIds)].map((userId) => ({
    ...notification,
    id: newId(),
    user_id: userId,
    cleared_at: null,
    created_at: at,
  }))
  await insertNotifications(trx, rows)
  return rows
}

/** Emits the events for notifications once their transaction has committed. */
export function announceNotifications(events: EventBus, rows: readonly NotificationsTable[]): void {
  for (const row of rows) {
    events.emit('notification.created', {
      orgId: row.org_id,
      userId: row.user_id,
      notificationId: row.id,
      type: row.type,
    })
  }
}
