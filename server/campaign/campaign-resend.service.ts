import { senderFor } from '../connection/sender'
import { creditsFor } from '../core/segments'
import { insertLedgerEntry, readBalance, takeCredits } from '../credit/credit.repository'
import { errors, withDetails } from '../errors'
import { newId } from '../ids'
import type { MessagesTable } from '../message/message.table'
import { findOptedOutPhones } from '../opt-out/opt-out.repository'
import { getOrganization } from '../organization/organization.service'
import type { Sender } from '../outbound/send.service'
import type { ServiceDeps } from '../service-deps'
import { bulkMessageRow } from './bulk-message-row'
import { requireCampaign } from './campaign.service'
import {
  insertBulkMessagePeople,
  insertBulkMessages,
  listUnresentCampaignMessages,
} from './campaign-messages.repository'
import { readProgress } from './campaign-progress'
import { createBulkRouter } from './campaign-routing'

/**
 * Never `unknown`: such a text may have reached its recipient (a crash, or no answer from the
 * provider, after it was handed over); it is resent only one by one, confirmed (see message-actions).
 */
const RESENDABLE = ['failed', 'undelivered']
const CHUNK = 1000

/**
 * Sends the mailshot's failed texts again, each as a new text linked to the one it replaces and
 * charged in one debit. Numbers that opted out since are left out; a text is resent only once.
 * Texts whose outcome is unknown are not failed texts here: they are counted, not resent.
 */
export async function resendFailedTexts(
  deps: ServiceDeps,
  sender: Sender,
  id: string,
): Promise<{ resent: number; skippedOptedOut: number; skippedUnknown: number; credits: number }> {
  const db = deps.database.db
  const row = await requireCampaign(db, sender.orgId, id)
  if (row.status !== 'launched' && row.status !== 'paused') {
    throw new errors.CAMPAIGN_STATE_INVALID(
      row.name,
      row.status,
      'only a launched mailshot has texts to resend',
    )
  }
  const failed = await listUnresentCampaignMessages(db, id, RESENDABLE)
  const skippedUnknown = (await readProgress(db, id)).unknown
  const optedOut = new Set<string>()
  for (let i = 0; i < failed.length; i += CHUNK) {
    for (const phone of await findOptedOutPhones(
      db,
      sender.orgId,
      failed.slice(i, i + CHUNK).map((m) => m.to_number),
    )) {
      optedOut.add(phone)
    }
  }
  const again = failed.filter((m) => !optedOut.has(m.to_number))
  if (again.length === 0) return { resent: 0, skippedOptedOut: failed.length, skippedUnknown, credits: 0 }
  const org = await getOrganization(db, sender.orgId)
  const router = await createBulkRouter(db, {
    orgId: sender.orgId,
    connectionId: row.connection_id,
    senderUserId: sender.userId,
    replyNumberOf: row.created_by ?? sender.userId,
  })
  const at = deps.clock.now().toISOString()
  const held = row.status === 'paused'
  const rows: MessagesTable[] = []
  for (let i = 0; i < again.length; i += CHUNK) {
    const chunk = again.slice(i, i + CHUNK)
    const routes = await router(chunk.map((m) => m.to_number))
    for (const m of chunk) {
      const { connection, number } = routes.get(m.to_number)!
      rows.push(
        bulkMessageRow({
          id: newId(),
          orgId: m.org_id,
          status: held ? 'scheduled' : 'queued',
          conversationId: m.conversation_id,
          personId: m.person_id,
          to: m.to_number,
          from: senderFor(connection, m.repliable === 1, number),
          subject: m.subject,
          body: m.body,
          encoding: m.encoding,
          segments: m.segments,
          credits: creditsFor(m.segments, org.settings.creditsPerSegment),
          repliable: m.repliable,
          campaignId: id,
          senderUserId: sender.userId,
          connectionId: connection.id,
          sendAt: null,
          nextAttemptAt: held ? null : at,
          errorCode: null,
          errorMessage: null,
          resentFromId: m.id,
          at,
        }),
      )
    }
  }
  const credits = rows.reduce((sum, r) => sum + r.credits, 0)
  await db.transaction().execute(async (trx) => {
    const after = await takeCredits(trx, sender.orgId, credits, at)
    if (after === null) {
      const available = await readBalance(trx, sender.orgId)
      throw withDetails(new errors.CREDITS_INSUFFICIENT(credits, available), { needed: credits, available })
    }
    await insertLedgerEntry(trx, {
      id: newId(),
      org_id: sender.orgId,
      delta: -credits,
      balance_after: after,
      reason: 'message',
      message_id: null,
      user_id: sender.userId,
      note: `Mailshot "${row.name}" (${row.id}): ${rows.length} failed texts resent`,
      created_at: at,
    })
    await insertBulkMessages(trx, deps.database.dialect, rows)
    await insertBulkMessagePeople(
      trx,
      deps.database.dialect,
      rows.flatMap((r) => (r.person_id ? [{ message_id: r.id, person_id: r.person_id }] : [])),
    )
  })
  const first = rows[0]
  if (first && !held)
    deps.events.emit('message.created', {
      orgId: sender.orgId,
      messageId: first.id,
      conversationId: null,
      direction: 'outbound',
    })
  deps.events.emit('campaign.progressed', { orgId: sender.orgId, campaignId: row.id })
  return { resent: rows.length, skippedOptedOut: failed.length - again.length, skippedUnknown, credits }
}
