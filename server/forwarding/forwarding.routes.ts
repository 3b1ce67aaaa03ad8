import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ForwardingNumberList,
  ForwardingRule,
  ForwardingRuleBody,
  ForwardingRuleList,
} from '../../common/api/forwarding'
import { IdParams } from '../../common/api/schema'
import { requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  changeForwardingRule,
  createForwardingRule,
  getForwardingRule,
  listForwardingNumbers,
  listForwardingRulesOf,
  removeForwardingRule,
} from './forwarding.service'

/** Rules that also send texts received on one of the organization's numbers to e-mail and/or a mobile. */
export const forwardingRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['forwarding']
  const permission = 'settings.manage'

  app.get(
    '/api/v1/forwarding-rules',
    { schema: { tags, summary: 'Forwarding rules, by number', response: { 200: ForwardingRuleList } } },
    async (request) => ({
      items: await listForwardingRulesOf(db, requirePermission(request, permission).orgId),
    }),
  )

  app.get(
    '/api/v1/forwarding-rules/numbers',
    {
      schema: {
        tags,
        summary: 'The numbers a rule can listen on: connection senders and the numbers connections own',
        response: { 200: ForwardingNumberList },
      },
    },
    async (request) => ({
      items: await listForwardingNumbers(db, requirePermission(request, permission).orgId),
    }),
  )

  app.get(
    '/api/v1/forwarding-rules/:id',
    { schema: { tags, summary: 'One forwarding rule', params: IdParams, response: { 200: ForwardingRule } } },
    async (request) => getForwardingRule(db, requirePermission(request, permission).orgId, request.params.id),
  )

  app.post(
    '/api/v1/forwarding-rules',
    {
      schema: {
        tags,
        summary: 'Forward texts received on a number to e-mail addresses and/or a mobile',
        body: ForwardingRuleBody,
        response: { 201: ForwardingRule },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, permission)
      const rule = await createForwardingRule({ db, clock: deps.clock }, actor.orgId, request.body)
      return reply.status(201).send(rule)
    },
  )

  app.put(
    '/api/v1/forwarding-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a forwarding rule',
        params: IdParams,
        body: ForwardingRuleBody,
        response: { 200: ForwardingRule },
      },
    },
    async (request) => {
      const actor = requirePermission(request, permission)
      return changeForwardingRule({ db, clock: deps.clock }, actor.orgId, request.params.id, request.body)
    },
  )

  app.delete(
    '/api/v1/forwarding-rules/:id',
    { schema: { tags, summary: 'Remove a forwarding rule', params: IdParams } },
    async (request, reply) => {
      await removeForwardingRule(db, requirePermission(request, permission).orgId, request.params.id)
      return reply.status(204).send()
    },
  )
}
