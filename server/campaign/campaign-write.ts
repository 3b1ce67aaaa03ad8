import type { AttachmentLinksTable, DocumentLinksTable } from '../attachment/attachment.table'
import { senderFor } from '../connection/sender'
import { parsePhone } from '../core/phone'
import { type QuietHours, quietHoursSendTime, recipientTimeZone } from '../core/quiet-hours'
import type { Db } from '../db/database'
import { newId } from '../ids'
import { linkUrl, newLinkId, signLink } from '../interview/signed-link'
import type { MessagesTable } from '../message/message.table'
import type { Sender } from '../outbound/send.service'
import type { SendRoute } from '../routing/routing.service'
import type { ServiceDeps } from '../service-deps'
import { bulkMessageRow } from './bulk-message-row'
import type { CampaignRow } from './campaign.table'
import {
  addBulkConversationUser,
  insertBulkAttachmentLinks,
  insertBulkDocumentLinks,
  insertBulkMessagePeople,
  insertBulkMessages,
  upsertBulkConversations,
} from './campaign-messages.repository'
import type { PlannedMessage, PlannedSkip } from './campaign-plan'

/** Recipients written per round of statements: bounds memory per round, and one PostgreSQL unnest each. */
const WRITE_CHUNK = 5000

/** The skipped recipients, stored as `not_triggered` messages costing nothing: the did-not-trigger view. */
function skippedRows(
  row: CampaignRow,
  userId: string | null,
  skips: readonly PlannedSkip[],
  at: string,
): MessagesTable[] {
  return skips.map((s) =>
    bulkMessageRow({
      id: newId(),
      orgId: row.org_id,
      status: 'not_triggered',
      conversationId: null,
      personId: s.personId,
      to: s.phone ?? '',
      from: '',
      subject: row.subject,
      body: s.text,
      encoding: 'GSM-7',
      segments: 0,
      credits: 0,
      repliable: row.repliable,
      campaignId: row.id,
      senderUserId: userId,
      connectionId: null,
      sendAt: null,
      nextAttemptAt: null,
      errorCode: s.reason.toUpperCase(),
      errorMessage: s.detail,
      resentFromId: null,
      at,
    }),
  )
}

/**
 * When one recipient's text may go: the mailshot's time (or now), held to the end of quiet hours in
 * that recipient's own time zone, as for a one-to-one text. Null means now.
 */
function recipientSendAt(
  m: PlannedMessage,
  quiet: QuietHours | null,
  sendAt: string | null,
  now: string,
): string | null {
  const { at, held } = quietHoursSendTime({
    wanted: new Date(sendAt ?? now),
    timeZone: recipientTimeZone(m.timeZone, parsePhone(m.phone).country),
    quiet,
  })
  return held ? at.toISOString() : sendAt
}

export interface WriteInput {
  row: CampaignRow
  sender: Sender
  messages: readonly PlannedMessage[]
  skips: readonly PlannedSkip[]
  /** The connection and number each phone's text goes out on. */
  routes: Map<string, SendRoute>
  at: string
  sendAt: string | null
  /** The organization's quiet hours: each recipient's text is held to the end of its own window. */
  quietHours: QuietHours | null
  link: { expiresAt: Date } | null
  onChunk: (done: number) => void
}

/** Writes a launched mailshot's rows inside the launch transaction; returns the first text's id. */
export async function writeMessages(deps: ServiceDeps, trx: Db, input: WriteInput): Promise<string | null> {
  const { row, sender, at, sendAt } = input
  const dialect = deps.database.dialect
  let firstId: string | null = null
  for (let i = 0; i < input.messages.length; i += WRITE_CHUNK) {
    const chunk = input.messages.slice(i, i + WRITE_CHUNK)
    const conversations = await upsertBulkConversations(
      trx,
      dialect,
      row.org_id,
      chunk.map((m) => ({ phone: m.phone, preview: m.text })),
      at,
    )
    const rows: MessagesTable[] = []
    const links: AttachmentLinksTable[] = []
    const documents: DocumentLinksTable[] = []
    for (const m of chunk) {
      const id = newId()
      firstId ??= id
      const { connection, number } = input.routes.get(m.phone)!
      let body = m.text
      if (input.link && (row.attachment_id || m.document)) {
        const linkId = newLinkId()
        body = `${m.text}\n${linkUrl(deps.config.publicBaseUrl, 'download', signLink(deps.config.secretKey, 'download', linkId, input.link.expiresAt))}`
        const link = {
          id: linkId,
          org_id: row.org_id,
          message_id: id,
          person_id: m.personId,
          phone: m.phone,
          expires_at: input.link.expiresAt.toISOString(),
          download_count: 0,
          last_downloaded_at: null,
          created_at: at,
        }
        if (m.document) documents.push({ ...link, campaign_id: row.id, ...m.document })
        else if (row.attachment_id) links.push({ ...link, attachment_id: row.attachment_id })
      }
      const goesAt = recipientSendAt(m, input.quietHours, sendAt, at)
      rows.push(
        bulkMessageRow({
          id,
          orgId: row.org_id,
          status: goesAt ? 'scheduled' : 'queued',
          conversationId: conversations.get(m.phone) ?? null,
          personId: m.personId,
          to: m.phone,
          from: senderFor(connection, row.repliable === 1, number),
          subject: row.subject,
          body,
          encoding: m.encoding,
          segments: m.segments,
          credits: m.credits,
          repliable: row.repliable,
          campaignId: row.id,
          senderUserId: sender.userId,
          connectionId: connection.id,
          sendAt: goesAt,
          nextAttemptAt: goesAt ?? at,
          errorCode: null,
          errorMessage: null,
          resentFromId: null,
          at,
        }),
      )
    }
    await insertBulkMessages(trx, dialect, rows)
    await insertBulkMessagePeople(
      trx,
      dialect,
      rows.flatMap((r) => (r.person_id ? [{ message_id: r.id, person_id: r.person_id }] : [])),
    )
    if (sender.userId) {
      await addBulkConversationUser(trx, dialect, {
        orgId: row.org_id,
        userId: sender.userId,
        conversationIds: [...conversations.values()],
        at,
      })
    }
    await insertBulkAttachmentLinks(trx, dialect, links)
    await insertBulkDocumentLinks(trx, dialect, documents)
    input.onChunk(i + chunk.length)
  }
  for (let i = 0; i < input.skips.length; i += WRITE_CHUNK) {
    const rows = skippedRows(row, sender.userId, input.skips.slice(i, i + WRITE_CHUNK), at)
    await insertBulkMessages(trx, dialect, rows)
    await insertBulkMessagePeople(
      trx,
      dialect,
      rows.flatMap((r) => (r.person_id ? [{ message_id: r.id, person_id: r.person_id }] : [])),
    )
  }
  return firstId
}
