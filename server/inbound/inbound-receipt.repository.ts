import { CompiledQuery, sql } from 'kysely'
import type { Static } from 'typebox'
import type { InboundFailureSchema } from '../../common/api/messaging'
import { olderThan } from '../db/cursor'
import type { DatabaseHandle, Db, Dialect } from '../db/database'
import { type Page, type PageRequest, pageOf } from '../pagination'
import type { Write } from './inbound.repository'
import type { InboundItem } from './inbound.service'
import type { InboundReceiptRow, InboundReceiptsTable } from './inbound-receipt.table'
import { chunksOf, MAX_IN_LIST, rowsPerStatement } from './sql-chunks.repository'

export type NewReceipt = Omit<InboundReceiptsTable, 'attempts' | 'last_error'>

/** The receipt of a received text, stored `at`, taken up by the sweep from `orphanAt` if still there. */
export function receiptRowOf(item: InboundItem, id: string, at: string, orphanAt: string): NewReceipt {
  const { connection, sms } = item
  return {
    id,
    org_id: connection.org_id,
    connection_id: connection.id,
    provider_message_id: sms.providerMessageId,
    from_number: sms.from,
    to_number: sms.to,
    body: sms.body,
    body_cleaned: sms.bodyCleaned ? 1 : 0,
    received_at: sms.receivedAt || at,
    created_at: at,
    next_attempt_at: orphanAt,
    part_ref: sms.part?.ref ?? null,
    part_number: sms.part?.number ?? null,
    part_total: sms.part?.total ?? null,
  }
}

/** The text a receipt holds, to be made into the message with the receipt's id. */
export function itemOfReceipt(row: InboundReceiptRow): InboundItem {
  const part =
    row.part_ref && row.part_number && row.part_total
      ? { ref: row.part_ref, number: row.part_number, total: row.part_total }
      : undefined
  return {
    id: row.id,
    connection: { id: row.connection_id, org_id: row.org_id },
    sms: {
      providerMessageId: row.provider_message_id,
      from: row.from_number,
      to: row.to_number,
      body: row.body,
      ...(row.body_cleaned === 1 ? { bodyCleaned: true } : {}),
      receivedAt: row.received_at,
      ...(part ? { part } : {}),
    },
  }
}

/** The receipts held for the parts of one long text (see inbound-parts.ts). */
export function findPartReceipts(
  db: Db,
  key: { connectionId: string; from: string; ref: string },
): Promise<InboundReceiptRow[]> {
  return db
    .selectFrom('inbound_receipts')
    .selectAll()
    .where('connection_id', '=', key.connectionId)
    .where('from_number', '=', key.from)
    .where('part_ref', '=', key.ref)
    .orderBy('created_at')
    .execute()
}

const COLUMNS = [
  'id',
  'org_id',
  'connection_id',
  'provider_message_id',
  'from_number',
  'to_number',
  'body',
  'body_cleaned',
  'received_at',
  'created_at',
  'next_attempt_at',
  'part_ref',
  'part_number',
  'part_total',
] as const satisfies readonly (keyof NewReceipt)[]

const NAMES = COLUMNS.map((c) => `"${c}"`).join(', ')
/**
 * A text already made into a message (its receipt is gone), or into part of one, is a duplicate too.
 * On PostgreSQL each check ends in `offset 0`, which keeps it a lookup in the table's unique index,
 * row by row: as a join, PostgreSQL hashed the whole of `messages` for every batch while the table
 * was small or its statistics older than its rows (a flood into a new database: the batch cost grew
 * with the table, 20 ms at 20,000 messages). SQLite looks them up in the index as it is.
 */
const NOT_STORED =
  'not exists (select 1 from "messages" m where m."connection_id" = v.%connection% and m."provider_message_id" = v.%provider%%tail%)' +
  ' and not exists (select 1 from "message_parts" p where p."connection_id" = v.%connection% and p."provider_message_id" = v.%provider%%tail%)'
const TAIL = 'on conflict ("connection_id", "provider_message_id") do nothing returning "id"'

const sqliteTexts = new Map<number, string>()

/** SQLite names the columns of a VALUES list column1, column2, ... in order. */
function sqliteInsert(count: number): string {
  let text = sqliteTexts.get(count)
  if (text === undefined) {
    const row = `(${COLUMNS.map(() => '?').join(', ')})`
    const column = (name: (typeof COLUMNS)[number]) => `column${COLUMNS.indexOf(name) + 1}`
    const where = NOT_STORED.replaceAll('%connection%', column('connection_id'))
      .replaceAll('%provider%', column('provider_message_id'))
      .replaceAll('%tail%', '')
    text = `insert into "inbound_receipts" (${NAMES}) select * from (values ${Array.from({ length: count }, () => row).join(', ')}) as v where ${where} ${TAIL}`
    if (sqliteTexts.size > 500) sqliteTexts.clear()
    sqliteTexts.set(count, text)
  }
  return text
}

const POSTGRES_WHERE = NOT_STORED.replaceAll('%connection%', '"connection_id"')
  .replaceAll('%provider%', '"provider_message_id"')
  .replaceAll('%tail%', ' offset 0')

/** The receipt insert on PostgreSQL: the batch as one JSON parameter. Exported for its plan's test. */
export const POSTGRES_INSERT = `insert into "inbound_receipts" (${NAMES}) select ${NAMES} from json_populate_recordset(null::"inbound_receipts", $1) v where ${POSTGRES_WHERE} ${TAIL}`

/**
 * Stores the receipts not stored yet in one statement each chunk (one commit on its own) and returns
 * the ids of those stored now. A provider id that has a receipt or a message already stores nothing.
 * On PostgreSQL the statement is prepared once per connection (its text is the same for every batch
 * size): it runs for every few webhooks, and parsing and planning it each time cost the server as
 * much CPU as running it.
 */
export async function insertReceipts(
  database: DatabaseHandle,
  receipts: readonly NewReceipt[],
): Promise<Set<string>> {
  const stored = new Set<string>()
  for (const chunk of chunksOf(receipts, rowsPerStatement(COLUMNS.length))) {
    let rows: { id: string }[]
    if (database.pool) {
      const result = await database.pool.query<{ id: string }>({
        name: 'parley_insert_inbound_receipts',
        text: POSTGRES_INSERT,
        values: [JSON.stringify(chunk)],
      })
      rows = result.rows
    } else {
      const values: unknown[] = []
      for (const receipt of chunk) for (const column of COLUMNS) values.push(receipt[column])
      rows = (
        await database.db.executeQuery<{ id: string }>(CompiledQuery.raw(sqliteInsert(chunk.length), values))
      ).rows
    }
    for (const row of rows) stored.add(row.id)
  }
  return stored
}

/** The receipts' deletion, as a write of the transaction that stores their messages. */
export function deleteReceipts(db: Db, ids: readonly string[]): Write[] {
  return chunksOf(ids, MAX_IN_LIST).map((chunk) => ({
    query: sql`${db.deleteFrom('inbound_receipts').where('id', 'in', chunk)}`,
    parameters: chunk.length,
  }))
}

/**
 * Receipts whose time has come (left by a crash, or failed before), or those of `only` among them,
 * taken until `leaseUntil` so another process's sweep leaves them alone meanwhile (PostgreSQL skips
 * rows another sweep is taking).
 */
export async function claimDueReceipts(
  db: Db,
  dialect: Dialect,
  options: { now: string; leaseUntil: string; limit: number; only?: readonly string[] },
): Promise<InboundReceiptRow[]> {
  let due = db
    .selectFrom('inbound_receipts')
    .select('id')
    .where('next_attempt_at', '<=', options.now)
    .orderBy('next_attempt_at')
    .limit(options.limit)
  if (options.only) due = due.where('id', 'in', options.only)
  if (dialect === 'postgres') due = due.forUpdate().skipLocked()
  return db
    .updateTable('inbound_receipts')
    .set({ next_attempt_at: options.leaseUntil })
    .where('id', 'in', due)
    .returningAll()
    .execute()
}

/** The most attempts any of these receipts has had (the receipts of one text share them). */
export async function countAttempts(db: Db, ids: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('inbound_receipts')
    .select((eb) => eb.fn.max('attempts').as('attempts'))
    .where('id', 'in', ids)
    .executeTakeFirst()
  return Number(row?.attempts ?? 0)
}

/** The receipts of a text that could not be stored as a message: tried again at `retryAt`, with the reason. */
export async function markReceiptsFailed(
  db: Db,
  ids: readonly string[],
  error: string,
  retryAt: string,
): Promise<void> {
  await db
    .updateTable('inbound_receipts')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 500),
      next_attempt_at: retryAt,
    }))
    .where('id', 'in', ids)
    .execute()
}

/** How many receipts wait, and how many of them failed at least once (for /metrics). */
export async function countReceipts(db: Db): Promise<{ waiting: number; failing: number }> {
  const row = await db
    .selectFrom('inbound_receipts')
    .select((eb) => [
      eb.fn.countAll<number>().as('waiting'),
      eb.fn.sum<number>(eb.case().when('attempts', '>', 0).then(1).else(0).end()).as('failing'),
    ])
    .executeTakeFirstOrThrow()
  return { waiting: Number(row.waiting), failing: Number(row.failing ?? 0) }
}

/** A received text that failed to be stored at least once and waits for its next try (the API's shape). */
export type FailedReceipt = Static<typeof InboundFailureSchema>

/** An organization's received texts that failed to be stored, newest first. */
export async function listFailedReceipts(
  db: Db,
  orgId: string,
  page: PageRequest,
): Promise<Page<FailedReceipt>> {
  let query = db
    .selectFrom('inbound_receipts')
    .leftJoin('connections', 'connections.id', 'inbound_receipts.connection_id')
    .selectAll('inbound_receipts')
    .select('connections.name as connection_name')
    .where('inbound_receipts.org_id', '=', orgId)
    .where('inbound_receipts.attempts', '>', 0)
  if (page.after) query = query.where(olderThan('inbound_receipts', page.after))
  const rows = await query
    .orderBy('inbound_receipts.created_at', 'desc')
    .orderBy('inbound_receipts.id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (r) => ({
    id: r.id,
    connectionId: r.connection_id,
    connectionName: r.connection_name,
    from: r.from_number,
    to: r.to_number,
    body: r.body,
    receivedAt: r.received_at,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
  }))
}

/** Makes a failed receipt of the organization due now; false when there is none with that id. */
export async function makeFailedReceiptDue(db: Db, orgId: string, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('inbound_receipts')
    .set({ next_attempt_at: now })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('attempts', '>', 0)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function findReceipt(db: Db, id: string): Promise<InboundReceiptRow | undefined> {
  return db.selectFrom('inbound_receipts').selectAll().where('id', '=', id).executeTakeFirst()
}
