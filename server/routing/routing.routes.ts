import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CreateRoutingRuleBody,
  FailoverBody,
  RoutingRuleList,
  RoutingRuleSchema,
  SenderNumberReply,
} from '../../common/api/routing'
import { IdParams } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { addRule, listRules, removeRule, setFailover } from './routing.service'
import { senderNumberView } from './sender-number.service'

export const routingRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['routing']

  app.get(
    '/api/v1/me/sender',
    {
      schema: {
        tags,
        summary: 'The number your texts go from when you choose no connection',
        description:
          "Your own reply number, else your office's, each when an enabled connection owns it; else routing decides " +
          '(rules, else the default connection). Replies go from the number the person texted instead.',
        response: { 200: SenderNumberReply },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return senderNumberView(db, actor.orgId, actor.userId)
    },
  )

  app.get(
    '/api/v1/routing-rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the order they are tried',
        description:
          'A message goes out on the connection the sender chose, else on the first matching rule (office: the ' +
          "sender's office; country: the destination's country; sticky: the number the person last texted), else the default.",
        response: { 200: RoutingRuleList },
      },
    },
    async (request) => ({ items: await listRules(db, actorOf(request).orgId) }),
  )

  app.post(
    '/api/v1/routing-rules',
    {
      schema: {
        tags,
        summary: 'Add a routing rule',
        body: CreateRoutingRuleBody,
        response: { 201: RoutingRuleSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      const rule = await addRule({ db, clock: deps.clock }, actor.orgId, {
        kind: request.body.kind,
        match: request.body.match ?? null,
        connectionId: request.body.connectionId,
        priority: request.body.priority,
      })
      return reply.status(201).send(rule)
    },
  )

  app.delete(
    '/api/v1/routing-rules/:id',
    { schema: { tags, summary: 'Remove a routing rule', params: IdParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      await removeRule(db, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )

  app.put(
    '/api/v1/connections/:id/failover',
    {
      schema: {
        tags,
        summary:
          'Name the connection that takes over when this one fails on the provider side (null to stop)',
        params: IdParams,
        body: FailoverBody,
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      await setFailover({ db, clock: deps.clock }, actor.orgId, request.params.id, request.body.connectionId)
      return reply.status(204).send()
    },
  )
}
