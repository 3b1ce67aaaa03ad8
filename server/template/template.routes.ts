import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { IdParams } from '../../common/api/schema'
import {
  CheckTemplateBody,
  CheckTemplateReply,
  CreateTemplateBody,
  ListTemplatesQuery,
  RenderTemplateBody,
  RenderTemplateReply,
  TemplateSchema,
  UpdateTemplateBody,
} from '../../common/api/templates'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { hasPermission } from '../core/permissions'
import { countSegments, creditsFor } from '../core/segments'
import { errors } from '../errors'
import { loadInterviewFields } from '../interview/interview-fields'
import { getOrganization } from '../organization/organization.service'
import {
  changeTemplate,
  compileOrThrow,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  requireTemplateRow,
} from './template.service'
import { loadMergeValues } from './template-context'
import { compileTemplate, renderTemplate, TemplateCompileError, TemplateRenderError } from './template-engine'

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
        response: { 200: Type.Object({ items: Type.Array(TemplateSchema) }) },
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
    async (request) => {
      try {
        const compiled = compileTemplate(request.body.body)
        return { valid: true, fields: [...compiled.fields], problems: [] }
      } catch (error) {
        if (error instanceof TemplateCompileError)
          return { valid: false, fields: [], problems: error.problems }
        throw error
      }
    },
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

  app.post(
    '/api/v1/templates/:id/render',
    {
      schema: {
        tags,
        summary: 'Preview a template for one person: the text, its cost, and the fields that are empty',
        params: IdParams,
        body: RenderTemplateBody,
        response: { 200: RenderTemplateReply },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const row = await requireTemplateRow(db, actor.orgId, request.params.id)
      const compiled = compileOrThrow(row.body)
      const { interviewId, ...subjects } = request.body
      const interview = interviewId
        ? await loadInterviewFields(db, deps.config, actor.orgId, interviewId)
        : undefined
      const values = await loadMergeValues(db, actor.orgId, {
        ...subjects,
        jobId: subjects.jobId ?? interview?.jobId ?? undefined,
        userId: actor.userId,
        interview: interview?.fields,
      })
      let rendered: { text: string; missing: string[] }
      try {
        rendered = renderTemplate(compiled, values)
      } catch (error) {
        if (error instanceof TemplateRenderError) throw new errors.TEMPLATE_RENDER_FAILED(error.message)
        throw error
      }
      const org = await getOrganization(db, actor.orgId)
      const count = countSegments(rendered.text)
      return {
        body: rendered.text,
        missingFields: rendered.missing,
        encoding: count.encoding,
        segments: count.segments,
        credits: creditsFor(count.segments, org.settings.creditsPerSegment),
        smsAllowed: row.sms_allowed === 1,
      }
    },
  )
}
