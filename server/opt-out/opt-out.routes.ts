import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { nowIso } from '../clock'
import { parsePhone } from '../core/phone'
import { errors } from '../errors'
import { getOrganization } from '../organization/organization.service'
import { findOptOut, listOptOutEvents, recordOptChange } from './opt-out.repository'

const NumberBody = Body({ number: Type.String({ minLength: 1, maxLength: 40 }) })

/** The suppression list: numbers that said STOP (or were opted out by hand) and may not be texted. */
export const optOutRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['opt-outs']

  async function e164(orgId: string, number: string): Promise<string> {
    const org = await getOrganization(db, orgId)
    const parsed = parsePhone(number, org.settings.defaultCountry)
    if (!parsed.valid || !parsed.e164)
      throw new errors.PHONE_NUMBER_INVALID(`number "${number}" ${parsed.reason}`)
    return parsed.e164
  }

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
    async (request) => {
      const rows = await db
        .selectFrom('opt_outs')
        .select(['phone_e164', 'updated_at'])
        .where('org_id', '=', actorOf(request).orgId)
        .where('opted_out', '=', 1)
        .orderBy('updated_at', 'desc')
        .limit(request.query.limit ?? 100)
        .execute()
      return { items: rows.map((r) => ({ number: r.phone_e164, since: r.updated_at })) }
    },
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
    async (request) => {
      const orgId = actorOf(request).orgId
      const number = await e164(orgId, request.body.number)
      const current = await findOptOut(db, orgId, number)
      const history = await listOptOutEvents(db, orgId, number)
      return {
        number,
        optedOut: current !== undefined,
        since: current?.since ?? null,
        history: history.map((h) => ({
          action: h.action,
          source: h.source,
          keyword: h.keyword,
          at: h.created_at,
        })),
      }
    },
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
        const number = await e164(actor.orgId, request.body.number)
        await recordOptChange(db, {
          org_id: actor.orgId,
          phone_e164: number,
          action,
          source: 'manual',
          keyword: null,
          message_id: null,
          user_id: actor.userId,
          created_at: nowIso(deps.clock),
        })
        return reply.status(204).send()
      },
    )
  }
}
