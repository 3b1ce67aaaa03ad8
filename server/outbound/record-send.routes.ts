import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MessageItems, RecordSendBody } from '../../common/api/messaging'
import { IdParams } from '../../common/api/schema'
import { requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { sendToJob, sendToPlacement } from './record-send.service'

/**
 * "Send SMS" from a job (main contact, line manager) or a placement (applicant, main contact, line
 * manager): every recipient is checked first, so one without a mobile or opted out stops the send
 * before anything goes or is charged (see record-send.service.ts).
 */
export const recordSendRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/jobs/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: "Text a job's main contact and line manager (or the `roles` given)",
        params: IdParams,
        body: RecordSendBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const items = await sendToJob(deps, actor, request.params.id, request.body)
      return reply.status(201).send({ items })
    },
  )

  app.post(
    '/api/v1/placements/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: "Text a placement's applicant, main contact and line manager (or the `roles` given)",
        params: IdParams,
        body: RecordSendBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const items = await sendToPlacement(deps, actor, request.params.id, request.body)
      return reply.status(201).send({ items })
    },
  )
}
