import type { Static } from 'typebox'
import type { NotificationSchema } from '../../common/api/notifications'
import { nowIso } from '../clock'
import type { Db } from '../db/database'
import type { EventBus } from '../events'
import { newId } from '../ids'
import type { Page, PageRequest } from '../pagination'
import type { RecordDeps } from '../service-deps'
import { clearNotifications, insertNotifications, listNotifications } from './notification.repository'
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

type Notification = Static<typeof NotificationSchema>

/** One page of the user's notifications, newest first (uncleared ones unless `includeCleared`). */
export async function notificationsOf(
  db: Db,
  user: { orgId: string; userId: string },
  includeCleared: boolean,
  page: PageRequest,
): Promise<Page<Notification>> {
  const rows = await listNotifications(db, { orgId: user.orgId, userId: user.userId, includeCleared }, page)
  return {
    items: rows.items.map((r) => ({
      id: r.id,
      type: r.type,
      messageId: r.message_id,
      conversationId: r.conversation_id,
      title: r.title,
      body: r.body,
      clearedAt: r.cleared_at,
      createdAt: r.created_at,
    })),
    nextCursor: rows.nextCursor,
  }
}

/** Clears some of the user's notifications, or all of them; returns how many were cleared. */
export async function clearNotificationsOf(
  deps: RecordDeps,
  user: { orgId: string; userId: string },
  ids: readonly string[] | 'all',
): Promise<{ cleared: number }> {
  const cleared = await clearNotifications(deps.db, {
    orgId: user.orgId,
    userId: user.userId,
    ids,
    at: nowIso(deps.clock),
  })
  return { cleared }
}
