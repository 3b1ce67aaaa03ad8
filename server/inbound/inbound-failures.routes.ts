import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { InboundFailurePage, InboundFailureParams, InboundRetryReply } from '../../common/api/messaging'
import { PageOnlyQuery } from '../../common/api/schema'
import { requirePermission } from '../http/request-actor'
import { pageRequest } from '../pagination'
import type { AppDeps } from '../service-deps'
import { listInboundFailures, retryInboundFailure } from './inbound-failures.service'

/**
 * Received texts that could not be put in their conversations (see inbound-pipeline.ts): each stays
 * a receipt with its reason and is tried again with backoff; admins who manage connections see them
 * here, in the Failed view, and can have one tried again at once.
 */
export const inboundFailureRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['messages']

  app.get(
    '/api/v1/inbound-failures',
    {
      schema: {
        tags,
        summary: 'Received texts not stored yet after a failure, newest first, with the reason',
        querystring: PageOnlyQuery,
        response: { 200: InboundFailurePage },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'connections.manage')
      return listInboundFailures(db, actor.orgId, pageRequest(request.query))
    },
  )

  app.post(
    '/api/v1/inbound-failures/:id/retry',
    {
      schema: {
        tags,
        summary: 'Try to store a received text again now; answers whether it is in its conversation',
        params: InboundFailureParams,
        response: { 200: InboundRetryReply },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'connections.manage')
      return retryInboundFailure(deps, actor.orgId, request.params.id)
    },
  )
}
