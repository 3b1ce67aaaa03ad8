import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ListOptOutsQuery, OptOutCheckReply, OptOutList, OptOutNumberBody } from '../../common/api/opt-outs'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { changeOptByHand, checkNumber, optedOutNumbers } from './opt-out.service'

/** The suppression list: numbers that said STOP (or were opted out by hand) and may not be texted. */
export const optOutRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['opt-outs']

  app.get(
    '/api/v1/opt-outs',
    {
      schema: {
        tags,
        summary: 'Numbers that have opted out, most recent first',
        querystring: ListOptOutsQuery,
        response: { 200: OptOutList },
      },
    },
    async (request) => optedOutNumbers(db, actorOf(request).orgId, request.query.limit ?? 100),
  )

  app.post(
    '/api/v1/opt-outs/check',
    {
      schema: {
        tags,
        summary: 'Whether a number may be texted, and its opt-out history (shown before sending)',
        body: OptOutNumberBody,
        response: {
          200: OptOutCheckReply,
        },
      },
    },
    async (request) => checkNumber(db, actorOf(request).orgId, request.body.number),
  )

  for (const action of ['opt_out', 'opt_in'] as const) {
    app.post(
      `/api/v1/opt-outs/${action === 'opt_out' ? 'add' : 'remove'}`,
      {
        schema: {
          tags,
          summary:
            action === 'opt_out'
              ? 'Opt a number out by hand (e.g. the person asked on the phone)'
              : 'Opt a number back in by hand (only with the person’s consent)',
          body: OptOutNumberBody,
        },
      },
      async (request, reply) => {
        const actor = requirePermission(request, 'records.manage')
        await changeOptByHand({ db, clock: deps.clock }, actor, request.body.number, action)
        return reply.status(204).send()
      },
    )
  }
}
