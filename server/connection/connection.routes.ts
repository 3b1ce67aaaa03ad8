import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ConnectionList,
  ConnectionListQuery,
  ConnectionSchema,
  ConnectionTestReply,
  CreateConnectionBody,
  DisabledConnectionSchema,
  ProviderList,
  UpdateConnectionBody,
} from '../../common/api/connections'
import { IdParams } from '../../common/api/schema'
import { readingKeys } from '../config'
import { hasPermission } from '../core/permissions'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  addConnection,
  changeConnection,
  connectionFor,
  connectionsFor,
  connectionView,
  disableConnection,
  testConnection,
} from './connection.service'
import { describeProviders } from './connection-settings'

/**
 * Provider connections. Anyone signed in can list them (the compose screen's sender picker); settings,
 * webhook URLs and every change need `connections.manage`. Secrets are never in an answer.
 */
export const connectionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['connections']
  const serviceDeps = {
    db,
    dialect: deps.database.dialect,
    clock: deps.clock,
    secretKey: deps.config.secretKey,
    readKeys: readingKeys(deps.config),
    allowProviderBaseUrl: deps.config.allowProviderBaseUrl,
  }
  const viewDeps = { db, providers: deps.providers }

  app.get(
    '/api/v1/providers',
    {
      schema: {
        tags,
        summary: 'SMS providers Parley can connect to, with their settings',
        response: { 200: ProviderList },
      },
    },
    async (request) => {
      actorOf(request)
      return { items: describeProviders() }
    },
  )

  app.get(
    '/api/v1/connections',
    {
      schema: {
        tags,
        summary: 'Connections of the organization',
        querystring: ConnectionListQuery,
        response: { 200: ConnectionList },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const manager = hasPermission(actor.permissions, 'connections.manage')
      return connectionsFor(viewDeps, actor.orgId, manager, {
        includeDisabled: request.query.includeDisabled === true,
      })
    },
  )

  app.get(
    '/api/v1/connections/:id',
    { schema: { tags, summary: 'One connection', params: IdParams, response: { 200: ConnectionSchema } } },
    async (request) => {
      const actor = actorOf(request)
      return connectionFor(
        viewDeps,
        actor.orgId,
        request.params.id,
        hasPermission(actor.permissions, 'connections.manage'),
      )
    },
  )

  app.post(
    '/api/v1/connections',
    {
      schema: {
        tags,
        summary: 'Connect a provider account',
        body: CreateConnectionBody,
        response: { 201: ConnectionSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      const added = await addConnection(serviceDeps, actor.orgId, request.body)
      return reply.status(201).send(connectionView(deps.providers, added, true))
    },
  )

  app.patch(
    '/api/v1/connections/:id',
    {
      schema: {
        tags,
        summary: 'Change a connection; omitted settings, secrets included, keep their stored value',
        params: IdParams,
        body: UpdateConnectionBody,
        response: { 200: ConnectionSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'connections.manage')
      const changed = await changeConnection(serviceDeps, actor.orgId, request.params.id, request.body)
      return connectionView(deps.providers, changed, true)
    },
  )

  app.delete(
    '/api/v1/connections/:id',
    {
      schema: {
        tags,
        summary: 'Disable a connection (messages already queued on it still go out through it)',
        params: IdParams,
        response: { 200: DisabledConnectionSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'connections.manage')
      return disableConnection(serviceDeps, actor.orgId, request.params.id)
    },
  )

  app.post(
    '/api/v1/connections/:id/test',
    {
      schema: {
        tags,
        summary: 'Check the credentials with the provider (and read the balance where it has one)',
        params: IdParams,
        response: { 200: ConnectionTestReply },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'connections.manage')
      return testConnection({ db, providers: deps.providers }, actor.orgId, request.params.id)
    },
  )
}
