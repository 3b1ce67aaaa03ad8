import { MESSAGE_VIEWS, type MessageView } from '../core/message-status'
import { asStoredTime } from '../db/columns'
import { olderThan } from '../db/cursor'
import type { Db } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import { type Message, rowToMessage } from './message.repository'

export interface MessageListFilter {
  view: MessageView
  personId?: string | undefined
  conversationId?: string | undefined
  campaignId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  /** An outgoing-only viewer (seed 001): only the texts this user sent. */
  senderUserId?: string | undefined
}

/** The inbox message views (seed 002), newest first with keyset pagination. */
export async function listMessages(
  db: Db,
  orgId: string,
  filter: MessageListFilter,
  page: PageRequest,
): Promise<Page<Message & { personName: string | null; resentAsId: string | null }>> {
  let query = db
    .selectFrom('messages')
    .leftJoin('people', 'people.id', 'messages.person_id')
    .leftJoin('messages as resends', 'resends.resent_from_id', 'messages.id')
    .selectAll('messages')
    .select([
      'people.first_name as person_first_name',
      'people.last_name as person_last_name',
      'resends.id as resent_as_id',
    ])
    .where('messages.org_id', '=', orgId)
  if (filter.view === 'deleted') query = query.where('messages.deleted_at', 'is not', null)
  else query = query.where('messages.deleted_at', 'is', null)
  const statuses = MESSAGE_VIEWS[filter.view]
  if (statuses) query = query.where('messages.status', 'in', [...statuses])
  // a failed text that was resent has left the Failed view (seed 002): its copy stands for it
  if (filter.view === 'failed') query = query.where('resends.id', 'is', null)
  if (filter.personId) {
    const personId = filter.personId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('message_people')
          .select('message_people.message_id')
          .whereRef('message_people.message_id', '=', 'messages.id')
          .where('message_people.person_id', '=', personId),
      ),
    )
  }
  if (filter.conversationId) query = query.where('messages.conversation_id', '=', filter.conversationId)
  if (filter.senderUserId) query = query.where('messages.sender_user_id', '=', filter.senderUserId)
  if (filter.campaignId) query = query.where('messages.campaign_id', '=', filter.campaignId)
  if (filter.from) query = query.where('messages.created_at', '>=', asStoredTime(filter.from))
  if (filter.to) query = query.where('messages.created_at', '<', asStoredTime(filter.to))
  if (page.after) query = query.where(olderThan('messages', page.after))
  const rows = await query
    .orderBy('messages.created_at', 'desc')
    .orderBy('messages.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (row) => ({
    ...rowToMessage(row),
    resentAsId: row.resent_as_id,
    personName:
      row.person_first_name || row.person_last_name
        ? `${row.person_first_name ?? ''} ${row.person_last_name ?? ''}`.trim()
        : null,
  }))
}
