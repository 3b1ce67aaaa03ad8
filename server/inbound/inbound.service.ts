import { nowIso } from '../clock'
import type { ConnectionRow } from '../connection/connection.table'
import type { ConversationRow } from '../conversation/conversation.table'
import { keywordAction } from '../core/opt-out-keywords'
import type { OrgSettings } from '../core/org-settings'
import type { Db, Dialect } from '../db/database'
import { queueEmails } from '../email/email-outbox.repository'
import { queueRepliesForEmail } from '../email/reply-emails'
import { forwardEmailsOf, type ReceivedText } from '../forwarding/forward-received.service'
import { findForwardingRulesForNumbers } from '../forwarding/forwarding.repository'
import { newId } from '../ids'
import { announceNotifications } from '../notification/notification.service'
import type { NotificationsTable } from '../notification/notification.table'
import { getOrganization } from '../organization/organization.service'
import type { KeywordAnswer } from '../outbound/keyword-answer.service'
import type { InboundSms } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { compareText } from './collections'
import {
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
import {
  bumpsOf,
  messageRowOf,
  notificationRowsOf,
  optChangesOf,
  type Text,
  type Unplaced,
} from './inbound-rows.repository'
import { inTransaction, together } from './inbound-transaction'
import { findReplyAudiences } from './reply-audience'

export type InboundOutcome =
  | { duplicate: true }
  | {
      duplicate: false
      messageId: string
      conversationId: string
      /** The text was a keyword (STOP, START, HELP...): the answer to send once it is stored. */
      answer?: KeywordAnswer
      /** The text, for its number's forwarding rule once it is stored. */
      received: ReceivedText
    }

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
  answer?: KeywordAnswer
  received: ReceivedText
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

/** The key that makes a text a duplicate: its connection and provider id. */
function keyOf(item: InboundItem): string {
  return `${item.connection.id} ${item.sms.providerMessageId}`
}

/** The texts of the batch with the people of their number. */
function textsOf(
  items: readonly InboundItem[],
  people: ReadonlyMap<string, Sender[]>,
  at: string,
): Unplaced[] {
  return items.map((item) => {
    const orgId = item.connection.org_id
    return {
      item,
      orgId,
      id: item.id ?? newId(),
      people: people.get(phoneKeyOf(orgId, item.sms.from)) ?? [],
      receivedAt: item.sms.receivedAt || at,
      keyword: keywordAction(item.sms.body),
    }
  })
}

function placedIn(texts: readonly Unplaced[], conversations: ReadonlyMap<string, ConversationRow>): Text[] {
  return texts.map((text) => {
    const conversation = conversations.get(phoneKeyOf(text.orgId, text.item.sms.from))
    if (!conversation) throw new Error(`No conversation came back for ${text.item.sms.from} in ${text.orgId}`)
    return { ...text, conversation }
  })
}

/**
 * Texts of a batch found stored already by the message insert (a webhook retried while its first
 * copy was being stored): their conversations were moved for them too, so the transaction is rolled
 * back and the batch stored again without them.
 */
class StoredBefore extends Error {
  constructor(readonly keys: ReadonlySet<string>) {
    super(`${keys.size} texts of the batch were stored before`)
  }
}

/** Inserts the texts (each once, sorted by the unique key so concurrent batches wait in one order). */
async function insertAll(trx: Db, dialect: Dialect, texts: readonly Text[], at: string): Promise<void> {
  const rows = texts
    .map((t) => messageRowOf(t, at))
    .sort((a, b) =>
      compareText(
        `${a.connection_id} ${a.provider_message_id}`,
        `${b.connection_id} ${b.provider_message_id}`,
      ),
    )
  const inserted = await insertInboundMessages(trx, dialect, rows)
  if (inserted.size < texts.length) {
    throw new StoredBefore(new Set(texts.filter((t) => !inserted.has(t.id)).map((t) => keyOf(t.item))))
  }
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
 * The whole batch inside the caller's transaction, for the texts not known to be stored: null for
 * each of the others. Statements that need nothing from each other are issued together (one round
 * trip on PostgreSQL, see inbound-transaction.ts): the settings and the people of the numbers; then
 * the conversations, made or moved in one statement; then the message insert and the reply
 * audiences. The writes that follow depend on nothing written after the message insert, so they go
 * out together too (one statement on PostgreSQL, see `runWrites`).
 */
async function storeBatch(
  trx: Db,
  deps: ServiceDeps,
  items: readonly InboundItem[],
  storedBefore: ReadonlySet<string>,
): Promise<(Stored | null)[]> {
  const at = nowIso(deps.clock)
  const dialect = deps.database.dialect
  // The second copy of a provider id in the batch is a duplicate, as a later webhook retry would be.
  const firstOf = new Map<string, InboundItem>()
  for (const item of items) {
    const key = keyOf(item)
    if (!firstOf.has(key) && !storedBefore.has(key)) firstOf.set(key, item)
  }
  const fresh = [...firstOf.values()]
  if (fresh.length === 0) return items.map(() => null)
  const keys = phoneKeysOf(fresh)
  const [settings, people, rules] = await together(
    readSettings(trx, fresh),
    findPeopleByPhones(trx, keys),
    findForwardingRulesForNumbers(
      trx,
      fresh.map((item) => ({ orgId: item.connection.org_id, number: item.sms.to })),
    ),
  )
  const unplaced = textsOf(fresh, people, at)
  const texts = placedIn(unplaced, await upsertConversations(trx, dialect, bumpsOf(unplaced), at))
  const [, audiences] = await together(insertAll(trx, dialect, texts, at), audiencesOf(trx, texts, settings))
  const notifications = notificationRowsOf(texts, audiences, at)
  await runWrites(trx, dialect, [
    ...linkMessagesToPeople(
      dialect,
      texts.flatMap((t) => t.people.map((p) => ({ message_id: t.id, person_id: p.id }))),
    ),
    ...logReceivedMessages(
      trx,
      texts.map((t) => ({ orgId: t.orgId, messageId: t.id })),
      at,
    ),
    ...recordOptChanges(trx, optChangesOf(texts, at)),
    ...insertNotificationRows(dialect, notifications.flat()),
    ...rememberParts(
      dialect,
      texts.flatMap(({ id, item }) =>
        (item.partIds ?? []).map((partId) => ({
          connection_id: item.connection.id,
          provider_message_id: partId,
          message_id: id,
        })),
      ),
    ),
  ])
  const received = texts.map(
    (t): ReceivedText => ({
      orgId: t.orgId,
      messageId: t.id,
      conversationId: t.conversation.id,
      connectionId: t.item.connection.id,
      from: t.item.sms.from,
      to: t.item.sms.to,
      body: t.item.sms.body,
      receivedAt: t.item.sms.receivedAt,
    }),
  )
  // The rules' e-mails in the same transaction: a text is never stored without them.
  await queueEmails(trx, forwardEmailsOf(deps, received, rules, at))
  // And each reply for the e-mail of the users told of it who want one ("E-mail me replies").
  await queueRepliesForEmail(
    trx,
    texts.map((t, i) => ({ orgId: t.orgId, messageId: t.id, userIds: audiences[i] ?? [] })),
    at,
  )
  const byItem = new Map(
    texts.map((t, i): [InboundItem, Stored] => [
      t.item,
      {
        orgId: t.orgId,
        id: t.id,
        conversationId: t.conversation.id,
        notifications: notifications[i] ?? [],
        ...(t.keyword ? { answer: answerOf(t) } : {}),
        received: received[i]!,
      },
    ]),
  )
  return items.map((item) => byItem.get(item) ?? null)
}

/** What the answer to a keyword needs: it goes to the number, from the number and connection texted. */
function answerOf(t: Text): KeywordAnswer {
  return {
    orgId: t.orgId,
    messageId: t.id,
    action: t.keyword!.action,
    phone: t.item.sms.from,
    personId: t.people[0]?.id ?? null,
    connectionId: t.item.connection.id,
    number: t.item.sms.to,
  }
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
 * the right users by notification rows and events. A keyword's answer is not sent here: its outcome
 * carries it (`answer`), for the pipeline to send after this commit without holding up the next batch
 * (a duplicate carries none, so a keyword delivered twice is answered once). Several texts share ONE transaction and the same
 * dozen set-based statements, so a burst of webhooks costs one commit (group commit, see
 * inbound-pipeline.ts); events go out after it, in batch order. The texts' receipts are the
 * pipeline's to delete, after this commit (see `InboundPipeline`).
 */
export async function receiveInboundBatch(
  deps: ServiceDeps,
  items: readonly InboundItem[],
): Promise<InboundOutcome[]> {
  if (items.length === 0) return []
  const storedBefore = new Set<string>()
  let stored: (Stored | null)[]
  for (;;) {
    try {
      stored = await inTransaction(deps.database, (trx) => storeBatch(trx, deps, items, storedBefore))
      break
    } catch (error) {
      if (!(error instanceof StoredBefore)) throw error
      // Each try knows more texts stored before, so this ends, at the latest with none left to store.
      for (const key of error.keys) storedBefore.add(key)
    }
  }
  return stored.map((s): InboundOutcome => {
    if (!s) return { duplicate: true }
    announce(deps, s)
    return {
      duplicate: false,
      messageId: s.id,
      conversationId: s.conversationId,
      ...(s.answer ? { answer: s.answer } : {}),
      received: s.received,
    }
  })
}
