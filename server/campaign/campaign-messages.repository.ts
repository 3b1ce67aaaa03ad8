import type { AttachmentLinksTable } from '../attachment/attachment.table'
import { NO_DIRECT_MESSAGE } from '../conversation/conversation.repository'
import type { Db } from '../db/database'
import { newId } from '../ids'
import type { MessagesTable } from '../message/message.table'

/**
 * Multi-row writes for mailshots: one statement per batch instead of one per recipient. Batches
 * stay under SQLite's 32,766 and PostgreSQL's 65,535 bound-parameter limits.
 */

const MAX_PARAMETERS = 30_000

function batchSize(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / columns))
}

async function inBatches<T>(rows: readonly T[], columns: number, write: (batch: T[]) => Promise<void>) {
  const size = batchSize(columns)
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size))
}

export interface ConversationTouch {
  phone: string
  preview: string
}

/**
 * Finds or creates the conversation of each number and records the bulk text on it, in one upsert
 * per batch. Bulk texts move `last_message_at` only, never the direct-message time, so they sort
 * conversations only where the organization asks for it (seed 001). Numbers must be unique.
 */
export async function upsertBulkConversations(
  db: Db,
  orgId: string,
  touches: readonly ConversationTouch[],
  at: string,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  await inBatches(touches, 12, async (batch) => {
    const rows = await db
      .insertInto('conversations')
      .values(
        batch.map((t) => ({
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
        })),
      )
      .onConflict((oc) =>
        oc.columns(['org_id', 'phone_e164']).doUpdateSet((eb) => ({
          last_message_at: eb.ref('excluded.last_message_at'),
          last_message_preview: eb.ref('excluded.last_message_preview'),
          last_message_direction: eb.ref('excluded.last_message_direction'),
        })),
      )
      .returning(['id', 'phone_e164'])
      .execute()
    for (const row of rows) ids.set(row.phone_e164, row.id)
  })
  return ids
}

export async function insertBulkMessages(db: Db, rows: readonly MessagesTable[]): Promise<void> {
  const columns = rows[0] ? Object.keys(rows[0]).length : 1
  await inBatches(rows, columns, async (batch) => {
    await db.insertInto('messages').values(batch).execute()
  })
}

export async function insertBulkMessagePeople(
  db: Db,
  links: readonly { message_id: string; person_id: string }[],
): Promise<void> {
  await inBatches(links, 2, async (batch) => {
    await db
      .insertInto('message_people')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute()
  })
}

/** The sender becomes an associated ("outgoing") user of every conversation, as for a one-to-one text. */
export async function addBulkConversationUser(
  db: Db,
  input: { orgId: string; userId: string; conversationIds: readonly string[]; at: string },
): Promise<void> {
  const rows = input.conversationIds.map((conversationId) => ({
    conversation_id: conversationId,
    user_id: input.userId,
    org_id: input.orgId,
    role: 'outgoing' as const,
    created_at: input.at,
  }))
  await inBatches(rows, 5, async (batch) => {
    await db
      .insertInto('conversation_users')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute()
  })
}

export async function insertBulkAttachmentLinks(
  db: Db,
  rows: readonly AttachmentLinksTable[],
): Promise<void> {
  await inBatches(rows, 10, async (batch) => {
    await db.insertInto('attachment_links').values(batch).execute()
  })
}
