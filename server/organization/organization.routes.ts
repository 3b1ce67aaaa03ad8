import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreatedOfficeSchema,
  CreatedTeamSchema,
  CreateOfficeBody,
  CreateTeamBody,
  OfficeList,
  OrganizationSchema,
  TeamList,
  UpdateOrganizationBody,
} from '../../common/api/account'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  addOffice,
  changeOrganization,
  createTeam,
  getOrganization,
  officesOf,
  teamsOf,
} from './organization.service'

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
    { schema: { tags, summary: 'Offices and their reply numbers', response: { 200: OfficeList } } },
    async (request) => officesOf(db, actorOf(request).orgId),
  )

  app.post(
    '/api/v1/offices',
    {
      schema: {
        tags,
        summary: 'Create an office',
        body: CreateOfficeBody,
        response: { 201: CreatedOfficeSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'settings.manage')
      const office = await addOffice({ db, clock: deps.clock }, actor.orgId, request.body)
      return reply.status(201).send(office)
    },
  )

  app.get(
    '/api/v1/teams',
    { schema: { tags, summary: 'Teams', response: { 200: TeamList } } },
    async (request) => teamsOf(db, actorOf(request).orgId),
  )

  app.post(
    '/api/v1/teams',
    {
      schema: { tags, summary: 'Create a team', body: CreateTeamBody, response: { 201: CreatedTeamSchema } },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'settings.manage')
      return reply.status(201).send(await createTeam({ db, clock: deps.clock }, actor.orgId, request.body))
    },
  )
}
