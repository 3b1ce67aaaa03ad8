import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BalanceReply, LedgerQuery, TopUpBody } from '../../common/api/credits'
import { actorOf, requirePermission } from '../http/request-actor'
import { pageRequest } from '../pagination'
import type { AppDeps } from '../service-deps'
import { creditBalance, ledgerCsv, ledgerPage, topUpCredits } from './credit.service'

export const creditRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['credits']

  app.get(
    '/api/v1/credits',
    {
      schema: {
        tags,
        summary: 'The credit balance',
        response: { 200: BalanceReply },
      },
    },
    async (request) => creditBalance(db, actorOf(request).orgId),
  )

  app.post(
    '/api/v1/credits/top-ups',
    {
      schema: {
        tags,
        summary: 'Add credits (admins)',
        body: TopUpBody,
        response: { 201: BalanceReply },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'credits.manage')
      const balance = await topUpCredits(db, deps.clock, {
        orgId: actor.orgId,
        amount: request.body.amount,
        userId: actor.userId,
        note: request.body.note ?? null,
      })
      return reply.status(201).send({ balance })
    },
  )

  app.get(
    '/api/v1/credits/ledger',
    {
      schema: {
        tags,
        summary:
          'The billing log: every top-up, message, refund and received message with the balance after it',
        description:
          'Newest first; pass `nextCursor` back as `cursor` for the next page. `format=csv` downloads the whole log as CSV.',
        querystring: LedgerQuery,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      if (request.query.format === 'csv') {
        reply.header('content-type', 'text/csv; charset=utf-8')
        reply.header('content-disposition', 'attachment; filename="billing-log.csv"')
        return reply.send(await ledgerCsv(db, actor.orgId))
      }
      return ledgerPage(
        db,
        actor.orgId,
        pageRequest({ cursor: request.query.cursor, limit: request.query.limit ?? 100 }),
      )
    },
  )
}
