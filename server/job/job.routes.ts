import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateJobBody, JobSchema, ListJobsQuery, RecordPeople, UpdateJobBody } from '../../common/api/jobs'
import { IdParams, Page } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import { putByExternalId } from '../records/external-id.routes'
import type { AppDeps } from '../service-deps'
import {
  changeJob,
  createJob,
  listJobPeople,
  removeJob,
  requireJob,
  searchJobs,
  upsertJobByExternalId,
} from './job.service'

export const jobRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const serviceDeps = { db, clock: deps.clock }
  const tags = ['jobs']

  app.get(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Jobs, newest first',
        querystring: ListJobsQuery,
        response: { 200: Page(JobSchema) },
      },
    },
    async (request) => searchJobs(db, actorOf(request).orgId, request.query),
  )

  putByExternalId(app, {
    collection: 'jobs',
    kind: 'job',
    required: 'a title',
    tags,
    body: UpdateJobBody,
    reply: JobSchema,
    upsert: (orgId, externalId, body) => upsertJobByExternalId(serviceDeps, orgId, externalId, body),
  })

  app.post(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Create a job; its company and people must be records of your organization',
        body: CreateJobBody,
        response: { 201: JobSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      return reply.status(201).send(await createJob(serviceDeps, actor.orgId, request.body))
    },
  )

  app.get(
    '/api/v1/jobs/:id',
    { schema: { tags, summary: 'One job', params: IdParams, response: { 200: JobSchema } } },
    async (request) => requireJob(db, actorOf(request).orgId, request.params.id),
  )

  app.get(
    '/api/v1/jobs/:id/people',
    {
      schema: {
        tags,
        summary:
          "Everyone a job names: its main contact and line manager, then each placement's applicant (newest first)",
        params: IdParams,
        response: { 200: RecordPeople },
      },
    },
    async (request) => listJobPeople(db, actorOf(request).orgId, request.params.id),
  )

  app.patch(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags,
        summary: 'Change a job',
        params: IdParams,
        body: UpdateJobBody,
        response: { 200: JobSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return changeJob(serviceDeps, actor.orgId, request.params.id, request.body)
    },
  )

  app.delete(
    '/api/v1/jobs/:id',
    { schema: { tags, summary: 'Delete a job that has no placements', params: IdParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      await removeJob(serviceDeps, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )
}
