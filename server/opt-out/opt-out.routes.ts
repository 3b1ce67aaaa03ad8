import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { changeOptByHand, checkNumber, optedOutNumbers } from './opt-out.service'

const NumberBody = Body({ number: Type.String({ minLength: 1, maxLength: 40 }) })

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
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
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
        body: NumberBody,
        response: {
          200: Type.Object({
            number: Type.String(),
            optedOut: Type.Boolean(),
            since: Nullable(Type.String()),
            history: Type.Array(
              Type.Object({
                action: Type.String(),
                source: Type.String(),
                keyword: Nullable(Type.String()),
                at: Type.String(),
              }),
            ),
          }),
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
          body: NumberBody,
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
