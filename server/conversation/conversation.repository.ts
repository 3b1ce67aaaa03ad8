import { sql } from 'kysely'
import type { Db } from '../db/database'
import { newId } from '../ids'
import type { ConversationRow } from './conversation.table'

/** A bulk-only conversation has no direct message yet: it sorts last when bulk is ignored. */
export const NO_DIRECT_MESSAGE = '1970-01-01T00:00:00.000Z'

/** The conversation for a number, created on first contact. */
export async function upsertConversation(
  db: Db,
  input: { orgId: string; phone: string; at: string },
): Promise<ConversationRow> {
  return (
    db
      .insertInto('conversations')
      .values({
        id: newId(),
        org_id: input.orgId,
        phone_e164: input.phone,
        person_id: null,
        person_count: 0,
        last_message_at: input.at,
        last_direct_message_at: NO_DIRECT_MESSAGE,
        last_message_preview: '',
        last_message_direction: null,
        unread_count: 0,
        deleted_at: null,
        created_at: input.at,
      })
      // A no-op update on conflict so RETURNING gives the existing row: one statement either way.
      .onConflict((oc) => oc.columns(['org_id', 'phone_e164']).doUpdateSet({ phone_e164: input.phone }))
      .returningAll()
      .executeTakeFirstOrThrow()
  )
}

export async function recordConversationMessage(
  db: Db,
  input: {
    conversationId: string
    at: string
    preview: string
    direction: 'inbound' | 'outbound'
    /** Bulk (marketing) messages do not move the direct-message time. */
    direct: boolean
    unread: boolean
    /** A reply brings a deleted conversation back. */
    restore?: boolean
    people?: { personId: string | null; count: number }
  },
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({
      last_message_at: input.at,
      ...(input.direct ? { last_direct_message_at: input.at } : {}),
      last_message_preview: input.preview.slice(0, 160),
      last_message_direction: input.direction,
      ...(input.unread ? { unread_count: sql`unread_count + 1` } : {}),
      ...(input.restore ? { deleted_at: null } : {}),
      ...(input.people ? { person_id: input.people.personId, person_count: input.people.count } : {}),
    })
    .where('id', '=', input.conversationId)
    .execute()
}

export async function addConversationUser(
  db: Db,
  input: { conversationId: string; userId: string; orgId: string; role: 'incoming' | 'outgoing'; at: string },
): Promise<void> {
  await db
    .insertInto('conversation_users')
    .values({
      conversation_id: input.conversationId,
      user_id: input.userId,
      org_id: input.orgId,
      role: input.role,
      created_at: input.at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function removeConversationUser(
  db: Db,
  input: { conversationId: string; userId: string; role: 'incoming' | 'outgoing' },
): Promise<void> {
  await db
    .deleteFrom('conversation_users')
    .where('conversation_id', '=', input.conversationId)
    .where('user_id', '=', input.userId)
    .where('role', '=', input.role)
    .execute()
}

export async function listConversationUsers(db: Db, conversationId: string) {
  return db
    .selectFrom('conversation_users')
    .select(['user_id', 'role'])
    .where('conversation_id', '=', conversationId)
    .execute()
}

export async function findConversationRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Whether the conversation is deleted; false when there is none with this id. */
export async function isConversationDeleted(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('conversations')
    .select(['deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  return Boolean(row?.deleted_at)
}

/**
 * Our side of the conversation's latest text that went through a connection: the connection and
 * the number the person texted (or was texted from). A reply goes from there (seed 002).
 */
export async function findConversationNumber(
  db: Db,
  orgId: string,
  conversationId: string,
): Promise<{ connectionId: string; number: string } | undefined> {
  const row = await db
    .selectFrom('messages')
    .select(['connection_id', 'direction', 'from_number', 'to_number'])
    .where('org_id', '=', orgId)
    .where('conversation_id', '=', conversationId)
    .where('connection_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row?.connection_id) return undefined
  return {
    connectionId: row.connection_id,
    number: row.direction === 'inbound' ? row.to_number : row.from_number,
  }
}

/** What the record card shows of a person. */
const CARD_COLUMNS = [
  'people.id',
  'people.first_name',
  'people.last_name',
  'people.kind',
  'people.job_title',
  'people.email',
  'people.mobile_e164',
  'companies.name as company',
] as const

/** The people the conversation's messages are linked to (deleted ones too), with their company. */
export async function findConversationPeople(db: Db, conversationId: string) {
  return db
    .selectFrom('messages')
    .innerJoin('message_people', 'message_people.message_id', 'messages.id')
    .innerJoin('people', 'people.id', 'message_people.person_id')
    .leftJoin('companies', 'companies.id', 'people.company_id')
    .select(CARD_COLUMNS)
    .distinct()
    .where('messages.conversation_id', '=', conversationId)
    .execute()
}

/** The live people of the organization with this mobile now, with their company. */
export async function findPeopleWithMobile(db: Db, orgId: string, phone: string) {
  return db
    .selectFrom('people')
    .leftJoin('companies', 'companies.id', 'people.company_id')
    .select(CARD_COLUMNS)
    .where('people.org_id', '=', orgId)
    .where('people.mobile_e164', '=', phone)
    .where('people.deleted_at', 'is', null)
    .execute()
}

/** Marks every message of the conversation read; false when the organization has no such conversation. */
export async function clearConversationUnread(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ unread_count: 0 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Deletes (a time) or restores (null) the conversation; false when the organization has no such one. */
export async function setConversationDeletedAt(
  db: Db,
  orgId: string,
  id: string,
  deletedAt: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ deleted_at: deletedAt })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Whether the user sent a (live) text in the conversation: what an outgoing-only user may see. */
export async function hasOwnText(db: Db, conversationId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('sender_user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * The users associated with the conversation's person, by name: those in `conversation_users` (who
 * texted them, or were made incoming users) and those told of something in it (notifications).
 */
export async function findAssociatedUsers(db: Db, orgId: string, conversationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'association_incoming', 'association_outgoing'])
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb(
          'id',
          'in',
          eb.selectFrom('conversation_users').select('user_id').where('conversation_id', '=', conversationId),
        ),
        eb(
          'id',
          'in',
          eb.selectFrom('notifications').select('user_id').where('conversation_id', '=', conversationId),
        ),
      ]),
    )
    .orderBy('name')
    .orderBy('id')
    .execute()
}
