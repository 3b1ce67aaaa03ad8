import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely'
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
  quietHoursOverrideReason: string | null
  /** The connection that failed before this message moved to its failover connection. */
  failoverFromConnectionId: string | null
  deletedAt: string | null
  createdAt: string
  updatedAt: string
  sentAt: string | null
  deliveredAt: string | null
  failedAt: string | null
}

export function rowToMessage(row: MessagesTable): Message {
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
    quietHoursOverrideReason: row.quiet_hours_override_reason ?? null,
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

/** Which of these ids are messages of the organization (deleted or not). */
/** Which of `ids` are the organization's messages (sent by `senderUserId` when given). */
export async function findMessageIds(
  db: Db,
  orgId: string,
  ids: readonly string[],
  senderUserId?: string,
): Promise<Set<string>> {
  let query = db
    .selectFrom('messages')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
  if (senderUserId !== undefined) query = query.where('sender_user_id', '=', senderUserId)
  const rows = await query.execute()
  return new Set(rows.map((r) => r.id))
}

/**
 * Soft-deletes the messages not deleted yet (`deletedAt` a time), or restores the deleted ones
 * (`deletedAt` null); answers how many changed.
 */
export async function setMessagesDeletedAt(
  db: Db,
  orgId: string,
  ids: readonly string[],
  deletedAt: string | null,
): Promise<number> {
  const result = await db
    .updateTable('messages')
    .set({ deleted_at: deletedAt })
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .where('deleted_at', deletedAt !== null ? 'is' : 'is not', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** The message resent from this one, if it was resent. */
export async function findResendOf(db: Db, id: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('messages').select('id').where('resent_from_id', '=', id).executeTakeFirst()
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
  /** The dispatcher process taking the rows (its heartbeat says whether it is alive). */
  claimedBy: string
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
      claimed_by: claim.claimedBy,
      started_at: null,
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

/**
 * Marks claimed rows started, just before their provider call, and returns the ids it marked: only
 * rows still `sending`, still held by this dispatcher, not started before, with their lease live,
 * and only while this dispatcher's heartbeat is live. A row a reconcile gave back to the queue (its owner looked dead)
 * is therefore never sent by the owner afterwards: both are conditional updates of the same row.
 */
export async function markStarted(
  db: Db,
  input: { ids: readonly string[]; claimedBy: string; now: string },
): Promise<string[]> {
  if (input.ids.length === 0) return []
  const rows = await db
    .updateTable('messages')
    .set({ started_at: input.now })
    .where('id', 'in', [...input.ids])
    .where('status', '=', 'sending')
    .where('claimed_by', '=', input.claimedBy)
    .where('started_at', 'is', null)
    .where('lease_until', '>', input.now)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('dispatchers')
          .select('dispatchers.id')
          .where('dispatchers.id', '=', input.claimedBy)
          .where('dispatchers.expires_at', '>', input.now),
      ),
    )
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/**
 * A claim whose dispatcher is gone: its lease ran out, or its dispatcher has no live heartbeat (it
 * died, or hung so long that its heartbeat ran out).
 */
function deadClaim(now: string) {
  return (eb: ExpressionBuilder<Database, 'messages'>) =>
    eb.or([
      eb('lease_until', '<', now),
      eb.and([
        eb('claimed_by', 'is not', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('dispatchers')
              .select('dispatchers.id')
              .whereRef('dispatchers.id', '=', 'messages.claimed_by')
              .where('dispatchers.expires_at', '>=', now),
          ),
        ),
      ]),
    ])
}

/**
 * Gives back to the queue, in one statement, every row of a dead claim (see `deadClaim`) that was
 * never started: it never reached a provider, so sending it later is safe.
 * It goes back as it was: `scheduled` when its time is still ahead, else `queued`, and the claim's
 * attempt is not counted.
 */
export async function requeueUnstartedOfDeadClaims(
  db: Db,
  now: string,
): Promise<{ id: string; connection_id: string | null }[]> {
  return (
    db
      .updateTable('messages')
      .set((eb) => ({
        status: eb.case().when('send_at', '>', now).then('scheduled').else('queued').end(),
        lease_until: null,
        claimed_by: null,
        attempts: eb('attempts', '-', 1),
        updated_at: now,
      }))
      .where('status', '=', 'sending')
      // Always true of a claimed row; it lets the query use the dispatcher's (partial) index.
      .where('next_attempt_at', 'is not', null)
      .where('started_at', 'is', null)
      // A claim from before dispatchers marked their starts cannot tell: it is settled as started.
      .where('claimed_by', 'is not', null)
      .where(deadClaim(now))
      .returning(['id', 'connection_id'])
      .execute()
  )
}

/**
 * Rows of dead claims (see `deadClaim`) that may have reached a provider: started before
 * `startedBefore` (so any provider call of theirs is over), or claimed before dispatchers marked
 * their starts (no `claimed_by`).
 */
export async function findDeadStartedClaims(
  db: Db,
  input: { now: string; startedBefore: string; limit: number },
): Promise<MessageRow[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('status', '=', 'sending')
    .where('next_attempt_at', 'is not', null)
    .where(deadClaim(input.now))
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('started_at', '<', input.startedBefore)]))
    .orderBy('id')
    .limit(input.limit)
    .execute()
}

/**
 * Updates a claimed row only if it is still `sending` under the same claim (the same dispatcher, or
 * none for a claim from before heartbeats); false when someone else moved it first.
 */
export async function updateClaimedMessageIf(
  db: Db,
  row: Pick<MessageRow, 'id' | 'claimed_by'>,
  patch: Partial<MessagesTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set(patch)
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('claimed_by', row.claimed_by ? '=' : 'is', row.claimed_by ?? null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
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
