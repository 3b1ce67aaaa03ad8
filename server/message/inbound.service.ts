import { nowIso } from '../clock'
import type { ConnectionRow } from '../connection/connection.table'
import { recordConversationMessage, upsertConversation } from '../conversation/conversation.repository'
import { keywordAction } from '../core/opt-out-keywords'
import { countSegments } from '../core/segments'
import { logReceivedMessage } from '../credit/credit.service'
import type { Db } from '../db/database'
import { newId } from '../ids'
import { announceNotifications, notifyUsers } from '../notification/notification.service'
import type { NotificationsTable } from '../notification/notification.table'
import { recordOptChange } from '../opt-out/opt-out.repository'
import type { Organization } from '../organization/organization.repository'
import { getOrganization } from '../organization/organization.service'
import type { InboundSms } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { insertInboundMessage, linkMessagePeople } from './message.repository'
import { findReplyAudience } from './reply-audience'

interface Sender {
  id: string
  first_name: string
  last_name: string
}

/** "Jane Doe", "Jane Doe and 1 other" for a shared number, or the number itself when unknown. */
function describeSender(people: readonly Sender[], phone: string): string {
  const first = people[0]
  const name = first ? `${first.first_name} ${first.last_name}`.trim() : ''
  if (!name) return phone
  return people.length > 1 ? `${name} and ${people.length - 1} other${people.length > 2 ? 's' : ''}` : name
}

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

/** One received text, inside the caller's transaction; null when it was already stored. */
async function storeInbound(
  trx: Db,
  deps: ServiceDeps,
  org: Organization,
  { connection, sms }: InboundItem,
): Promise<Stored | null> {
  const orgId = connection.org_id
  const at = nowIso(deps.clock)
  const count = countSegments(sms.body)
  const keyword = keywordAction(sms.body)
  const people: Sender[] = await trx
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name'])
    .where('org_id', '=', orgId)
    .where('mobile_e164', '=', sms.from)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute()
  const personIds = people.map((p) => p.id)
  const conversation = await upsertConversation(trx, { orgId, phone: sms.from, at })
  const id = newId()
  const inserted = await insertInboundMessage(trx, {
    id,
    org_id: orgId,
    direction: 'inbound',
    kind: 'reply',
    status: 'received',
    conversation_id: conversation.id,
    person_id: personIds[0] ?? null,
    to_number: sms.to,
    from_number: sms.from,
    subject: null,
    body: sms.body,
    encoding: count.encoding,
    segments: count.segments,
    credits: 0,
    repliable: 1,
    campaign_id: null,
    sender_user_id: null,
    connection_id: connection.id,
    provider_message_id: sms.providerMessageId,
    send_at: null,
    attempts: 0,
    next_attempt_at: null,
    lease_until: null,
    error_code: null,
    error_message: null,
    resent_from_id: null,
    failover_from_connection_id: null,
    deleted_at: null,
    created_at: sms.receivedAt || at,
    updated_at: at,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
  })
  if (!inserted) return null
  await linkMessagePeople(trx, id, personIds)
  await recordConversationMessage(trx, {
    conversationId: conversation.id,
    at: sms.receivedAt || at,
    preview: sms.body,
    direction: 'inbound',
    direct: true,
    unread: true,
    restore: conversation.deleted_at !== null,
    people: { personId: personIds[0] ?? null, count: personIds.length },
  })
  await logReceivedMessage(trx, deps.clock, orgId, id)
  if (keyword && keyword.action !== 'help') {
    await recordOptChange(trx, {
      org_id: orgId,
      phone_e164: sms.from,
      action: keyword.action,
      source: 'keyword',
      keyword: keyword.keyword,
      message_id: id,
      user_id: null,
      created_at: at,
    })
  }
  const audience = await findReplyAudience(trx, {
    orgId,
    conversationId: conversation.id,
    personIds,
    settings: org.settings,
  })
  const who = describeSender(people, sms.from)
  const title = keyword?.action === 'opt_out' ? `${who} opted out (${keyword.keyword})` : `Reply from ${who}`
  const notifications = await notifyUsers(
    trx,
    audience,
    {
      org_id: orgId,
      type: 'message.received',
      message_id: id,
      conversation_id: conversation.id,
      title,
      body: sms.body.slice(0, 200),
    },
    at,
  )
  return { orgId, id, conversationId: conversation.id, notifications }
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
 * the right users by notification rows and events. Several texts share ONE transaction, so a burst
 * of webhooks costs one commit (group commit, see inbound-batcher.ts); events go out after it.
 */
export async function receiveInboundBatch(
  deps: ServiceDeps,
  items: readonly InboundItem[],
): Promise<InboundOutcome[]> {
  const orgs = new Map<string, Organization>()
  for (const item of items) {
    const orgId = item.connection.org_id
    if (!orgs.has(orgId)) orgs.set(orgId, await getOrganization(deps.database.db, orgId))
  }
  const stored = await deps.database.db.transaction().execute(async (trx) => {
    const out: (Stored | null)[] = []
    for (const item of items) {
      const org = orgs.get(item.connection.org_id)
      if (!org) throw new Error(`Organization ${item.connection.org_id} vanished`)
      out.push(await storeInbound(trx, deps, org, item))
    }
    return out
  })
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
