import type { SelectQueryBuilder } from 'kysely'
import type { Db, Dialect } from '../db/database'
import type { Database } from '../db/schema'
import type { MessageRow, MessagesTable } from './message.table'

export interface Message {
  id: string
  direction: 'outbound' | 'inbound'
  kind: string
  status: string
  conversationId: string | null
  personId: string | null
  to: string
  from: string
  subject: string | null
  body: string
  bodyCleaned: boolean
  encoding: string
  segments: number
  credits: number
  repliable: boolean
  campaignId: string | null
  senderUserId: string | null
  connectionId: string | null
  providerMessageId: string | null
  sendAt: string | null
  heldByProvider: boolean
  attempts: number
  nextAttemptAt: string | null
  errorCode: string | null
  error: string | null
  resentFromId: string | null
  /** The connection that failed before this message moved to its failover connection. */
  failoverFromConnectionId: string | null
  deletedAt: string | null
  createdAt: string
  updatedAt: string
  sentAt: string | null
  deliveredAt: string | null
  failedAt: string | null
}

export function rowToMessage(row: MessageRow): Message {
  return {
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    status: row.status,
    conversationId: row.conversation_id,
    personId: row.person_id,
    to: row.to_number,
    from: row.from_number,
    subject: row.subject,
    body: row.body,
    bodyCleaned: row.body_cleaned === 1,
    encoding: row.encoding,
    segments: row.segments,
    credits: row.credits,
    repliable: row.repliable === 1,
    campaignId: row.campaign_id,
    senderUserId: row.sender_user_id,
    connectionId: row.connection_id,
    providerMessageId: row.provider_message_id,
    sendAt: row.send_at,
    heldByProvider: row.status === 'scheduled' && row.provider_message_id !== null,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    errorCode: row.error_code,
    error: row.error_message,
    resentFromId: row.resent_from_id,
    failoverFromConnectionId: row.failover_from_connection_id,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
  }
}

export async function insertMessage(db: Db, row: MessagesTable): Promise<void> {
  await db.insertInto('messages').values(row).execute()
}

/** Inserts an inbound message unless (connection, provider id) is already stored; false for a duplicate. */
export async function insertInboundMessage(db: Db, row: MessagesTable): Promise<boolean> {
  const inserted = await db
    .insertInto('messages')
    .values(row)
    .onConflict((oc) => oc.columns(['connection_id', 'provider_message_id']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function linkMessagePeople(
  db: Db,
  messageId: string,
  personIds: readonly string[],
): Promise<void> {
  if (personIds.length === 0) return
  await db
    .insertInto('message_people')
    .values(personIds.map((personId) => ({ message_id: messageId, person_id: personId })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function findMessageRow(db: Db, orgId: string, id: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function findMessageByProviderId(db: Db, connectionId: string, providerMessageId: string) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('provider_message_id', '=', providerMessageId)
    .executeTakeFirst()
}

/** Connections with due work, so each can be claimed at its own rate. */
export async function findConnectionsWithDueMessages(db: Db, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select('connection_id')
    .distinct()
    .where('status', 'in', ['queued', 'scheduled'])
    .where('next_attempt_at', '<=', now)
    .execute()
  return rows.flatMap((r) => (r.connection_id ? [r.connection_id] : []))
}

interface Claim {
  connectionId: string
  now: string
  leaseUntil: string
  limit: number
}

/**
 * Marks the rows `pick` selects `sending` with a lease, in one statement, if they are still in one of
 * `statuses`. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets many workers claim side by side without
 * taking the same row; SQLite has a single writer, so the plain subquery is already exclusive.
 */
function claimRows(
  db: Db,
  dialect: Dialect,
  claim: Claim,
  statuses: readonly string[],
  pick: (
    query: SelectQueryBuilder<Database, 'messages', { id: string }>,
  ) => SelectQueryBuilder<Database, 'messages', { id: string }>,
): Promise<MessageRow[]> {
  let ids = pick(
    db
      .selectFrom('messages')
      .select('id')
      .where('connection_id', '=', claim.connectionId)
      .where('status', 'in', [...statuses]),
  )
    .orderBy('next_attempt_at')
    .limit(claim.limit)
  if (dialect === 'postgres') ids = ids.forUpdate().skipLocked()
  return db
    .updateTable('messages')
    .set((eb) => ({
      status: 'sending',
      lease_until: claim.leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: claim.now,
    }))
    .where('id', 'in', ids)
    .where('status', 'in', [...statuses])
    .returningAll()
    .execute()
}

/** Claims up to `limit` due messages of one connection (see `claimRows`). */
export function claimDueMessages(db: Db, dialect: Dialect, claim: Claim): Promise<MessageRow[]> {
  return claimRows(db, dialect, claim, ['queued', 'scheduled'], (q) =>
    q.where('next_attempt_at', '<=', claim.now),
  )
}

/**
 * Claims one-to-one messages scheduled on Parley's side whose send time falls in `[from, to]`, to
 * hand them to a provider that holds them until then (see `messages_handover_idx`). Only rows
 * never tried (`attempts = 0`): one whose handover failed stays on Parley's own scheduler.
 */
export function claimHandovers(
  db: Db,
  dialect: Dialect,
  claim: Claim & { from: string; to: string },
): Promise<MessageRow[]> {
  return claimRows(db, dialect, claim, ['scheduled'], (q) =>
    q
      .where('attempts', '=', 0)
      .where('campaign_id', 'is', null)
      .where('next_attempt_at', '>=', claim.from)
      .where('next_attempt_at', '<=', claim.to),
  )
}

export async function findExpiredLeases(db: Db, now: string, limit: number): Promise<MessageRow[]> {
  return (
    db
      .selectFrom('messages')
      .selectAll()
      .where('status', '=', 'sending')
      // Always true of a claimed row; it lets the query use the dispatcher's (partial) index.
      .where('next_attempt_at', 'is not', null)
      .where('lease_until', '<', now)
      .limit(limit)
      .execute()
  )
}

/** Updates a message only if it is still in `fromStatus`; false when someone else moved it first. */
export async function updateMessageIf(
  db: Db,
  id: string,
  fromStatus: string | readonly string[],
  patch: Partial<MessagesTable>,
): Promise<boolean> {
  const statuses = typeof fromStatus === 'string' ? [fromStatus] : [...fromStatus]
  const result = await db
    .updateTable('messages')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', statuses)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
