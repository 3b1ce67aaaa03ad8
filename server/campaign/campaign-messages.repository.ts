import type { AttachmentLinksTable, DocumentLinksTable } from '../attachment/attachment.table'
import { NO_DIRECT_MESSAGE } from '../conversation/conversation.repository'
import type { ConversationsTable, ConversationUsersTable } from '../conversation/conversation.table'
import type { Db, Dialect } from '../db/database'
import { insertAllRows, upsertAllRows } from '../db/row-insert'
import { newId } from '../ids'
import type { MessagePeopleTable, MessageRow, MessagesTable } from '../message/message.table'

/** A mailshot's rows, written many to a statement (see db/row-insert.ts). */

export interface ConversationTouch {
  phone: string
  preview: string
}

/**
 * Finds or creates the conversation of each number and records the bulk text on it. Bulk texts
 * move `last_message_at` only, never the direct-message time, so they sort conversations only
 * where the organization asks for it (seed 001). Numbers must be unique.
 */
export async function upsertBulkConversations(
  db: Db,
  dialect: Dialect,
  orgId: string,
  touches: readonly ConversationTouch[],
  at: string,
): Promise<Map<string, string>> {
  const rows: ConversationsTable[] = touches.map((t) => ({
    id: newId(),
    org_id: orgId,
    phone_e164: t.phone,
    person_id: null,
    person_count: 0,
    last_message_at: at,
    last_direct_message_at: NO_DIRECT_MESSAGE,
    last_message_preview: t.preview.slice(0, 160),
    last_message_direction: 'outbound',
    unread_count: 0,
    deleted_at: null,
    created_at: at,
  }))
  const found = await upsertAllRows<'conversations', { id: string; phone_e164: string }>(db, dialect, {
    table: 'conversations',
    rows,
    conflict: ['org_id', 'phone_e164'],
    update: ['last_message_at', 'last_message_preview', 'last_message_direction'],
    returning: ['id', 'phone_e164'],
  })
  return new Map(found.map((row) => [row.phone_e164, row.id]))
}

export async function insertBulkMessages(
  db: Db,
  dialect: Dialect,
  rows: readonly MessagesTable[],
): Promise<void> {
  await insertAllRows(db, dialect, 'messages', rows)
}

export async function insertBulkMessagePeople(
  db: Db,
  dialect: Dialect,
  links: readonly MessagePeopleTable[],
): Promise<void> {
  await insertAllRows(db, dialect, 'message_people', links, { ignoreDuplicates: true })
}

/** The sender becomes an associated ("outgoing") user of every conversation, as for a one-to-one text. */
export async function addBulkConversationUser(
  db: Db,
  dialect: Dialect,
  input: { orgId: string; userId: string; conversationIds: readonly string[]; at: string },
): Promise<void> {
  const rows: ConversationUsersTable[] = input.conversationIds.map((conversationId) => ({
    conversation_id: conversationId,
    user_id: input.userId,
    org_id: input.orgId,
    role: 'outgoing',
    created_at: input.at,
  }))
  await insertAllRows(db, dialect, 'conversation_users', rows, { ignoreDuplicates: true })
}

export async function insertBulkAttachmentLinks(
  db: Db,
  dialect: Dialect,
  rows: readonly AttachmentLinksTable[],
): Promise<void> {
  await insertAllRows(db, dialect, 'attachment_links', rows)
}

export async function insertBulkDocumentLinks(
  db: Db,
  dialect: Dialect,
  rows: readonly DocumentLinksTable[],
): Promise<void> {
  await insertAllRows(db, dialect, 'document_links', rows)
}

const UNSENT = ['queued', 'scheduled'] as const

/** Holds every unsent text of a mailshot: `scheduled` with no time to go, which no dispatcher claims. */
export async function holdUnsentCampaignMessages(db: Db, campaignId: string, at: string): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status: 'scheduled', next_attempt_at: null, updated_at: at })
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', [...UNSENT])
    .execute()
}

/** Lets a mailshot's held texts go: at `later` if given (still `scheduled`), else at once (`queued`). */
export async function releaseHeldCampaignMessages(
  db: Db,
  campaignId: string,
  at: string,
  later: string | null,
): Promise<void> {
  await db
    .updateTable('messages')
    .set(
      later
        ? { next_attempt_at: later, updated_at: at }
        : { status: 'queued', next_attempt_at: at, updated_at: at },
    )
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'scheduled')
    .where('next_attempt_at', 'is', null)
    .execute()
}

/** Any one queued text of a mailshot, to wake the dispatcher. */
export async function findQueuedCampaignMessage(
  db: Db,
  campaignId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('messages')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'queued')
    .limit(1)
    .executeTakeFirst()
}

/** Cancels every unsent text of a mailshot, returning the credits of each. */
export async function cancelUnsentCampaignMessages(
  db: Db,
  campaignId: string,
  at: string,
): Promise<{ credits: number }[]> {
  return db
    .updateTable('messages')
    .set({ status: 'cancelled', next_attempt_at: null, updated_at: at })
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', [...UNSENT])
    .returning(['credits'])
    .execute()
}

/** A mailshot's live texts in one of `statuses` that were never resent, by id. */
export async function listUnresentCampaignMessages(
  db: Db,
  campaignId: string,
  statuses: readonly string[],
): Promise<MessageRow[]> {
  return db
    .selectFrom('messages as m')
    .selectAll('m')
    .where('m.campaign_id', '=', campaignId)
    .where('m.status', 'in', [...statuses])
    .where('m.deleted_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('messages as r').select('r.id').whereRef('r.resent_from_id', '=', 'm.id')),
      ),
    )
    .orderBy('m.id')
    .execute()
}

/** A mailshot's skipped recipients (its `not_triggered` texts), in the order they were planned. */
export async function listCampaignSkips(
  db: Db,
  campaignId: string,
  limit: number,
): Promise<Pick<MessageRow, 'person_id' | 'to_number' | 'error_code' | 'error_message'>[]> {
  return db
    .selectFrom('messages')
    .select(['person_id', 'to_number', 'error_code', 'error_message'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'not_triggered')
    .orderBy('id')
    .limit(limit)
    .execute()
}
