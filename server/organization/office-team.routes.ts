import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { OfficeSchema, TeamSchema, UpdateOfficeBody, UpdateTeamBody } from '../../common/api/account'
import { IdParams } from '../../common/api/schema'
import { requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { changeOffice, removeOffice, removeTeam, renameTeam } from './organization.service'

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
        body: UpdateOfficeBody,
        response: { 200: OfficeSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'settings.manage')
      return changeOffice(db, actor.orgId, request.params.id, request.body)
    },
  )

  app.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['organization'],
        summary: 'Rename a team',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: TeamSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'settings.manage')
      return renameTeam(db, actor.orgId, request.params.id, request.body.name)
    },
  )

  for (const [table, remove] of [
    ['offices', removeOffice],
    ['teams', removeTeam],
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
        await remove(db, actor.orgId, request.params.id)
        return reply.status(204).send()
      },
    )
  }
}
