import { nowIso } from '../clock'
import type { ConnectionRow } from '../connection/connection.table'
import type { ConversationRow } from '../conversation/conversation.table'
import { keywordAction } from '../core/opt-out-keywords'
import type { OrgSettings } from '../core/org-settings'
import type { Db, Dialect } from '../db/database'
import { newId } from '../ids'
import { announceNotifications } from '../notification/notification.service'
import type { NotificationsTable } from '../notification/notification.table'
import { getOrganization } from '../organization/organization.service'
import type { InboundSms } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import {
  bumpConversations,
  findPeopleByPhones,
  insertInboundMessages,
  insertNotificationRows,
  linkMessagesToPeople,
  logReceivedMessages,
  type PhoneKey,
  phoneKeyOf,
  recordOptChanges,
  rememberParts,
  runWrites,
  type Sender,
  upsertConversations,
} from './inbound.repository'
import { deleteReceipts } from './inbound-receipt.repository'
import { bumpsOf, messageRowOf, notificationRowsOf, optChangesOf, type Text } from './inbound-rows'
import { inTransaction, together } from './inbound-transaction'
import { findReplyAudiences } from './reply-audience'
import { compareText } from './sql-chunks'

export type InboundOutcome =
  | { duplicate: true }
  | { duplicate: false; messageId: string; conversationId: string }

export interface InboundItem {
  connection: Pick<ConnectionRow, 'id' | 'org_id'>
  sms: InboundSms
  /** The id of the message to make: the receipt's, when the text came through one. */
  id?: string
  /** The provider ids of the parts the text was joined from, when it came in parts. */
  partIds?: readonly string[]
}

interface Stored {
  orgId: string
  id: string
  conversationId: string
  notifications: NotificationsTable[]
}

/** The organizations' settings; a missing organization fails the batch, as it would fail the text. */
async function readSettings(trx: Db, items: readonly InboundItem[]): Promise<Map<string, OrgSettings>> {
  const orgIds = [...new Set(items.map((i) => i.connection.org_id))]
  const organizations = await together(...orgIds.map((orgId) => getOrganization(trx, orgId)))
  return new Map(organizations.map((org) => [org.id, org.settings]))
}

/** Each number of the batch once, as the key of people lookups and conversations. */
function phoneKeysOf(items: readonly InboundItem[]): PhoneKey[] {
  const keys = new Map<string, PhoneKey>()
  for (const { connection, sms } of items) {
    keys.set(phoneKeyOf(connection.org_id, sms.from), { orgId: connection.org_id, phone: sms.from })
  }
  return [...keys.values()]
}

/** The texts of the batch with the people and the conversation of their number. */
function textsOf(
  items: readonly InboundItem[],
  people: ReadonlyMap<string, Sender[]>,
  conversations: ReadonlyMap<string, ConversationRow>,
  at: string,
): Text[] {
  return items.map((item) => {
    const orgId = item.connection.org_id
    const key = phoneKeyOf(orgId, item.sms.from)
    const conversation = conversations.get(key)
    if (!conversation) throw new Error(`No conversation came back for ${item.sms.from} in ${orgId}`)
    return {
      item,
      orgId,
      id: item.id ?? newId(),
      people: people.get(key) ?? [],
      conversation,
      receivedAt: item.sms.receivedAt || at,
      keyword: keywordAction(item.sms.body),
    }
  })
}

/**
 * Inserts the texts not stored yet and returns those stored now, in batch order. A provider id met
 * twice in the batch is tried once: the second copy is a duplicate, as a later webhook retry would be.
 */
async function insertNew(trx: Db, dialect: Dialect, texts: readonly Text[], at: string): Promise<Text[]> {
  const seen = new Set<string>()
  const fresh = texts.filter(({ item }) => {
    const key = `${item.connection.id} ${item.sms.providerMessageId}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  // Sorted by the unique key, so concurrent batches wait on each other's rows in one order.
  const rows = fresh
    .map((t) => messageRowOf(t, at))
    .sort((a, b) =>
      compareText(
        `${a.connection_id} ${a.provider_message_id}`,
        `${b.connection_id} ${b.provider_message_id}`,
      ),
    )
  const inserted = await insertInboundMessages(trx, dialect, rows)
  return fresh.filter((t) => inserted.has(t.id))
}

/** Who is told of each text, in batch order (see `findReplyAudiences`). */
function audiencesOf(
  trx: Db,
  texts: readonly Text[],
  settings: ReadonlyMap<string, OrgSettings>,
): Promise<string[][]> {
  return findReplyAudiences(
    trx,
    texts.map((t) => ({
      orgId: t.orgId,
      conversationId: t.conversation.id,
      personIds: t.people.map((p) => p.id),
      settings: settings.get(t.orgId)!,
    })),
  )
}

/**
 * The whole batch inside the caller's transaction: null for each text already stored. Statements
 * that need nothing from each other are issued together (one round trip on PostgreSQL, see
 * inbound-transaction.ts): the settings, the people and the conversations of the numbers; then the
 * message insert and the reply audiences (a duplicate's is dropped). The writes that follow depend on
 * nothing written after the message insert, so they go out together too (one statement on
 * PostgreSQL, see `runWrites`).
 */
async function storeBatch(
  trx: Db,
  deps: ServiceDeps,
  items: readonly InboundItem[],
  receipts: readonly string[],
): Promise<(Stored | null)[]> {
  const at = nowIso(deps.clock)
  const dialect = deps.database.dialect
  const keys = phoneKeysOf(items)
  const [settings, people, conversations] = await together(
    readSettings(trx, items),
    findPeopleByPhones(trx, keys),
    upsertConversations(trx, dialect, keys, at),
  )
  const texts = textsOf(items, people, conversations, at)
  const [stored, audiences] = await together(
    insertNew(trx, dialect, texts, at),
    audiencesOf(trx, texts, settings),
  )
  if (stored.length === 0) {
    await runWrites(trx, dialect, deleteReceipts(trx, receipts))
    return texts.map(() => null)
  }
  const audienceOf = new Map(texts.map((t, i) => [t.id, audiences[i] ?? []]))
  const notifications = notificationRowsOf(
    stored,
    stored.map((t) => audienceOf.get(t.id) ?? []),
    at,
  )
  await runWrites(trx, dialect, [
    ...linkMessagesToPeople(
      dialect,
      stored.flatMap((t) => t.people.map((p) => ({ message_id: t.id, person_id: p.id }))),
    ),
    ...bumpConversations(dialect, bumpsOf(stored)),
    ...logReceivedMessages(
      trx,
      stored.map((t) => ({ orgId: t.orgId, messageId: t.id })),
      at,
    ),
    ...recordOptChanges(trx, optChangesOf(stored, at)),
    ...insertNotificationRows(dialect, notifications.flat()),
    ...rememberParts(
      dialect,
      stored.flatMap(({ id, item }) =>
        (item.partIds ?? []).map((partId) => ({
          connection_id: item.connection.id,
          provider_message_id: partId,
          message_id: id,
        })),
      ),
    ),
    ...deleteReceipts(trx, receipts),
  ])
  const byId = new Map(
    stored.map((t, i): [string, Stored] => [
      t.id,
      { orgId: t.orgId, id: t.id, conversationId: t.conversation.id, notifications: notifications[i] ?? [] },
    ]),
  )
  return texts.map((t) => byId.get(t.id) ?? null)
}

function announce(deps: ServiceDeps, stored: Stored): void {
  const { orgId, id, conversationId } = stored
  deps.events.emit('message.created', { orgId, messageId: id, conversationId, direction: 'inbound' })
  deps.events.emit('conversation.updated', { orgId, conversationId })
  announceNotifications(deps.events, stored.notifications)
}

/**
 * Stores received texts once each (a unique key on connection + provider id makes webhook retries
 * and polls no-ops), links each to every person with that number, handles STOP/START, and tells
 * the right users by notification rows and events. Several texts share ONE transaction and the same
 * dozen set-based statements, so a burst of webhooks costs one commit (group commit, see
 * inbound-pipeline.ts); events go out after it, in batch order. `receipts` are deleted in the same
 * transaction: a text is either still a receipt or a message, never both nor neither.
 */
export async function receiveInboundBatch(
  deps: ServiceDeps,
  items: readonly InboundItem[],
  receipts: readonly string[] = [],
): Promise<InboundOutcome[]> {
  if (items.length === 0) return []
  const stored = await inTransaction(deps.database, (trx) => storeBatch(trx, deps, items, receipts))
  return stored.map((s) => {
    if (!s) return { duplicate: true }
    announce(deps, s)
    return { duplicate: false, messageId: s.id, conversationId: s.conversationId }
  })
}
