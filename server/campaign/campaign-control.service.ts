import { addCredits, insertLedgerEntry } from '../credit/credit.repository'
import { errors } from '../errors'
import { newId } from '../ids'
import type { ServiceDeps } from '../service-deps'
import { findCampaignRow, setCampaignRefundedCredits, updateCampaignIf } from './campaign.repository'
import { requireCampaign } from './campaign.service'
import type { CampaignRow } from './campaign.table'
import {
  cancelUnsentCampaignMessages,
  findQueuedCampaignMessage,
  holdUnsentCampaignMessages,
  releaseHeldCampaignMessages,
} from './campaign-messages.repository'
import { readProgress, statusOf } from './campaign-progress'

function progressed(deps: ServiceDeps, row: CampaignRow): void {
  deps.events.emit('campaign.progressed', { orgId: row.org_id, campaignId: row.id })
}

async function refreshed(deps: ServiceDeps, row: CampaignRow): Promise<CampaignRow> {
  return (await findCampaignRow(deps.database.db, row.org_id, row.id)) ?? row
}

/**
 * Holds every unsent text of a mailshot: status `scheduled` with no time to go, which the
 * dispatcher never claims. Texts already handed to the provider carry on.
 */
export async function pauseCampaign(deps: ServiceDeps, orgId: string, id: string): Promise<CampaignRow> {
  const db = deps.database.db
  const row = await requireCampaign(db, orgId, id)
  const status = statusOf(row, await readProgress(db, id), deps.clock.now())
  if (status !== 'running' && status !== 'scheduled') {
    throw new errors.CAMPAIGN_STATE_INVALID(
      row.name,
      status,
      'only a scheduled or running mailshot can be paused',
    )
  }
  const at = deps.clock.now().toISOString()
  await db.transaction().execute(async (trx) => {
    if (
      !(await updateCampaignIf(trx, id, ['launched'], { status: 'paused', paused_at: at, updated_at: at }))
    ) {
      throw new errors.CAMPAIGN_STATE_INVALID(row.name, 'changing', 'try again')
    }
    await holdUnsentCampaignMessages(trx, id, at)
  })
  progressed(deps, row)
  return refreshed(deps, row)
}

/** Lets held texts go again: at once, or at the mailshot's time if that is still ahead. */
export async function resumeCampaign(deps: ServiceDeps, orgId: string, id: string): Promise<CampaignRow> {
  const db = deps.database.db
  const row = await requireCampaign(db, orgId, id)
  if (row.status !== 'paused')
    throw new errors.CAMPAIGN_STATE_INVALID(row.name, row.status, 'only a paused mailshot can be resumed')
  const at = deps.clock.now().toISOString()
  const later = row.send_at && row.send_at > at ? new Date(row.send_at).toISOString() : null
  await db.transaction().execute(async (trx) => {
    if (
      !(await updateCampaignIf(trx, id, ['paused'], { status: 'launched', paused_at: null, updated_at: at }))
    ) {
      throw new errors.CAMPAIGN_STATE_INVALID(row.name, 'changing', 'try again')
    }
    await releaseHeldCampaignMessages(trx, id, at, later)
  })
  progressed(deps, row)
  const first = await findQueuedCampaignMessage(db, id)
  if (first)
    deps.events.emit('message.created', {
      orgId,
      messageId: first.id,
      conversationId: null,
      direction: 'outbound',
    })
  return refreshed(deps, row)
}

/**
 * Stops a mailshot: every text not yet handed to the provider is cancelled and its credits come
 * back in one refund. The cancel and the dispatcher's claim are both conditional on the status,
 * so each text is either sent or refunded, never both.
 */
export async function cancelCampaign(deps: ServiceDeps, orgId: string, id: string): Promise<CampaignRow> {
  const db = deps.database.db
  const row = await requireCampaign(db, orgId, id)
  const status = statusOf(row, await readProgress(db, id), deps.clock.now())
  if (status === 'draft' || status === 'cancelled' || status === 'completed') {
    const why = {
      draft: 'delete a draft instead',
      cancelled: 'it is already cancelled',
      completed: 'nothing is left to send',
    }
    throw new errors.CAMPAIGN_STATE_INVALID(row.name, status, why[status])
  }
  const at = deps.clock.now().toISOString()
  await db.transaction().execute(async (trx) => {
    if (
      !(await updateCampaignIf(trx, id, ['launched', 'paused'], {
        status: 'cancelled',
        cancelled_at: at,
        updated_at: at,
      }))
    ) {
      throw new errors.CAMPAIGN_STATE_INVALID(row.name, 'cancelled', 'it is already cancelled')
    }
    const cancelled = await cancelUnsentCampaignMessages(trx, id, at)
    const refund = cancelled.reduce((sum, m) => sum + m.credits, 0)
    await setCampaignRefundedCredits(trx, id, row.refunded_credits + refund)
    if (refund > 0) {
      const after = await addCredits(trx, orgId, refund, at)
      await insertLedgerEntry(trx, {
        id: newId(),
        org_id: orgId,
        delta: refund,
        balance_after: after,
        reason: 'refund',
        message_id: null,
        user_id: null,
        note: `Mailshot "${row.name}" (${row.id}) cancelled: ${cancelled.length} texts not sent`,
        created_at: at,
      })
    }
  })
  progressed(deps, row)
  return refreshed(deps, row)
}
