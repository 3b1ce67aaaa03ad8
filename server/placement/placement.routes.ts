import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RecordPeople } from '../../common/api/jobs'
import {
  CreatePlacementBody,
  ListPlacementsQuery,
  PlacementSchema,
  UpdatePlacementBody,
  UpsertPlacementBody,
} from '../../common/api/placements'
import { IdParams, Page } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import { putByExternalId } from '../records/external-id.routes'
import type { AppDeps } from '../service-deps'
import {
  changePlacement,
  createPlacement,
  listPlacementPeople,
  removePlacement,
  requirePlacement,
  searchPlacements,
  upsertPlacementByExternalId,
} from './placement.service'

export const placementRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const serviceDeps = { db, clock: deps.clock }
  const tags = ['placements']

  app.get(
    '/api/v1/placements',
    {
      schema: {
        tags,
        summary: 'Placements, newest first',
        querystring: ListPlacementsQuery,
        response: { 200: Page(PlacementSchema) },
      },
    },
    async (request) => searchPlacements(db, actorOf(request).orgId, request.query),
  )

  putByExternalId(app, {
    collection: 'placements',
    kind: 'placement',
    required: 'a jobId and an applicantId',
    tags,
    body: UpsertPlacementBody,
    reply: PlacementSchema,
    upsert: (orgId, externalId, body) => upsertPlacementByExternalId(serviceDeps, orgId, externalId, body),
  })

  app.post(
    '/api/v1/placements',
    {
      schema: {
        tags,
        summary: 'Place a candidate in a job; contacts default to the job’s',
        body: CreatePlacementBody,
        response: { 201: PlacementSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      return reply.status(201).send(await createPlacement(serviceDeps, actor.orgId, request.body))
    },
  )

  app.get(
    '/api/v1/placements/:id',
    { schema: { tags, summary: 'One placement', params: IdParams, response: { 200: PlacementSchema } } },
    async (request) => requirePlacement(db, actorOf(request).orgId, request.params.id),
  )

  app.get(
    '/api/v1/placements/:id/people',
    {
      schema: {
        tags,
        summary: "A placement's applicant, main contact and line manager, with their records",
        params: IdParams,
        response: { 200: RecordPeople },
      },
    },
    async (request) => listPlacementPeople(db, actorOf(request).orgId, request.params.id),
  )

  app.patch(
    '/api/v1/placements/:id',
    {
      schema: {
        tags,
        summary: 'Change a placement',
        params: IdParams,
        body: UpdatePlacementBody,
        response: { 200: PlacementSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return changePlacement(serviceDeps, actor.orgId, request.params.id, request.body)
    },
  )

  app.delete(
    '/api/v1/placements/:id',
    { schema: { tags, summary: 'Delete a placement', params: IdParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      await removePlacement(serviceDeps, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )
}
