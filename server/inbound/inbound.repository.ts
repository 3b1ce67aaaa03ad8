import { type OperationNodeSource, type RawBuilder, sql } from 'kysely'
import type { ConversationRow } from '../conversation/conversation.table'
import { balanceNow } from '../credit/credit.repository'
import type { Db, Dialect } from '../db/database'
import { insertRows, runStatement, type Statement } from '../db/row-insert'
import { newId } from '../ids'
import type { MessagesTable } from '../message/message.table'
import type { NotificationsTable } from '../notification/notification.table'
import type { OptOutEventsTable } from '../opt-out/opt-out.table'
import { compareText, groupBy } from './collections'
import { chunksOf, MAX_PARAMETERS, rowsPerStatement, selectInChunks } from './sql-chunks.repository'

/**
 * The statements of a batch of received texts: each one covers every text of the batch, so a batch
 * costs the same dozen statements whether it holds one text or sixty.
 */

export interface Sender {
  id: string
  first_name: string
  last_name: string
}

/** A number within an organization: the key of people lookups and of conversations. */
export interface PhoneKey {
  orgId: string
  phone: string
}

export function phoneKeyOf(orgId: string, phone: string): string {
  return `${orgId} ${phone}`
}

/** The people with each number, by id, so the first one is the person the record card shows. */
export async function findPeopleByPhones(db: Db, keys: readonly PhoneKey[]): Promise<Map<string, Sender[]>> {
  const orgIds = [...new Set(keys.map((k) => k.orgId))]
  const wanted = new Set(keys.map((k) => phoneKeyOf(k.orgId, k.phone)))
  // Chunked by number: every row of one number comes back in the same statement, in id order.
  const rows = await selectInChunks([...new Set(keys.map((k) => k.phone))], (phones) =>
    db
      .selectFrom('people')
      .select(['id', 'org_id', 'mobile_e164', 'first_name', 'last_name'])
      .where('org_id', 'in', orgIds)
      .where('mobile_e164', 'in', phones)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute(),
  )
  const found = new Map<string, Sender[]>()
  for (const [key, group] of groupBy(rows, (r) => phoneKeyOf(r.org_id, r.mobile_e164 ?? ''))) {
    if (!wanted.has(key)) continue
    found.set(
      key,
      group.map(({ id, first_name, last_name }) => ({ id, first_name, last_name })),
    )
  }
  return found
}

/** What the texts of a batch do to the conversation of their number: the newest sets the preview. */
export interface ConversationBump extends PhoneKey {
  at: string
  preview: string
  personId: string | null
  personCount: number
  unread: number
}

/**
 * A text moves its conversation only if it is newer than the conversation's last message: batches
 * stored side by side (see inbound-pipeline.ts) may commit out of order. A conversation with no
 * message yet (no last direction) always moves.
 */
const NEWER =
  '(conversations.last_message_direction is null or excluded.last_message_at >= conversations.last_message_at)'
const NEWER_DIRECT =
  '(conversations.last_message_direction is null or excluded.last_message_at >= conversations.last_direct_message_at)'

/** A reply brings a deleted conversation back, and its number's people are the record card's. */
const BUMP_ON_CONFLICT = `on conflict (org_id, phone_e164) do update set
  last_message_at = case when ${NEWER} then excluded.last_message_at else conversations.last_message_at end,
  last_direct_message_at = case when ${NEWER_DIRECT} then excluded.last_message_at else conversations.last_direct_message_at end,
  last_message_preview = case when ${NEWER} then excluded.last_message_preview else conversations.last_message_preview end,
  last_message_direction = case when ${NEWER} then 'inbound' else conversations.last_message_direction end,
  unread_count = conversations.unread_count + excluded.unread_count,
  deleted_at = null,
  person_id = excluded.person_id,
  person_count = excluded.person_count
returning *`

/**
 * The conversation of each number, made on first contact, moved by the batch's texts to it in the
 * same statement (one row version per conversation, not a second UPDATE after the messages).
 * Numbers must be distinct (PostgreSQL refuses to update one row twice in a statement); sorted, so
 * concurrent batches lock rows in one order.
 */
export async function upsertConversations(
  db: Db,
  dialect: Dialect,
  bumps: readonly ConversationBump[],
  at: string,
): Promise<Map<string, ConversationRow>> {
  const sorted = [...bumps].sort((a, b) =>
    compareText(phoneKeyOf(a.orgId, a.phone), phoneKeyOf(b.orgId, b.phone)),
  )
  const out = new Map<string, ConversationRow>()
  for (const chunk of chunksOf(sorted, rowsPerStatement(12))) {
    const statement = insertRows(
      dialect,
      'conversations',
      chunk.map((b) => ({
        id: newId(),
        org_id: b.orgId,
        phone_e164: b.phone,
        person_id: b.personId,
        person_count: b.personCount,
        last_message_at: b.at,
        last_direct_message_at: b.at,
        last_message_preview: b.preview.slice(0, 160),
        last_message_direction: 'inbound' as const,
        unread_count: b.unread,
        deleted_at: null,
        created_at: at,
      })),
      BUMP_ON_CONFLICT,
    )
    for (const row of await runStatement<ConversationRow>(db, statement)) {
      out.set(phoneKeyOf(row.org_id, row.phone_e164), row)
    }
  }
  return out
}

/** Inserts the texts not stored yet (unique connection + provider id); returns the ids inserted. */
export async function insertInboundMessages(
  db: Db,
  dialect: Dialect,
  rows: readonly MessagesTable[],
): Promise<Set<string>> {
  const inserted = new Set<string>()
  for (const chunk of chunksOf(rows, rowsPerStatement(columnsOf(rows)))) {
    const statement = insertRows(
      dialect,
      'messages',
      chunk,
      'on conflict (connection_id, provider_message_id) do nothing returning id',
    )
    for (const r of await runStatement<{ id: string }>(db, statement)) inserted.add(r.id)
  }
  return inserted
}

/** A statement built but not run yet, with its count of bound values (see `runWrites`). */
export interface Write {
  query: Statement
  /** At most this many: a JSON parameter of `insertRows` counts as one. */
  parameters: number
}

/** One multi-row statement per chunk of rows that fits the parameter limit. */
function chunkedWrites<T>(rows: readonly T[], columns: number, build: (chunk: T[]) => Statement): Write[] {
  return chunksOf(rows, rowsPerStatement(columns)).map((chunk) => ({
    query: build(chunk),
    parameters: chunk.length * columns,
  }))
}

/** Kysely's builder as a write, for the statements that `insertRows` cannot express. */
function built(query: OperationNodeSource): Statement {
  return sql`${query}`
}

/**
 * Runs the writes in order. SQLite runs each on its own (a statement costs no round trip there);
 * PostgreSQL sends as many as fit the parameter limit as one statement, each in its own WITH
 * clause. No write touches a row another one touches or reads, so running them side by side
 * (as PostgreSQL does, on one snapshot) gives the same result as one after the other.
 */
export async function runWrites(db: Db, dialect: Dialect, writes: readonly Write[]): Promise<void> {
  if (dialect === 'sqlite') {
    for (const write of writes) await runStatement(db, write.query)
    return
  }
  let group: Write[] = []
  let parameters = 0
  const flush = async () => {
    if (group.length === 1) await runStatement(db, group[0]!.query)
    else if (group.length > 1) {
      const parts = group.map((w, i) => sql`${sql.raw(`w${i}`)} as (${nestable(w.query)})`)
      await sql`with ${sql.join(parts)} select 1`.execute(db)
    }
    group = []
    parameters = 0
  }
  for (const write of writes) {
    if (parameters + write.parameters > MAX_PARAMETERS) await flush()
    group.push(write)
    parameters += write.parameters
  }
  await flush()
}

/** PostgreSQL's statements are all Kysely SQL (see `insertRows`); compiled text cannot be nested. */
function nestable(statement: Statement): RawBuilder<unknown> {
  if (!('execute' in statement)) throw new Error('A compiled statement cannot go in a WITH clause')
  return statement
}

export function linkMessagesToPeople(
  dialect: Dialect,
  links: readonly { message_id: string; person_id: string }[],
): Write[] {
  return chunkedWrites(links, 2, (chunk) =>
    insertRows(dialect, 'message_people', chunk, 'on conflict do nothing'),
  )
}

/** The provider ids of the parts a message was joined from (see inbound-parts.ts). */
export function rememberParts(
  dialect: Dialect,
  parts: readonly { connection_id: string; provider_message_id: string; message_id: string }[],
): Write[] {
  return chunkedWrites(parts, 3, (chunk) =>
    insertRows(dialect, 'message_parts', chunk, 'on conflict do nothing'),
  )
}

/** A 'received' line in the billing log per text, at no cost, with the balance at that time. */
export function logReceivedMessages(
  db: Db,
  received: readonly { orgId: string; messageId: string }[],
  at: string,
): Write[] {
  return chunkedWrites(received, 10, (chunk) =>
    built(
      db.insertInto('credit_ledger').values(
        chunk.map((r) => ({
          id: newId(),
          org_id: r.orgId,
          delta: 0,
          balance_after: balanceNow(r.orgId),
          reason: 'received' as const,
          message_id: r.messageId,
          user_id: null,
          note: null,
          created_at: at,
        })),
      ),
    ),
  )
}

/** STOP/START of a batch, in order: the last keyword of a number sets its state, each is logged. */
export function recordOptChanges(db: Db, events: readonly Omit<OptOutEventsTable, 'id'>[]): Write[] {
  const latest = new Map<string, Omit<OptOutEventsTable, 'id'>>()
  for (const e of events) latest.set(phoneKeyOf(e.org_id, e.phone_e164), e)
  const states = chunkedWrites([...latest.values()], 4, (chunk) =>
    built(
      db
        .insertInto('opt_outs')
        .values(
          chunk.map((e) => ({
            org_id: e.org_id,
            phone_e164: e.phone_e164,
            opted_out: e.action === 'opt_out' ? 1 : 0,
            updated_at: e.created_at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['org_id', 'phone_e164']).doUpdateSet((eb) => ({
            opted_out: eb.ref('excluded.opted_out'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    ),
  )
  const log = chunkedWrites(events, 9, (chunk) =>
    built(db.insertInto('opt_out_events').values(chunk.map((e) => ({ id: newId(), ...e })))),
  )
  return [...states, ...log]
}

export function insertNotificationRows(dialect: Dialect, rows: readonly NotificationsTable[]): Write[] {
  return chunkedWrites(rows, columnsOf(rows), (chunk) => insertRows(dialect, 'notifications', chunk))
}

function columnsOf(rows: readonly object[]): number {
  return rows[0] ? Object.keys(rows[0]).length : 1
}
