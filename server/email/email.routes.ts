import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ListEmailsQuery, OutboxEmail, OutboxEmailList } from '../../common/api/forwarding'
import { IdParams } from '../../common/api/schema'
import { requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { listEmails, retryEmail } from './email-admin.service'

/** The e-mail outbox as admins see it: what waits, what failed and why, and a retry of a failed one. */
export const emailRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['forwarding']
  const permission = 'settings.manage'

  app.get(
    '/api/v1/emails',
    {
      schema: {
        tags,
        summary: 'Queued e-mails, newest first (the latest 200), with the reason of the last failure',
        querystring: ListEmailsQuery,
        response: { 200: OutboxEmailList },
      },
    },
    async (request) => ({
      items: await listEmails(db, requirePermission(request, permission).orgId, request.query.status),
    }),
  )

  app.post(
    '/api/v1/emails/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed e-mail again',
        params: IdParams,
        response: { 200: OutboxEmail },
      },
    },
    async (request) =>
      retryEmail({ db, clock: deps.clock }, requirePermission(request, permission).orgId, request.params.id),
  )
}
