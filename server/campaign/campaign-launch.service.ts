import { insertLedgerEntry, readBalance, takeCredits } from '../credit/credit.repository'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import { linkExpiry } from '../interview/signed-link'
import type { Sender } from '../outbound/send.service'
import type { SendRoute } from '../routing/routing.service'
import type { ServiceDeps } from '../service-deps'
import { findCampaignRow, updateCampaignIf } from './campaign.repository'
import { campaignSpecOf, describeSkips, requireCampaign } from './campaign.service'
import type { CampaignRow } from './campaign.table'
import { type PlannedMessage, type PlannedSkip, planCampaign } from './campaign-plan'
import { prepareSend } from './campaign-prepare'
import { createBulkRouter } from './campaign-routing'
import { writeMessages } from './campaign-write'

const CHUNK = 1000

export interface LaunchOptions {
  /** The cost the sender saw in the preview: a different cost refuses the launch. */
  expectedCredits?: number | undefined
  onProgress?: (phase: 'plan' | 'write', done: number, total: number | null) => void
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
    replyNumberOf: row.created_by ?? sender.userId,
  })
  const routes = new Map<string, SendRoute>()
  for (let i = 0; i < messages.length; i += CHUNK) {
    for (const [phone, route] of await router(messages.slice(i, i + CHUNK).map((m) => m.phone)))
      routes.set(phone, route)
  }
  const now = deps.clock.now()
  const at = now.toISOString()
  const sendAt = row.send_at ? new Date(row.send_at).toISOString() : null
  const link =
    row.attachment_id || prepared.plan.document
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
      routes,
      at,
      sendAt,
      quietHours: prepared.plan.org.settings.quietHours,
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
