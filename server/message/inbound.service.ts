import { nowIso } from '../clock'
import type { ConnectionRow } from '../connection/connection.table'
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
  runWrites,
  upsertConversations,
} from './inbound.repository'
import { bumpsOf, messageRowOf, notificationRowsOf, optChangesOf, type Text } from './inbound-rows'
import { findReplyAudiences } from './reply-audience'

export type InboundOutcome =
  | { duplicate: true }
  | { duplicate: false; messageId: string; conversationId: string }

export interface InboundItem {
  connection: Pick<ConnectionRow, 'id' | 'org_id'>
  sms: InboundSms
}

interface Stored {
  orgId: string
  id: string
  conversationId: string
  notifications: NotificationsTable[]
}

/** The organizations' settings; a missing organization fails the batch, as it would fail the text. */
async function readSettings(trx: Db, items: readonly InboundItem[]): Promise<Map<string, OrgSettings>> {
  const settings = new Map<string, OrgSettings>()
  for (const orgId of new Set(items.map((i) => i.connection.org_id))) {
    settings.set(orgId, (await getOrganization(trx, orgId)).settings)
  }
  return settings
}

/** Looks up people and conversations for every number of the batch, once per number. */
async function prepareTexts(
  trx: Db,
  dialect: Dialect,
  items: readonly InboundItem[],
  at: string,
): Promise<Text[]> {
  const keys = new Map<string, PhoneKey>()
  for (const { connection, sms } of items) {
    keys.set(phoneKeyOf(connection.org_id, sms.from), { orgId: connection.org_id, phone: sms.from })
  }
  const people = await findPeopleByPhones(trx, [...keys.values()])
  const conversations = await upsertConversations(trx, dialect, [...keys.values()], at)
  return items.map((item) => {
    const orgId = item.connection.org_id
    const key = phoneKeyOf(orgId, item.sms.from)
    const conversation = conversations.get(key)
    if (!conversation) throw new Error(`No conversation came back for ${item.sms.from} in ${orgId}`)
    return {
      item,
      orgId,
      id: newId(),
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
      order(`${a.connection_id} ${a.provider_message_id}`, `${b.connection_id} ${b.provider_message_id}`),
    )
  const inserted = await insertInboundMessages(trx, dialect, rows)
  return fresh.filter((t) => inserted.has(t.id))
}

/** Notification rows of each stored text, in batch order; the users come from `findReplyAudiences`. */
async function notificationsOf(
  trx: Db,
  stored: readonly Text[],
  settings: ReadonlyMap<string, OrgSettings>,
  at: string,
): Promise<NotificationsTable[][]> {
  const audiences = await findReplyAudiences(
    trx,
    stored.map((t) => ({
      orgId: t.orgId,
      conversationId: t.conversation.id,
      personIds: t.people.map((p) => p.id),
      settings: settings.get(t.orgId)!,
    })),
  )
  return notificationRowsOf(stored, audiences, at)
}

/**
 * The whole batch inside the caller's transaction: null for each text already stored. Reads come
 * first; the writes that follow the message insert depend on nothing written after it, so they go
 * out together (one statement on PostgreSQL, see `runWrites`).
 */
async function storeBatch(
  trx: Db,
  deps: ServiceDeps,
  items: readonly InboundItem[],
): Promise<(Stored | null)[]> {
  const at = nowIso(deps.clock)
  const dialect = deps.database.dialect
  const settings = await readSettings(trx, items)
  const texts = await prepareTexts(trx, dialect, items, at)
  const stored = await insertNew(trx, dialect, texts, at)
  if (stored.length === 0) return texts.map(() => null)
  const notifications = await notificationsOf(trx, stored, settings, at)
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
 * inbound-batcher.ts); events go out after it, in batch order.
 */
export async function receiveInboundBatch(
  deps: ServiceDeps,
  items: readonly InboundItem[],
): Promise<InboundOutcome[]> {
  if (items.length === 0) return []
  const stored = await deps.database.db.transaction().execute((trx) => storeBatch(trx, deps, items))
  return stored.map((s) => {
    if (!s) return { duplicate: true }
    announce(deps, s)
    return { duplicate: false, messageId: s.id, conversationId: s.conversationId }
  })
}

export async function receiveInbound(
  deps: ServiceDeps,
  connection: Pick<ConnectionRow, 'id' | 'org_id'>,
  sms: InboundSms,
): Promise<InboundOutcome> {
  const [outcome] = await receiveInboundBatch(deps, [{ connection, sms }])
  if (!outcome) throw new Error('No outcome for an inbound message')
  return outcome
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
