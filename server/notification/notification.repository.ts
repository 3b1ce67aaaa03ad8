import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { NotificationsTable } from './notification.table'

export async function insertNotifications(db: Db, rows: NotificationsTable[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('notifications').values(rows).execute()
}

/**
 * One page of a user's notifications, newest first. They are ordered by their time-ordered id, so of
 * the cursor's position only the id counts.
 */
export async function listNotifications(
  db: Db,
  input: { orgId: string; userId: string; includeCleared: boolean },
  page: PageRequest,
): Promise<Page<NotificationsTable>> {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('user_id', '=', input.userId)
  if (!input.includeCleared) query = query.where('cleared_at', 'is', null)
  if (page.after) query = query.where('id', '<', page.after.id)
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (row) => row)
}

export async function clearNotifications(
  db: Db,
  input: { orgId: string; userId: string; ids: readonly string[] | 'all'; at: string },
): Promise<number> {
  if (input.ids !== 'all' && input.ids.length === 0) return 0
  let query = db
    .updateTable('notifications')
    .set({ cleared_at: input.at })
    .where('org_id', '=', input.orgId)
    .where('user_id', '=', input.userId)
    .where('cleared_at', 'is', null)
  if (input.ids !== 'all') query = query.where('id', 'in', [...input.ids])
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows)
}
