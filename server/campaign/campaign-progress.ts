import type { CampaignDto, CampaignStatus } from '../../common/api/campaigns'
import type { Db, Dialect } from '../db/database'
import type { EventBus } from '../events'
import {
  countCampaignMessages,
  countCampaignReplies,
  findCampaignsOfConversations,
  findCampaignsOfMessages,
} from './campaign.repository'
import type { CampaignRow } from './campaign.table'

export type Progress = CampaignDto['progress']

/** Figures of a mailshot, read from its messages (the outbox is the record of what happened). */
export async function readProgress(db: Db, campaignId: string): Promise<Progress> {
  const progress: Progress = {
    total: 0,
    pending: 0,
    paused: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    unknown: 0,
    cancelled: 0,
    notTriggered: 0,
    replied: 0,
  }
  for (const { status, held, count } of await countCampaignMessages(db, campaignId)) {
    if (status === 'not_triggered') {
      progress.notTriggered += count
      continue
    }
    progress.total += count
    if (status === 'scheduled' || status === 'queued') progress[held ? 'paused' : 'pending'] += count
    if (status === 'sending') progress.sending += count
    if (status === 'sent' || status === 'delivered' || status === 'undelivered') progress.sent += count
    if (status === 'delivered') progress.delivered += count
    if (status === 'failed' || status === 'undelivered' || status === 'unknown') progress.failed += count
    if (status === 'unknown') progress.unknown += count
    if (status === 'cancelled') progress.cancelled += count
  }
  progress.replied = progress.sent > 0 ? await countCampaignReplies(db, campaignId) : 0
  return progress
}

/** Stored status is draft, launched, paused or cancelled; a launched one is scheduled, running or completed. */
export function statusOf(row: CampaignRow, progress: Progress, now: Date): CampaignStatus {
  if (row.status === 'draft' || row.status === 'paused' || row.status === 'cancelled') return row.status
  if (progress.pending + progress.paused + progress.sending === 0) return 'completed'
  const handed = progress.sending + progress.sent + progress.failed
  if (row.send_at && new Date(row.send_at).getTime() > now.getTime() && handed === 0) return 'scheduled'
  return 'running'
}

/**
 * Turns message events into `campaign.progressed`, at most once per mailshot per interval: a
 * 100,000-text mailshot makes 200,000 status changes, and screens only need to refresh.
 */
export function relayCampaignProgress(
  db: Db,
  dialect: Dialect,
  events: EventBus,
  intervalMs = 250,
): () => void {
  const messageIds = new Set<string>()
  const conversationIds = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const flush = async () => {
    timer = null
    const ids = [...messageIds]
    const conversations = [...conversationIds]
    messageIds.clear()
    conversationIds.clear()
    const found = new Map<string, string>()
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await findCampaignsOfMessages(db, ids.slice(i, i + 500))
      for (const r of rows) if (r.campaign_id) found.set(r.campaign_id, r.org_id)
    }
    // A reply counts for every mailshot that texted that number.
    for (let i = 0; i < conversations.length; i += 500) {
      for (const r of await findCampaignsOfConversations(db, dialect, conversations.slice(i, i + 500))) {
        found.set(r.campaign_id, r.org_id)
      }
    }
    if (stopped) return
    for (const [campaignId, orgId] of found) events.emit('campaign.progressed', { orgId, campaignId })
  }
  const schedule = () => {
    if (timer || stopped) return
    timer = setTimeout(() => {
      flush().catch(() => {
        // The next status change schedules another flush; a screen can always refetch.
      })
    }, intervalMs)
    timer.unref()
  }
  const offStatus = events.on('message.status_changed', ({ messageId }) => {
    messageIds.add(messageId)
    schedule()
  })
  const offCreated = events.on('message.created', ({ direction, conversationId }) => {
    if (direction !== 'inbound' || !conversationId) return
    conversationIds.add(conversationId)
    schedule()
  })
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    offStatus()
    offCreated()
  }
}
