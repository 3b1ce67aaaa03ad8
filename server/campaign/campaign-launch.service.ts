import type { AttachmentLinksTable } from '../attachment/attachment.table'
import type { Connection } from '../connection/connection.repository'
import { insertLedgerEntry, readBalance, takeCredits } from '../credit/credit.repository'
import type { Db } from '../db/database'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import { linkExpiry, linkUrl, newLinkId, signLink } from '../interview/signed-link'
import type { MessagesTable } from '../message/message.table'
import type { Sender } from '../message/send.service'
import type { ServiceDeps } from '../service-deps'
import { bulkMessageRow } from './bulk-message-row'
import { findCampaignRow, updateCampaignIf } from './campaign.repository'
import { campaignSpecOf, describeSkips, requireCampaign } from './campaign.service'
import type { CampaignRow } from './campaign.table'
import {
  addBulkConversationUser,
  insertBulkAttachmentLinks,
  insertBulkMessagePeople,
  insertBulkMessages,
  upsertBulkConversations,
} from './campaign-messages.repository'
import { type PlannedMessage, type PlannedSkip, planCampaign } from './campaign-plan'
import { prepareSend } from './campaign-prepare'
import { createBulkRouter } from './campaign-routing'

const CHUNK = 1000
/** Recipients written per round of statements: bounds memory per round, and one PostgreSQL unnest each. */
const WRITE_CHUNK = 5000

export interface LaunchOptions {
  /** The cost the sender saw in the preview: a different cost refuses the launch. */
  expectedCredits?: number | undefined
  onProgress?: (phase: 'plan' | 'write', done: number, total: number | null) => void
}

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

interface WriteInput {
  row: CampaignRow
  sender: Sender
  messages: readonly PlannedMessage[]
  skips: readonly PlannedSkip[]
  connections: Map<string, Connection>
  at: string
  sendAt: string | null
  link: { expiresAt: Date } | null
  onChunk: (done: number) => void
}

async function writeMessages(deps: ServiceDeps, trx: Db, input: WriteInput): Promise<string | null> {
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
    for (const m of chunk) {
      const id = newId()
      firstId ??= id
      const connection = input.connections.get(m.phone)!
      let body = m.text
      if (input.link && row.attachment_id) {
        const linkId = newLinkId()
        body = `${m.text}\n${linkUrl(deps.config.publicBaseUrl, 'download', signLink(deps.config.secretKey, 'download', linkId, input.link.expiresAt))}`
        links.push({
          id: linkId,
          org_id: row.org_id,
          attachment_id: row.attachment_id,
          message_id: id,
          person_id: m.personId,
          phone: m.phone,
          expires_at: input.link.expiresAt.toISOString(),
          download_count: 0,
          last_downloaded_at: null,
          created_at: at,
        })
      }
      rows.push(
        bulkMessageRow({
          id,
          orgId: row.org_id,
          status: sendAt ? 'scheduled' : 'queued',
          conversationId: conversations.get(m.phone) ?? null,
          personId: m.personId,
          to: m.phone,
          from: connection.sender,
          subject: row.subject,
          body,
          encoding: m.encoding,
          segments: m.segments,
          credits: m.credits,
          repliable: row.repliable,
          campaignId: row.id,
          senderUserId: sender.userId,
          connectionId: connection.id,
          sendAt,
          nextAttemptAt: sendAt ?? at,
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

/**
 * Launches a draft mailshot: renders and counts every text, then in ONE transaction takes the whole
 * cost in a single conditional debit and writes every message in multi-row batches. Short of
 * credits, nothing is written and CREDITS_INSUFFICIENT carries `{ needed, available }`.
 */
export async function launchCampaign(
  deps: ServiceDeps,
  sender: Sender,
  campaignId: string,
  options: LaunchOptions = {},
): Promise<CampaignRow> {
  const db = deps.database.db
  const row = await requireCampaign(db, sender.orgId, campaignId)
  if (row.status !== 'draft')
    throw new errors.CAMPAIGN_STATE_INVALID(row.name, row.status, 'only a draft can be launched')
  const prepared = await prepareSend(deps, campaignSpecOf(row, sender.userId))
  const messages: PlannedMessage[] = []
  const skips: PlannedSkip[] = []
  const totals = await planCampaign(
    db,
    { ...prepared.plan, onProgress: (done) => options.onProgress?.('plan', done, null) },
    { message: (m) => messages.push(m), skipped: (s) => skips.push(s) },
  )
  if (totals.recipients === 0) {
    throw withDetails(new errors.CAMPAIGN_NO_RECIPIENTS(describeSkips(totals)), {
      skipped: totals.skipped,
      skippedByReason: totals.skippedByReason,
    })
  }
  if (options.expectedCredits !== undefined && options.expectedCredits !== totals.credits) {
    throw withDetails(new errors.CAMPAIGN_COST_CHANGED(totals.credits, options.expectedCredits), {
      needed: totals.credits,
      expected: options.expectedCredits,
    })
  }
  const router = await createBulkRouter(db, {
    orgId: sender.orgId,
    connectionId: row.connection_id,
    senderUserId: sender.userId,
  })
  const connections = new Map<string, Connection>()
  for (let i = 0; i < messages.length; i += CHUNK) {
    for (const [phone, c] of await router(messages.slice(i, i + CHUNK).map((m) => m.phone)))
      connections.set(phone, c)
  }
  const now = deps.clock.now()
  const at = now.toISOString()
  const sendAt = row.send_at ? new Date(row.send_at).toISOString() : null
  const link = row.attachment_id
    ? {
        expiresAt: linkExpiry(
          new Date((sendAt ? new Date(sendAt) : now).getTime() + row.link_expiry_days * 86_400_000),
        ),
      }
    : null
  options.onProgress?.('write', 0, messages.length)
  const firstId = await db.transaction().execute(async (trx) => {
    const launched = await updateCampaignIf(trx, row.id, ['draft'], {
      status: 'launched',
      body: prepared.body,
      launched_at: at,
      updated_at: at,
      recipients: totals.recipients,
      skipped: totals.skipped,
      segments: totals.segments,
      credits: totals.credits,
    })
    if (!launched)
      throw new errors.CAMPAIGN_STATE_INVALID(row.name, 'launched', 'it was launched a moment ago')
    const after = await takeCredits(trx, sender.orgId, totals.credits, at)
    if (after === null) {
      const available = await readBalance(trx, sender.orgId)
      throw withDetails(new errors.CREDITS_INSUFFICIENT(totals.credits, available), {
        needed: totals.credits,
        available,
      })
    }
    await insertLedgerEntry(trx, {
      id: newId(),
      org_id: sender.orgId,
      delta: -totals.credits,
      balance_after: after,
      reason: 'message',
      message_id: null,
      user_id: sender.userId,
      note: `Mailshot "${row.name}" (${row.id}): ${totals.recipients} texts`,
      created_at: at,
    })
    return writeMessages(deps, trx, {
      row,
      sender,
      messages,
      skips,
      connections,
      at,
      sendAt,
      link,
      onChunk: (done) => options.onProgress?.('write', done, messages.length),
    })
  })
  // One wake-up for the dispatcher, not one event per text; screens follow campaign.progressed.
  if (firstId)
    deps.events.emit('message.created', {
      orgId: sender.orgId,
      messageId: firstId,
      conversationId: null,
      direction: 'outbound',
    })
  deps.events.emit('campaign.progressed', { orgId: sender.orgId, campaignId: row.id })
  return (await findCampaignRow(db, sender.orgId, row.id)) ?? row
}
