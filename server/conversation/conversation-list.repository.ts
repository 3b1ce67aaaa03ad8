import { type SqlBool, sql } from 'kysely'
import { asStoredTime } from '../db/columns'
import { likeContains } from '../db/cursor'
import type { Db } from '../db/database'
import { decodeCursor, encodeCursor } from '../pagination'
import { NO_DIRECT_MESSAGE } from './conversation.repository'

export interface ConversationListFilter {
  userId: string
  /**
   * An outgoing-only user (seed 001): only conversations where they sent a text, sorted by and
   * previewing the last text they sent, with no unread count (replies are not theirs to see).
   */
  ownOnly: boolean
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
  if (filter.ownOnly && filter.unread) return { items: [], nextCursor: null }
  const ownTexts = sql`from messages m where m.conversation_id = c.id and m.sender_user_id = ${filter.userId} and m.deleted_at is null`
  const ownLastAt = sql<string | null>`(select max(m.created_at) ${ownTexts})`
  const ownLastBody = sql<
    string | null
  >`(select m.body ${ownTexts} order by m.created_at desc, m.id desc limit 1)`
  const sortBy = filter.ownOnly ? ownLastAt : sql.ref(sortColumn)
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
      (filter.ownOnly ? ownLastAt : sql<string | null>`null`).as('own_last_at'),
      (filter.ownOnly ? ownLastBody : sql<string | null>`null`).as('own_last_body'),
    ])
    .where('c.org_id', '=', orgId)
    .where('c.deleted_at', filter.deleted ? 'is not' : 'is', null)
  if (filter.ownOnly) query = query.where(sql<SqlBool>`${ownLastAt} is not null`)
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
  if (filter.from) query = query.where(sql<SqlBool>`${sortBy} >= ${asStoredTime(filter.from)}`)
  if (filter.to) query = query.where(sql<SqlBool>`${sortBy} < ${asStoredTime(filter.to)}`)
  if (filter.q) {
    const text = likeContains(filter.q.toLowerCase())
    query = query.where(
      sql<SqlBool>`(c.phone_e164 like ${text} escape '\\' or lower(p.first_name || ' ' || p.last_name) like ${text} escape '\\')`,
    )
  }
  const after = decodeCursor(page.cursor)
  if (after) {
    query = query.where(
      sql<SqlBool>`(${sortBy} < ${after.createdAt} or (${sortBy} = ${after.createdAt} and c.id < ${after.id}))`,
    )
  }
  const rows = await query
    .orderBy(sortBy, 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  const more = rows.length > page.limit
  const kept = more ? rows.slice(0, page.limit) : rows
  const last = kept[kept.length - 1]
  const sortOf = (r: (typeof rows)[number]) =>
    filter.ownOnly
      ? (r.own_last_at ?? '')
      : filter.includeMarketed
        ? r.last_message_at
        : r.last_direct_message_at
  // the time the list sorts by, so the times shown run in order; a conversation with only bulk
  // texts (sorted last) shows its last text's time
  const shownTime = (r: (typeof rows)[number]) => {
    const sortTime = sortOf(r)
    return sortTime && sortTime !== NO_DIRECT_MESSAGE ? sortTime : r.last_message_at
  }
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
      lastMessageAt: shownTime(r),
      lastMessagePreview: filter.ownOnly ? (r.own_last_body ?? '').slice(0, 160) : r.last_message_preview,
      lastMessageDirection: filter.ownOnly ? 'outbound' : r.last_message_direction,
      unreadCount: filter.ownOnly ? 0 : r.unread_count,
      deletedAt: r.deleted_at,
    })),
    nextCursor: more && last ? encodeCursor({ createdAt: sortOf(last), id: last.id }) : null,
  }
}
