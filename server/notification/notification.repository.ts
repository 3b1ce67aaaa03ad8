import type { Db } from '../db/database'
import type { NotificationsTable } from './notification.table'

export async function insertNotifications(db: Db, rows: NotificationsTable[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('notifications').values(rows).execute()
}

export async function listNotifications(
  db: Db,
  input: { orgId: string; userId: string; includeCleared: boolean; before?: string; limit: number },
) {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('user_id', '=', input.userId)
  if (!input.includeCleared) query = query.where('cleared_at', 'is', null)
  if (input.before) query = query.where('id', '<', input.before)
  return query.orderBy('id', 'desc').limit(input.limit).execute()
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
