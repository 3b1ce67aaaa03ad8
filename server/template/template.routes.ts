import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { IdParams } from '../../common/api/schema'
import {
  CheckTemplateBody,
  CheckTemplateReply,
  CreateTemplateBody,
  ListTemplatesQuery,
  TemplateList,
  TemplateSchema,
  UpdateTemplateBody,
} from '../../common/api/templates'
import { hasPermission } from '../core/permissions'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  changeTemplate,
  checkTemplateText,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
} from './template.service'

function templateActor(request: FastifyRequest) {
  const actor = requirePermission(request, 'sms.send')
  return {
    orgId: actor.orgId,
    userId: actor.userId,
    canManageSettings: hasPermission(actor.permissions, 'settings.manage'),
  }
}

export const templateRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const serviceDeps = { db, clock: deps.clock }
  const tags = ['templates']

  app.get(
    '/api/v1/templates',
    {
      schema: {
        tags,
        summary: 'SMS templates of the organization, by name',
        querystring: ListTemplatesQuery,
        response: { 200: TemplateList },
      },
    },
    async (request) => ({ items: await listTemplates(db, actorOf(request).orgId, request.query) }),
  )

  app.post(
    '/api/v1/templates',
    {
      schema: {
        tags,
        summary: 'Create a template; its text is checked now (syntax and field names, with positions)',
        description:
          'Refused with TEMPLATE_INVALID (422) and `details.problems: [{ message, line, column }]` for a syntax ' +
          'error or an unknown field. Rejections may not go by SMS unless someone with settings.manage says so.',
        body: CreateTemplateBody,
        response: { 201: TemplateSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTemplate(serviceDeps, templateActor(request), request.body)),
  )

  app.post(
    '/api/v1/templates/check',
    {
      schema: {
        tags,
        summary: 'Check a text without saving it: the fields it uses and every problem with its position',
        body: CheckTemplateBody,
        response: { 200: CheckTemplateReply },
      },
    },
    async (request) => checkTemplateText(request.body.body),
  )

  app.get(
    '/api/v1/templates/:id',
    { schema: { tags, summary: 'One template', params: IdParams, response: { 200: TemplateSchema } } },
    async (request) => getTemplate(db, actorOf(request).orgId, request.params.id),
  )

  app.patch(
    '/api/v1/templates/:id',
    {
      schema: {
        tags,
        summary: 'Change a template; only the fields sent change',
        params: IdParams,
        body: UpdateTemplateBody,
        response: { 200: TemplateSchema },
      },
    },
    async (request) => changeTemplate(serviceDeps, templateActor(request), request.params.id, request.body),
  )

  app.delete(
    '/api/v1/templates/:id',
    { schema: { tags, summary: 'Delete a template', params: IdParams } },
    async (request, reply) => {
      await deleteTemplate(db, templateActor(request).orgId, request.params.id)
      return reply.status(204).send()
    },
  )
}
