import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { listLedger, readBalance } from './credit.repository'
import { topUpCredits } from './credit.service'

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
 * return) gets a leading apostrophe, which spreadsheets show as plain text; numbers stay numbers.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return ''
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

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
    async (request) => ({ balance: await readBalance(db, actorOf(request).orgId) }),
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
        description: 'Newest first. `format=csv` downloads the whole log as CSV.',
        querystring: Type.Object({
          before: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      if (request.query.format === 'csv') {
        reply.header('content-type', 'text/csv; charset=utf-8')
        reply.header('content-disposition', 'attachment; filename="billing-log.csv"')
        const lines = ['created_at,reason,delta,balance_after,message_id,user_id,note']
        let before: string | undefined
        for (;;) {
          const rows = await listLedger(db, actor.orgId, { ...(before ? { before } : {}), limit: 1000 })
          for (const r of rows) {
            lines.push(
              [r.created_at, r.reason, r.delta, r.balance_after, r.message_id, r.user_id, r.note]
                .map(csvCell)
                .join(','),
            )
          }
          if (rows.length < 1000) break
          before = rows[rows.length - 1]?.id
        }
        return reply.send(`${lines.join('\n')}\n`)
      }
      const limit = request.query.limit ?? 100
      const rows = await listLedger(db, actor.orgId, {
        ...(request.query.before ? { before: request.query.before } : {}),
        limit: limit + 1,
      })
      const kept = rows.slice(0, limit)
      return {
        items: kept.map((r) => ({
          id: r.id,
          delta: r.delta,
          balanceAfter: r.balance_after,
          reason: r.reason,
          messageId: r.message_id,
          userId: r.user_id,
          note: r.note,
          createdAt: r.created_at,
        })),
        nextBefore: rows.length > limit ? (kept[kept.length - 1]?.id ?? null) : null,
      }
    },
  )
}
