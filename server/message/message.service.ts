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

/** One message of the organization, with the copy it was resent as (if it was). */
export async function getMessage(
  db: Db,
  orgId: string,
  id: string,
): Promise<Message & { resentAsId: string | null }> {
  const message = rowToMessage(await requireMessageRow(db, orgId, id))
  return { ...message, resentAsId: (await findResendOf(db, id))?.id ?? null }
}

/** A page of an inbox view (every message when none is named), newest first. */
export function listMessagesInView(
  db: Db,
  orgId: string,
  filter: Omit<MessageListFilter, 'view'> & { view?: MessageListFilter['view'] | undefined },
  page: PageRequest,
): Promise<Page<ListedMessage>> {
  return listMessages(db, orgId, { ...filter, view: filter.view ?? 'all' }, page)
}

/**
 * A page of a person's journal: every message to and from them, newest first (deleted people too).
 * The person is looked up before the cursor is read, so an unknown person is PERSON_NOT_FOUND.
 */
export async function listPersonMessages(
  db: Db,
  orgId: string,
  personId: string,
  page: Parameters<typeof pageRequest>[0],
): Promise<Page<ListedMessage>> {
  const person = await findPersonById(db, orgId, personId, { includeDeleted: true })
  if (!person) throw new errors.PERSON_NOT_FOUND(personId)
  return listMessages(db, orgId, { view: 'all', personId: person.id }, pageRequest(page))
}
