import type { Static } from 'typebox'
import type { PreviewReply } from '../../common/api/preview'
import type { OrgSettings } from '../core/org-settings'
import { parsePhone } from '../core/phone'
import { localClockTime, quietHoursSendTime, recipientTimeZone } from '../core/quiet-hours'
import { countSegments, creditsFor, suggestGsm7 } from '../core/segments'
import { getOrganization } from '../organization/organization.service'
import { type Recipient, resolveRecipient } from '../outbound/recipient'
import type { ServiceDeps } from '../service-deps'

/** What a compose window shows while typing: encoding, segments, cost, and a cheaper spelling. */
export function previewMessage(
  body: string,
  settings: Pick<OrgSettings, 'creditsPerSegment' | 'maxSegments'>,
): Static<typeof PreviewReply> {
  const count = countSegments(body)
  const suggestion = suggestGsm7(body)
  // A suggestion is worth showing only when it makes the message cheaper or switches it to GSM-7.
  const useful =
    suggestion.replacements.length > 0 &&
    (suggestion.segmentsSaved > 0 || suggestion.after.encoding !== count.encoding)
  return {
    ...count,
    quietHours: null,
    credits: creditsFor(count.segments, settings.creditsPerSegment),
    maxSegments: settings.maxSegments,
    tooLong: count.segments > settings.maxSegments,
    suggestion: useful
      ? {
          body: suggestion.body,
          replacements: suggestion.replacements,
          segments: suggestion.after.segments,
          segmentsSaved: suggestion.segmentsSaved,
          credits: creditsFor(suggestion.after.segments, settings.creditsPerSegment),
        }
      : null,
  }
}

export interface PreviewInput {
  body: string
  personId?: string | undefined
  to?: string | undefined
  sendAt?: string | undefined
}

/**
 * The preview of `body` under the settings of `orgId` (credits per segment, the segment limit) and,
 * when a recipient is given, whether quiet hours would hold it and until when on their clock. A
 * recipient that cannot be texted yet (a number half typed) gives no quiet-hours answer: sending
 * says why.
 */
export async function previewForOrganization(
  deps: Pick<ServiceDeps, 'database' | 'clock'>,
  orgId: string,
  input: PreviewInput,
): Promise<Static<typeof PreviewReply>> {
  const db = deps.database.db
  const org = await getOrganization(db, orgId)
  const preview = previewMessage(input.body, org.settings)
  if (!input.personId && !input.to) return preview
  let recipient: Recipient
  try {
    recipient = await resolveRecipient(db, orgId, org.settings, input)
  } catch (error) {
    if (error instanceof Error && 'statusCode' in error) return preview
    throw error
  }
  const timeZone = recipientTimeZone(recipient.timeZone, parsePhone(recipient.phone).country)
  const wanted = input.sendAt ? new Date(input.sendAt) : deps.clock.now()
  const { at, held } = quietHoursSendTime({ wanted, timeZone, quiet: org.settings.quietHours })
  if (!held || !timeZone) return preview
  return {
    ...preview,
    quietHours: { heldUntil: at.toISOString(), localTime: localClockTime(at, timeZone), timeZone },
  }
}
