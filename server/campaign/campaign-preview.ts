import type { CampaignPreview, SkippedRecipient } from '../../common/api/campaigns'
import { parsePhone } from '../core/phone'
import { localClockTime, quietHoursSendTime, recipientTimeZone } from '../core/quiet-hours'
import { readBalance } from '../credit/credit.repository'
import type { ServiceDeps } from '../service-deps'
import { type PlannedMessage, planCampaign } from './campaign-plan'
import { type CampaignSpec, prepareSend } from './campaign-prepare'

const SAMPLES = 5
/** The preview lists this many skipped recipients; after launch every one is in the did-not-trigger view. */
export const MAX_LISTED_SKIPS = 10_000

/**
 * What a mailshot would do, without doing it: how many get it, what it costs against the balance,
 * a few rendered texts, and every recipient it would skip and why.
 */
export async function previewCampaign(
  deps: ServiceDeps,
  spec: CampaignSpec,
  onProgress?: (done: number) => void,
): Promise<CampaignPreview> {
  const prepared = await prepareSend(deps, spec)
  const quiet = prepared.org.settings.quietHours
  const wanted = spec.sendAt ? new Date(spec.sendAt) : deps.clock.now()
  // Texts quiet hours hold, and the last of them to go
  const hold: { held: number; last: { at: Date; timeZone: string } | null } = { held: 0, last: null }
  const samples: PlannedMessage[] = []
  const skipped: SkippedRecipient[] = []
  const totals = await planCampaign(
    deps.database.db,
    { ...prepared.plan, ...(onProgress ? { onProgress } : {}) },
    {
      message: (m) => {
        if (samples.length < SAMPLES) samples.push(m)
        if (!quiet) return
        const timeZone = recipientTimeZone(m.timeZone, parsePhone(m.phone).country)
        const goes = quietHoursSendTime({ wanted, timeZone, quiet })
        if (!goes.held || !timeZone) return
        hold.held += 1
        if (!hold.last || goes.at > hold.last.at) hold.last = { at: goes.at, timeZone }
      },
      skipped: (s) => {
        if (skipped.length < MAX_LISTED_SKIPS) {
          skipped.push({
            personId: s.personId,
            name: s.name,
            to: s.phone,
            line: s.line,
            reason: s.reason,
            detail: s.detail,
          })
        }
      },
    },
  )
  const balance = await readBalance(deps.database.db, spec.orgId)
  const link = prepared.plan.linkPlaceholder
  return {
    recipients: totals.recipients,
    skipped: totals.skipped,
    segments: totals.segments,
    credits: totals.credits,
    balance,
    enoughCredits: balance >= totals.credits,
    samples: samples.map((m) => ({
      personId: m.personId,
      name: m.name,
      to: m.phone,
      body: link ? `${m.text}\n${link}` : m.text,
      encoding: m.encoding,
      segments: m.segments,
      credits: m.credits,
    })),
    skippedByReason: totals.skippedByReason as Record<string, number>,
    skippedRecipients: skipped,
    skippedTruncated: totals.skipped > skipped.length,
    quietHours: hold.last
      ? {
          held: hold.held,
          lastHeldUntil: hold.last.at.toISOString(),
          lastLocalTime: localClockTime(hold.last.at, hold.last.timeZone),
          lastTimeZone: hold.last.timeZone,
        }
      : null,
  }
}
