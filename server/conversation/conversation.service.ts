import { nowIso } from '../clock'
import { findConnection } from '../connection/connection.repository'
import type { Viewer } from '../core/association'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { listMessages } from '../message/message-list.repository'
import { getOrganization } from '../organization/organization.service'
import { pageRequest } from '../pagination'
import type { ServiceDeps } from '../service-deps'
import { findUserById } from '../user/user.repository'
import {
  addConversationUser,
  clearConversationUnread,
  findAssociatedUsers,
  findConversationNumber,
  findConversationPeople,
  findConversationRow,
  findPeopleWithMobile,
  hasOwnText,
  listConversationUsers,
  removeConversationUser,
  setConversationDeletedAt,
} from './conversation.repository'
import { type ConversationListFilter, listConversations } from './conversation-list.repository'

/**
 * A page of the conversations the user sees, the most recent first, sorted as the organization's
 * "include marketed when sorting" setting says.
 */
export async function listConversationsFor(
  db: Db,
  viewer: Viewer,
  filter: Omit<ConversationListFilter, 'userId' | 'includeMarketed' | 'ownOnly'>,
  page: { cursor?: string | undefined; limit: number },
) {
  const org = await getOrganization(db, viewer.orgId)
  return listConversations(
    db,
    viewer.orgId,
    {
      ...filter,
      userId: viewer.userId,
      ownOnly: viewer.ownOnly,
      includeMarketed: org.settings.includeMarketedWhenSorting,
    },
    page,
  )
}

/**
 * The conversation, when the viewer may see it: an outgoing-only user sees only those they sent a
 * text in. Anything else is CONVERSATION_NOT_FOUND, so its existence does not show.
 */
async function requireVisibleConversation(db: Db, viewer: Viewer, id: string) {
  const row = await findConversationRow(db, viewer.orgId, id)
  if (!row || (viewer.ownOnly && !(await hasOwnText(db, id, viewer.userId))))
    throw new errors.CONVERSATION_NOT_FOUND(id)
  return row
}

/**
 * A page of the conversation's history, oldest first within the page; `nextCursor` pages back to
 * older messages. The conversation is looked up before the cursor is read.
 */
export async function listConversationMessages(
  db: Db,
  viewer: Viewer,
  id: string,
  page: Parameters<typeof pageRequest>[0],
) {
  const conversation = await requireVisibleConversation(db, viewer, id)
  const listed = await listMessages(
    db,
    viewer.orgId,
    {
      view: 'all',
      conversationId: conversation.id,
      ...(viewer.ownOnly ? { senderUserId: viewer.userId } : {}),
    },
    pageRequest(page),
  )
  return { items: listed.items.reverse(), nextCursor: listed.nextCursor }
}

/** Where a reply in the conversation goes from, as the inbox shows it. */
export interface ReplyFrom {
  connectionId: string
  connectionName: string
  number: string
}

/**
 * The connection and number of the conversation's latest text, while that connection can still
 * send; a reply goes from the number the person texted. Undefined when it cannot (no text went
 * through a connection, or it was since deleted or disabled): the send is then routed as any other.
 */
export async function replyFromOf(
  db: Db,
  orgId: string,
  conversationId: string,
): Promise<ReplyFrom | undefined> {
  const latest = await findConversationNumber(db, orgId, conversationId)
  if (!latest) return undefined
  const connection = await findConnection(db, orgId, latest.connectionId)
  if (!connection || connection.disabledAt) return undefined
  return { connectionId: connection.id, connectionName: connection.name, number: latest.number }
}

/**
 * The conversation with its record card: the person, job title, company and contact details, and the
 * users associated with them. An outgoing-only viewer sees no unread count (replies are not theirs).
 */
export async function getConversation(db: Db, viewer: Viewer, id: string) {
  const orgId = viewer.orgId
  const row = await requireVisibleConversation(db, viewer, id)
  const people = await findConversationPeople(db, id)
  const current = await findPeopleWithMobile(db, orgId, row.phone_e164)
  const byId = new Map([...people, ...current].map((p) => [p.id, p]))
  const users = await listConversationUsers(db, id)
  const associated = await findAssociatedUsers(db, orgId, id)
  return {
    id: row.id,
    phone: row.phone_e164,
    unreadCount: viewer.ownOnly ? 0 : row.unread_count,
    lastMessageAt: row.last_message_at,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
    /** More than one person shares this number: the UI flags it. */
    sharedNumber: byId.size > 1,
    people: [...byId.values()].map((p) => ({
      id: p.id,
      name: `${p.first_name} ${p.last_name}`.trim(),
      kind: p.kind,
      jobTitle: p.job_title,
      company: p.company,
      email: p.email,
      mobile: p.mobile_e164,
    })),
    users: users.map((u) => ({ userId: u.user_id, role: u.role })),
    associatedUsers: associated.map((u) => ({
      userId: u.id,
      name: u.name,
      associationTypes: [
        ...(u.association_incoming ? (['incoming'] as const) : []),
        ...(u.association_outgoing ? (['outgoing'] as const) : []),
      ],
    })),
    replyFrom: (await replyFromOf(db, orgId, id)) ?? null,
  }
}

export async function markConversationRead(deps: ServiceDeps, viewer: Viewer, id: string): Promise<void> {
  const orgId = viewer.orgId
  await requireVisibleConversation(deps.database.db, viewer, id)
  if (!(await clearConversationUnread(deps.database.db, orgId, id)))
    throw new errors.CONVERSATION_NOT_FOUND(id)
  deps.events.emit('conversation.updated', { orgId, conversationId: id })
}

export async function setConversationDeleted(
  deps: ServiceDeps,
  viewer: Viewer,
  id: string,
  deleted: boolean,
) {
  const orgId = viewer.orgId
  await requireVisibleConversation(deps.database.db, viewer, id)
  const deletedAt = deleted ? nowIso(deps.clock) : null
  if (!(await setConversationDeletedAt(deps.database.db, orgId, id, deletedAt)))
    throw new errors.CONVERSATION_NOT_FOUND(id)
  deps.events.emit('conversation.updated', { orgId, conversationId: id })
}

/** Makes a user an incoming user of the conversation (told of replies), or stops it. */
export async function setIncomingUser(
  deps: ServiceDeps,
  viewer: Viewer,
  input: { conversationId: string; userId: string; on: boolean },
): Promise<void> {
  const db = deps.database.db
  const orgId = viewer.orgId
  await requireVisibleConversation(db, viewer, input.conversationId)
  if (!(await findUserById(db, orgId, input.userId))) throw new errors.USER_NOT_FOUND(input.userId)
  if (input.on) {
    await addConversationUser(db, { ...input, orgId, role: 'incoming', at: nowIso(deps.clock) })
  } else {
    await removeConversationUser(db, { ...input, role: 'incoming' })
  }
}
