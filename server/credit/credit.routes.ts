import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { LedgerQuery } from '../../common/api/credits'
import { Body } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { pageRequest } from '../pagination'
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
        response: { 200: Type.Object({ balance: Type.Integer() }) },
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
        body: Body({
          amount: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 201: Type.Object({ balance: Type.Integer() }) },
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
