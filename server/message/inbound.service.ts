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
import { getOrganization } from '../organization/organization.service'
import type { InboundSms } from '../provider/provider'
import type { ServiceDeps } from '../service-deps'
import { insertInboundMessage, linkMessagePeople } from './message.repository'
import { findPeopleIdsByPhone } from './recipient'
import { findReplyAudience } from './reply-audience'

/** "Jane Doe", "Jane Doe and 1 other" for a shared number, or the number itself when unknown. */
async function describeSender(db: Db, personIds: readonly string[], phone: string): Promise<string> {
  const first = personIds[0]
  if (!first) return phone
  const person = await db
    .selectFrom('people')
    .select(['first_name', 'last_name'])
    .where('id', '=', first)
    .executeTakeFirst()
  const name = person ? `${person.first_name} ${person.last_name}`.trim() : ''
  if (!name) return phone
  return personIds.length > 1
    ? `${name} and ${personIds.length - 1} other${personIds.length > 2 ? 's' : ''}`
    : name
}

export type InboundOutcome =
  | { duplicate: true }
  | { duplicate: false; messageId: string; conversationId: string }

/**
 * Stores a received text once (a unique key on connection + provider id makes webhook retries and
 * polls no-ops), links it to every person with that number, handles STOP/START, and tells the
 * right users by notification rows and events.
 */
export async function receiveInbound(
  deps: ServiceDeps,
  connection: Pick<ConnectionRow, 'id' | 'org_id'>,
  sms: InboundSms,
): Promise<InboundOutcome> {
  const db = deps.database.db
  const orgId = connection.org_id
  const org = await getOrganization(db, orgId)
  const at = nowIso(deps.clock)
  const count = countSegments(sms.body)
  const keyword = keywordAction(sms.body)

  const result = await db.transaction().execute(async (trx) => {
    const people = await findPeopleIdsByPhone(trx, orgId, sms.from)
    const conversation = await upsertConversation(trx, { orgId, phone: sms.from, at })
    const id = newId()
    const inserted = await insertInboundMessage(trx, {
      id,
      org_id: orgId,
      direction: 'inbound',
      kind: 'reply',
      status: 'received',
      conversation_id: conversation.id,
      person_id: people[0] ?? null,
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
    await linkMessagePeople(trx, id, people)
    await recordConversationMessage(trx, {
      conversationId: conversation.id,
      at: sms.receivedAt || at,
      preview: sms.body,
      direction: 'inbound',
      direct: true,
      unread: true,
      people: { personId: people[0] ?? null, count: people.length },
    })
    if (conversation.deleted_at) {
      await trx
        .updateTable('conversations')
        .set({ deleted_at: null })
        .where('id', '=', conversation.id)
        .execute()
    }
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
      personIds: people,
      settings: org.settings,
    })
    const who = await describeSender(trx, people, sms.from)
    const title =
      keyword?.action === 'opt_out' ? `${who} opted out (${keyword.keyword})` : `Reply from ${who}`
    const notifications: NotificationsTable[] = await notifyUsers(
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
    return { id, conversationId: conversation.id, notifications }
  })
  if (!result) return { duplicate: true }
  deps.events.emit('message.created', {
    orgId,
    messageId: result.id,
    conversationId: result.conversationId,
    direction: 'inbound',
  })
  deps.events.emit('conversation.updated', { orgId, conversationId: result.conversationId })
  announceNotifications(deps.events, result.notifications)
  return { duplicate: false, messageId: result.id, conversationId: result.conversationId }
}
