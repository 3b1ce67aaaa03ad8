import type { BulkSendBody, BulkSendReply, SkipReason } from '../../common/api/campaigns'
import { isUniqueViolation } from '../db/unique-violation'
import { errors } from '../errors'
import type { Sender } from '../outbound/send.service'
import type { ServiceDeps } from '../service-deps'
import { deleteDraftCampaign } from './campaign.repository'
import { createCampaign, requireCampaign } from './campaign.service'
import type { CampaignRow } from './campaign.table'
import { launchCampaign } from './campaign-launch.service'
import { listCampaignSkips } from './campaign-messages.repository'
import { MAX_LISTED_SKIPS } from './campaign-preview'

const CAMPAIGN_ID_KEY = { table: 'campaigns', column: 'id', index: 'campaigns_pkey' }

function nameOf(input: BulkSendBody): string {
  const parts = [
    input.personIds?.length ? `${input.personIds.length} chosen` : '',
    input.groupIds?.length ? `${input.groupIds.length} group(s)` : '',
    input.numbers?.length ? `${input.numbers.length} number(s)` : '',
  ].filter(Boolean)
  return `Sent from compose to ${parts.join(', ')}`
}

async function replyOf(deps: ServiceDeps, row: CampaignRow): Promise<BulkSendReply> {
  const skips = await listCampaignSkips(deps.database.db, row.id, MAX_LISTED_SKIPS)
  return {
    id: row.id,
    status: row.send_at ? 'scheduled' : 'queued',
    sendAt: row.send_at,
    recipients: row.recipients,
    skipped: row.skipped,
    credits: row.credits,
    skippedRecipients: skips.map((s) => ({
      personId: s.person_id,
      to: s.to_number || null,
      reason: (s.error_code ?? 'not_found').toLowerCase() as SkipReason,
      detail: s.error_message ?? '',
    })),
  }
}

/**
 * One text to several people, whole groups and typed numbers, sent as a mailshot: one debit for the
 * whole send (refused as a whole when credits are short), texts marked bulk, every skip listed back.
 * The caller's `id` is the mailshot's id, so a retried request returns the first send's answer.
 */
export async function sendBulk(
  deps: ServiceDeps,
  sender: Sender,
  input: BulkSendBody,
): Promise<{ reply: BulkSendReply; created: boolean }> {
  const db = deps.database.db
  const { id, personIds, groupIds, numbers, expectedCredits, ...fields } = input
  const existing = await requireCampaign(db, sender.orgId, id).catch(() => null)
  if (existing) {
    if (existing.status === 'draft')
      throw new errors.CAMPAIGN_STATE_INVALID(existing.name, 'draft', 'it is being sent a moment ago')
    return { reply: await replyOf(deps, existing), created: false }
  }
  const source = {
    type: 'recipients' as const,
    ...(personIds ? { personIds } : {}),
    ...(groupIds ? { groupIds } : {}),
    ...(numbers ? { numbers } : {}),
  }
  try {
    await createCampaign(deps, sender, { name: nameOf(input), source, ...fields }, id)
  } catch (error) {
    if (isUniqueViolation(error, CAMPAIGN_ID_KEY)) throw new errors.MESSAGE_ID_CONFLICT(id)
    throw error
  }
  try {
    const row = await launchCampaign(deps, sender, id, { expectedCredits })
    return { reply: await replyOf(deps, row), created: true }
  } catch (error) {
    // A refused send (credits, nobody to text) leaves nothing behind: the same id may be sent again.
    await deleteDraftCampaign(db, sender.orgId, id)
    throw error
  }
}
