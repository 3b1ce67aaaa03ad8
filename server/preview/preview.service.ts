import type { Static } from 'typebox'
import type { PreviewReply } from '../../common/api/preview'
import type { OrgSettings } from '../core/org-settings'
import { countSegments, creditsFor, suggestGsm7 } from '../core/segments'
import type { Db } from '../db/database'
import { getOrganization } from '../organization/organization.service'

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

/** The preview of `body` under the settings of `orgId` (credits per segment, the segment limit). */
export async function previewForOrganization(
  db: Db,
  orgId: string,
  body: string,
): Promise<Static<typeof PreviewReply>> {
  const org = await getOrganization(db, orgId)
  return previewMessage(body, org.settings)
}
