import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CompanySchema,
  CreateCompanyBody,
  ListCompaniesQuery,
  UpdateCompanyBody,
} from '../../common/api/companies'
import { IdParams, Page } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import { putByExternalId } from '../records/external-id.routes'
import type { AppDeps } from '../service-deps'
import {
  changeCompany,
  createCompany,
  removeCompany,
  requireCompany,
  searchCompanies,
  upsertCompanyByExternalId,
} from './company.service'

export const companyRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const serviceDeps = { db, clock: deps.clock }
  const tags = ['companies']

  app.get(
    '/api/v1/companies',
    {
      schema: {
        tags,
        summary: 'Companies (clients), newest first',
        querystring: ListCompaniesQuery,
        response: { 200: Page(CompanySchema) },
      },
    },
    async (request) => searchCompanies(db, actorOf(request).orgId, request.query),
  )

  app.post(
    '/api/v1/companies',
    {
      schema: {
        tags,
        summary: 'Create a company',
        body: CreateCompanyBody,
        response: { 201: CompanySchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      return reply.status(201).send(await createCompany(serviceDeps, actor.orgId, request.body))
    },
  )

  putByExternalId(app, {
    collection: 'companies',
    kind: 'company',
    required: 'a name',
    tags,
    body: UpdateCompanyBody,
    reply: CompanySchema,
    upsert: (orgId, externalId, body) => upsertCompanyByExternalId(serviceDeps, orgId, externalId, body),
  })

  app.get(
    '/api/v1/companies/:id',
    { schema: { tags, summary: 'One company', params: IdParams, response: { 200: CompanySchema } } },
    async (request) => requireCompany(db, actorOf(request).orgId, request.params.id),
  )

  app.patch(
    '/api/v1/companies/:id',
    {
      schema: {
        tags,
        summary: 'Change a company',
        params: IdParams,
        body: UpdateCompanyBody,
        response: { 200: CompanySchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return changeCompany(serviceDeps, actor.orgId, request.params.id, request.body)
    },
  )

  app.delete(
    '/api/v1/companies/:id',
    {
      schema: {
        tags,
        summary: 'Delete a company; its people and jobs stay, without a company',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      await removeCompany(serviceDeps, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )
}
