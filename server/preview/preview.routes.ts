import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import { PhoneParseBody, PhoneParseReply, PreviewBody, PreviewReply } from '../../common/api/preview'
import type { AppDeps } from '../app'
import { actorOf } from '../auth/auth.plugin'
import type { OrgSettings } from '../core/org-settings'
import { isKnownCountry, parsePhone } from '../core/phone'
import { countSegments, creditsFor, suggestGsm7 } from '../core/segments'
import { errors } from '../errors'
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

export const previewRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db

  app.post(
    '/api/v1/messages/preview',
    {
      schema: {
        tags: ['messages'],
        summary: 'Encoding, segments and credits of a message body, with a GSM-7 suggestion',
        body: PreviewBody,
        response: { 200: PreviewReply },
      },
    },
    async (request) => {
      const org = await getOrganization(db, actorOf(request).orgId)
      return previewMessage(request.body.body, org.settings)
    },
  )

  app.post(
    '/api/v1/phone-numbers/parse',
    {
      schema: {
        tags: ['phone numbers'],
        summary: 'Read a phone number as typed: E.164 form, country, mobile or not, or why it is invalid',
        body: PhoneParseBody,
        response: { 200: PhoneParseReply },
      },
    },
    async (request) => {
      let country = request.body.defaultCountry?.toUpperCase()
      if (country === undefined) {
        country = (await getOrganization(db, actorOf(request).orgId)).settings.defaultCountry
      } else if (!isKnownCountry(country)) {
        throw new errors.REQUEST_INVALID(
          `body/defaultCountry "${request.body.defaultCountry}" is not an ISO 3166 alpha-2 country code Parley knows (e.g. "GB", "SE", "US")`,
        )
      }
      return parsePhone(request.body.number, country)
    },
  )
}
