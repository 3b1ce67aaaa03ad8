import { type SqlBool, sql } from 'kysely'
import { asStoredTime } from '../db/columns'
import { likeContains } from '../db/cursor'
import type { Db } from '../db/database'
import { decodeCursor, encodeCursor } from '../pagination'

export interface ConversationListFilter {
  userId: string
  scope: 'mine' | 'shared'
  unread?: boolean | undefined
  from?: string | undefined
  to?: string | undefined
  q?: string | undefined
  deleted?: boolean | undefined
  /** Sort by the last message of any kind (org setting), else by the last direct (non-bulk) one. */
  includeMarketed: boolean
}

/**
 * Conversations ordered by their last message, newest first (seed 001), with keyset pagination on
 * (sort time, id) so the first page is an index range scan even with 100,000 conversations.
 */
export async function listConversations(
  db: Db,
  orgId: string,
  filter: ConversationListFilter,
  page: { cursor?: string | undefined; limit: number },
) {
  const sortColumn = filter.includeMarketed ? 'c.last_message_at' : 'c.last_direct_message_at'
  let query = db
    .selectFrom('conversations as c')
    .leftJoin('people as p', 'p.id', 'c.person_id')
    .leftJoin('companies as co', 'co.id', 'p.company_id')
    .select([
      'c.id',
      'c.phone_e164',
      'c.person_id',
      'c.person_count',
      'c.last_message_at',
      'c.last_direct_message_at',
      'c.last_message_preview',
      'c.last_message_direction',
      'c.unread_count',
      'c.deleted_at',
      'c.created_at',
      'p.first_name',
      'p.last_name',
      'p.job_title',
      'p.email',
      'co.name as company_name',
    ])
    .where('c.org_id', '=', orgId)
    .where('c.deleted_at', filter.deleted ? 'is not' : 'is', null)
  if (filter.scope === 'mine') {
    const userId = filter.userId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversation_users as cu')
          .select('cu.user_id')
          .whereRef('cu.conversation_id', '=', 'c.id')
          .where('cu.user_id', '=', userId),
      ),
    )
  }
  if (filter.unread) query = query.where('c.unread_count', '>', 0)
  if (filter.from) query = query.where(sortColumn, '>=', asStoredTime(filter.from))
  if (filter.to) query = query.where(sortColumn, '<', asStoredTime(filter.to))
  if (filter.q) {
    const text = likeContains(filter.q.toLowerCase())
    query = query.where(
      sql<SqlBool>`(c.phone_e164 like ${text} escape '\\' or lower(p.first_name || ' ' || p.last_name) like ${text} escape '\\')`,
    )
  }
  const after = decodeCursor(page.cursor)
  if (after) {
    query = query.where(
      sql<SqlBool>`(${sql.ref(sortColumn)} < ${after.createdAt} or (${sql.ref(sortColumn)} = ${after.createdAt} and c.id < ${after.id}))`,
    )
  }
  const rows = await query
    .orderBy(sortColumn, 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  const more = rows.length > page.limit
  const kept = more ? rows.slice(0, page.limit) : rows
  const last = kept[kept.length - 1]
  const sortOf = (r: (typeof rows)[number]) =>
    filter.includeMarketed ? r.last_message_at : r.last_direct_message_at
  return {
    items: kept.map((r) => ({
      id: r.id,
      phone: r.phone_e164,
      personId: r.person_id,
      personCount: r.person_count,
      personName: r.first_name || r.last_name ? `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() : null,
      jobTitle: r.job_title,
      company: r.company_name,
      email: r.email,
      lastMessageAt: r.last_message_at,
      lastMessagePreview: r.last_message_preview,
      lastMessageDirection: r.last_message_direction,
      unreadCount: r.unread_count,
      deletedAt: r.deleted_at,
    })),
    nextCursor: more && last ? encodeCursor({ createdAt: sortOf(last), id: last.id }) : null,
  }
}
