import type { OrgSettings } from '../core/org-settings'
import { readJson } from '../db/columns'
import type { ServiceDeps } from '../service-deps'
import {
  clearPurgedCampaignTexts,
  deleteExpiredReceipts,
  deleteMessagesAndTheirTraces,
  findExpiredMessages,
  listOrganizationSettings,
  lockConversations,
  refreshConversationsAfterPurge,
} from './retention.repository'

/** Messages per transaction: each batch holds SQLite's one writer for a few milliseconds only. */
export const PURGE_BATCH_SIZE = 500

export interface PurgeResult {
  messages: number
  conversationsRemoved: number
  receipts: number
  campaignsCleared: number
  /** Transactions the purge took: a large purge is many short ones. */
  batches: number
}

/** Lets other work (webhooks, the dispatcher) have the database between two batches. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Removes the text of everything older than each organization's retention period (0 keeps
 * everything): settled messages with the notifications quoting them, the part ids of long replies
 * and their download links; conversations left empty go, the others are recounted (preview, unread);
 * received texts never stored; a finished mailshot's text and recipient list once none of its texts
 * is left. The billing log keeps its entries and amounts (it holds no text). Runs in batches of
 * `batchSize` messages, one short transaction each.
 */
export async function purgeExpiredMessages(
  deps: ServiceDeps,
  options: { batchSize?: number } = {},
): Promise<PurgeResult> {
  const { db, dialect } = deps.database
  const batchSize = options.batchSize ?? PURGE_BATCH_SIZE
  const total: PurgeResult = {
    messages: 0,
    conversationsRemoved: 0,
    receipts: 0,
    campaignsCleared: 0,
    batches: 0,
  }
  for (const org of await listOrganizationSettings(db)) {
    const days = readJson<Partial<OrgSettings>>(org.settings, {}).retentionDays ?? 0
    if (!days) continue
    const cutoff = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString()
    for (;;) {
      const expired = await findExpiredMessages(db, { orgId: org.id, cutoff, limit: batchSize })
      if (expired.length === 0) break
      const conversationIds = [
        ...new Set(expired.flatMap((m) => (m.conversation_id ? [m.conversation_id] : []))),
      ]
      const { deleted, removed } = await db.transaction().execute(async (trx) => {
        await lockConversations(trx, dialect, conversationIds)
        const deleted = await deleteMessagesAndTheirTraces(
          trx,
          expired.map((m) => m.id),
        )
        const { removed } = await refreshConversationsAfterPurge(trx, { conversationIds, cutoff })
        return { deleted, removed }
      })
      total.messages += deleted
      total.conversationsRemoved += removed
      total.batches += 1
      await yieldToOthers()
      if (expired.length < batchSize) break
    }
    for (;;) {
      const receipts = await deleteExpiredReceipts(db, { orgId: org.id, cutoff, limit: batchSize })
      total.receipts += receipts
      if (receipts < batchSize) break
      await yieldToOthers()
    }
    total.campaignsCleared += await clearPurgedCampaignTexts(db, { orgId: org.id, cutoff })
  }
  return total
}
