import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateOfficeBody,
  CreateTeamBody,
  OrganizationSchema,
  UpdateOrganizationBody,
} from '../../common/api/account'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { toE164 } from '../core/phone'
import { errors } from '../errors'
import { listOffices, listTeams } from './organization.repository'
import { changeOrganization, createOffice, createTeam, getOrganization } from './organization.service'

export const organizationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['organization']

  app.get(
    '/api/v1/organization',
    {
      schema: { tags, summary: 'Your organization and its settings', response: { 200: OrganizationSchema } },
    },
    async (request) => getOrganization(db, actorOf(request).orgId),
  )

  app.patch(
    '/api/v1/organization',
    {
      schema: {
        tags,
        summary: 'Change the name or settings',
        body: UpdateOrganizationBody,
        response: { 200: OrganizationSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'settings.manage')
      return changeOrganization(db, actor.orgId, request.body)
    },
  )

  app.get(
    '/api/v1/offices',
    { schema: { tags, summary: 'Offices and their reply numbers' } },
    async (request) => {
      const rows = await listOffices(db, actorOf(request).orgId)
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          replyNumber: r.reply_number,
          createdAt: r.created_at,
        })),
      }
    },
  )

  app.post(
    '/api/v1/offices',
    { schema: { tags, summary: 'Create an office', body: CreateOfficeBody } },
    async (request, reply) => {
      const actor = requirePermission(request, 'settings.manage')
      let replyNumber: string | null = null
      if (request.body.replyNumber) {
        const org = await getOrganization(db, actor.orgId)
        const parsed = toE164(request.body.replyNumber, org.settings.defaultCountry)
        if ('reason' in parsed) throw new errors.PHONE_NUMBER_INVALID(`replyNumber ${parsed.reason}`)
        replyNumber = parsed.e164
      }
      const office = await createOffice({ db, clock: deps.clock }, actor.orgId, {
        name: request.body.name,
        replyNumber,
      })
      return reply.status(201).send(office)
    },
  )

  app.get('/api/v1/teams', { schema: { tags, summary: 'Teams' } }, async (request) => {
    const rows = await listTeams(db, actorOf(request).orgId)
    return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at })) }
  })

  app.post(
    '/api/v1/teams',
    { schema: { tags, summary: 'Create a team', body: CreateTeamBody } },
    async (request, reply) => {
      const actor = requirePermission(request, 'settings.manage')
      return reply.status(201).send(await createTeam({ db, clock: deps.clock }, actor.orgId, request.body))
    },
  )
}
