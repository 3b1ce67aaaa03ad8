import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, IdParams, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { requirePermission } from '../auth/auth.plugin'
import { toE164 } from '../core/phone'
import { errors } from '../errors'
import { getOrganization } from './organization.service'

/** Renaming and removing offices and teams; users in a removed one keep working without it. */
export const officeTeamRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db

  app.patch(
    '/api/v1/offices/:id',
    {
      schema: {
        tags: ['organization'],
        summary: 'Rename an office or change its reply number',
        params: IdParams,
        body: Body({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          replyNumber: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
        }),
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'settings.manage')
      const { name, replyNumber } = request.body
      let reply: string | null | undefined = replyNumber === '' ? null : replyNumber
      if (reply) {
        const org = await getOrganization(db, actor.orgId)
        const parsed = toE164(reply, org.settings.defaultCountry)
        if ('reason' in parsed) throw new errors.PHONE_NUMBER_INVALID(`replyNumber ${parsed.reason}`)
        reply = parsed.e164
      }
      const row = await db
        .updateTable('offices')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(reply !== undefined ? { reply_number: reply } : {}),
        })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst()
      if (!row) throw new errors.OFFICE_NOT_FOUND(request.params.id)
      return { id: row.id, name: row.name, replyNumber: row.reply_number, createdAt: row.created_at }
    },
  )

  app.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['organization'],
        summary: 'Rename a team',
        params: IdParams,
        body: Body({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'settings.manage')
      const row = await db
        .updateTable('teams')
        .set({ name: request.body.name })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst()
      if (!row) throw new errors.TEAM_NOT_FOUND(request.params.id)
      return { id: row.id, name: row.name, createdAt: row.created_at }
    },
  )

  for (const [table, notFound] of [
    ['offices', errors.OFFICE_NOT_FOUND],
    ['teams', errors.TEAM_NOT_FOUND],
  ] as const) {
    app.delete(
      `/api/v1/${table}/:id`,
      {
        schema: {
          tags: ['organization'],
          summary: `Remove ${table === 'offices' ? 'an office' : 'a team'}`,
          params: IdParams,
        },
      },
      async (request, reply) => {
        const actor = requirePermission(request, 'settings.manage')
        const result = await db
          .deleteFrom(table)
          .where('org_id', '=', actor.orgId)
          .where('id', '=', request.params.id)
          .executeTakeFirst()
        if (Number(result.numDeletedRows) === 0) throw new notFound(request.params.id)
        return reply.status(204).send()
      },
    )
  }
}
