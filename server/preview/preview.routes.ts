import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PhoneParseBody, PhoneParseReply, PreviewBody, PreviewReply } from '../../common/api/preview'
import { IdParams } from '../../common/api/schema'
import { RenderTemplateBody, RenderTemplateReply } from '../../common/api/templates'
import { isKnownCountry, parsePhone } from '../core/phone'
import { errors } from '../errors'
import { actorOf } from '../http/request-actor'
import { getOrganization } from '../organization/organization.service'
import type { AppDeps } from '../service-deps'
import { previewForOrganization } from './preview.service'
import { previewTemplate, previewTemplateDocument } from './template-preview.service'

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
    async (request) => previewForOrganization(deps, actorOf(request).orgId, request.body),
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

  app.post(
    '/api/v1/templates/:id/render',
    {
      schema: {
        tags: ['templates'],
        summary: 'Preview a template for one person: the text, its cost, and the fields that are empty',
        params: IdParams,
        body: RenderTemplateBody,
        response: { 200: RenderTemplateReply },
      },
    },
    async (request) => previewTemplate(db, deps.config, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/api/v1/templates/:id/document/render',
    {
      schema: {
        tags: ['templates'],
        summary:
          "The PDF a template's document part gives one person (application/pdf), as they would receive it",
        params: IdParams,
        body: RenderTemplateBody,
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await previewTemplateDocument(
        db,
        deps.config,
        actorOf(request),
        request.params.id,
        request.body,
      )
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${fileName}"`)
        .send(Buffer.from(pdf))
    },
  )
}
