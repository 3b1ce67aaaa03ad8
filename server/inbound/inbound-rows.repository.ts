import type { ConversationRow } from '../conversation/conversation.table'
import type { KeywordAction } from '../core/opt-out-keywords'
import { countSegments } from '../core/segments'
import { newId } from '../ids'
import type { MessagesTable } from '../message/message.table'
import type { NotificationsTable } from '../notification/notification.table'
import type { OptOutEventsTable } from '../opt-out/opt-out.table'
import { groupBy } from './collections'
import { type ConversationBump, phoneKeyOf, type Sender } from './inbound.repository'
import type { InboundItem } from './inbound.service'

/** The rows a batch of received texts writes, built from what the batch's lookups found. */

/** One text of a batch with what the batch's lookups found for it. */
export interface Text {
  item: InboundItem
  orgId: string
  id: string
  people: Sender[]
  conversation: ConversationRow
  receivedAt: string
  keyword: { action: KeywordAction; keyword: string } | null
}

export function messageRowOf(text: Text, at: string): MessagesTable {
  const { connection, sms } = text.item
  const count = countSegments(sms.body)
  return {
    id: text.id,
    org_id: text.orgId,
    direction: 'inbound',
    kind: 'reply',
    status: 'received',
    conversation_id: text.conversation.id,
    person_id: text.people[0]?.id ?? null,
    to_number: sms.to,
    from_number: sms.from,
    subject: null,
    body: sms.body,
    body_cleaned: sms.bodyCleaned ? 1 : 0,
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
    created_at: text.receivedAt,
    updated_at: at,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
  }
}

/** A text of a batch before its conversation is known. */
export type Unplaced = Omit<Text, 'conversation'>

/** One bump per number: the newest text sets the preview (the later one of a tie). */
export function bumpsOf(texts: readonly Unplaced[]): ConversationBump[] {
  return [...groupBy(texts, (t) => phoneKeyOf(t.orgId, t.item.sms.from)).values()].map((group) => {
    const last = group.reduce((a, b) => (b.receivedAt >= a.receivedAt ? b : a))
    return {
      orgId: last.orgId,
      phone: last.item.sms.from,
      at: last.receivedAt,
      preview: last.item.sms.body,
      personId: last.people[0]?.id ?? null,
      personCount: last.people.length,
      unread: group.length,
    }
  })
}

export function optChangesOf(stored: readonly Text[], at: string): Omit<OptOutEventsTable, 'id'>[] {
  return stored.flatMap((t) =>
    t.keyword && t.keyword.action !== 'help'
      ? [
          {
            org_id: t.orgId,
            phone_e164: t.item.sms.from,
            action: t.keyword.action,
            source: 'keyword' as const,
            keyword: t.keyword.keyword,
            message_id: t.id,
            user_id: null,
            created_at: at,
          },
        ]
      : [],
  )
}

/** "Jane Doe", "Jane Doe and 1 other" for a shared number, or the number itself when unknown. */
function describeSender(people: readonly Sender[], phone: string): string {
  const first = people[0]
  const name = first ? `${first.first_name} ${first.last_name}`.trim() : ''
  if (!name) return phone
  return people.length > 1 ? `${name} and ${people.length - 1} other${people.length > 2 ? 's' : ''}` : name
}

/** Notification rows of each text, in batch order, for the users `findReplyAudiences` found. */
export function notificationRowsOf(
  texts: readonly Text[],
  audiences: readonly (readonly string[])[],
  at: string,
): NotificationsTable[][] {
  return texts.map((t, i) => {
    const who = describeSender(t.people, t.item.sms.from)
    const title =
      t.keyword?.action === 'opt_out' ? `${who} opted out (${t.keyword.keyword})` : `Reply from ${who}`
    return (audiences[i] ?? []).map(
      (userId): NotificationsTable => ({
        org_id: t.orgId,
        type: 'message.received',
        message_id: t.id,
        conversation_id: t.conversation.id,
        title,
        body: t.item.sms.body.slice(0, 200),
        id: newId(),
        user_id: userId,
        cleared_at: null,
        created_at: at,
      }),
    )
  })
}
