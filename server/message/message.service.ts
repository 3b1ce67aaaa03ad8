import type { Viewer } from '../core/association'
import type { Db } from '../db/database'
import { errors } from '../errors'
import { type Page, type PageRequest, pageRequest } from '../pagination'
import { findPersonById } from '../person/person.repository'
import { findMessageRow, findResendOf, type Message, rowToMessage } from './message.repository'
import type { MessageRow } from './message.table'
import { listMessages, type MessageListFilter } from './message-list.repository'

type ListedMessage = Message & { personName: string | null; resentAsId: string | null }

/** The stored row of one message of the organization, for the use cases that act on it. */
export async function requireMessageRow(db: Db, orgId: string, id: string): Promise<MessageRow> {
  const row = await findMessageRow(db, orgId, id)
  if (!row) throw new errors.MESSAGE_NOT_FOUND(id)
  return row
}

/** A message the viewer may see and act on: an outgoing-only viewer gets MESSAGE_NOT_FOUND for one they did not send. */
export async function requireVisibleMessageRow(db: Db, viewer: Viewer, id: string): Promise<MessageRow> {
  const row = await requireMessageRow(db, viewer.orgId, id)
  if (viewer.ownOnly && row.sender_user_id !== viewer.userId) throw new errors.MESSAGE_NOT_FOUND(id)
  return row
}

/**
 * One message of the organization, with the copy it was resent as (if it was). An outgoing-only
 * viewer gets MESSAGE_NOT_FOUND for a message they did not send.
 */
export async function getMessage(
  db: Db,
  viewer: Viewer,
  id: string,
): Promise<Message & { resentAsId: string | null }> {
  const row = await requireVisibleMessageRow(db, viewer, id)
  const message = rowToMessage(row)
  return { ...message, resentAsId: (await findResendOf(db, id))?.id ?? null }
}

/** The filter that keeps an outgoing-only viewer to the texts they sent. */
function ownTextsOf(viewer: Viewer): Pick<MessageListFilter, 'senderUserId'> {
  return viewer.ownOnly ? { senderUserId: viewer.userId } : {}
}

/** A page of an inbox view (every message when none is named), newest first, as the viewer may see it. */
export function listMessagesInView(
  db: Db,
  viewer: Viewer,
  filter: Omit<MessageListFilter, 'view' | 'senderUserId'> & { view?: MessageListFilter['view'] | undefined },
  page: PageRequest,
): Promise<Page<ListedMessage>> {
  return listMessages(
    db,
    viewer.orgId,
    { ...filter, view: filter.view ?? 'all', ...ownTextsOf(viewer) },
    page,
  )
}

/**
 * A page of a person's journal: every message to and from them, newest first (deleted people too).
 * The person is looked up before the cursor is read, so an unknown person is PERSON_NOT_FOUND.
 */
export async function listPersonMessages(
  db: Db,
  viewer: Viewer,
  personId: string,
  page: Parameters<typeof pageRequest>[0],
): Promise<Page<ListedMessage>> {
  const person = await findPersonById(db, viewer.orgId, personId, { includeDeleted: true })
  if (!person) throw new errors.PERSON_NOT_FOUND(personId)
  return listMessages(
    db,
    viewer.orgId,
    { view: 'all', personId: person.id, ...ownTextsOf(viewer) },
    pageRequest(page),
  )
}
