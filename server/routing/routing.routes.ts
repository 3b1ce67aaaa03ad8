import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, IdParams, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { nowIso } from '../clock'
import { findConnection } from '../connection/connection.repository'
import { isKnownCountry } from '../core/phone'
import { errors } from '../errors'
import { newId } from '../ids'

const RuleKind = Type.Union([Type.Literal('office'), Type.Literal('country'), Type.Literal('sticky')])
const RuleSchema = Type.Object({
  id: Type.String(),
  kind: RuleKind,
  match: Nullable(Type.String()),
  connectionId: Type.String(),
  priority: Type.Integer(),
  createdAt: Type.String(),
})

export const routingRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['routing']

  app.get(
    '/api/v1/routing-rules',
    {
      schema: {
        tags,
        summary: 'Routing rules in the order they are tried',
        description:
          'A message goes out on the connection the sender chose, else on the first matching rule (office: the ' +
          "sender's office; country: the destination's country; sticky: the number the person last texted), else the default.",
        response: { 200: Type.Object({ items: Type.Array(RuleSchema) }) },
      },
    },
    async (request) => {
      const rows = await db
        .selectFrom('routing_rules')
        .selectAll()
        .where('org_id', '=', actorOf(request).orgId)
        .orderBy('priority')
        .orderBy('created_at')
        .execute()
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          match: r.match,
          connectionId: r.connection_id,
          priority: r.priority,
          createdAt: r.created_at,
        })),
      }
    },
  )

  app.post(
    '/api/v1/routing-rules',
    {
      schema: {
        tags,
        summary: 'Add a routing rule',
        body: Body({
          kind: RuleKind,
          match: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          connectionId: Type.String({ minLength: 1, maxLength: 100 }),
          priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
        }),
        response: { 201: RuleSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      const { kind, connectionId } = request.body
      const match = request.body.match ?? null
      if (!(await findConnection(db, actor.orgId, connectionId)))
        throw new errors.CONNECTION_NOT_FOUND(connectionId)
      if (kind === 'office') {
        const office = match
          ? await db
              .selectFrom('offices')
              .select('id')
              .where('org_id', '=', actor.orgId)
              .where('id', '=', match)
              .executeTakeFirst()
          : undefined
        if (!office) throw new errors.OFFICE_NOT_FOUND(match ?? '(none given)')
      }
      if (kind === 'country' && !(match && isKnownCountry(match))) {
        throw new errors.REQUEST_INVALID(
          `match must be an ISO 3166 country code such as GB for a country rule, got "${match}"`,
        )
      }
      if (kind === 'sticky' && match !== null)
        throw new errors.REQUEST_INVALID('match must be empty for a sticky rule')
      const row = {
        id: newId(),
        org_id: actor.orgId,
        kind,
        match,
        connection_id: connectionId,
        priority: request.body.priority ?? 100,
        created_at: nowIso(deps.clock),
      }
      await db.insertInto('routing_rules').values(row).execute()
      return reply
        .status(201)
        .send({ id: row.id, kind, match, connectionId, priority: row.priority, createdAt: row.created_at })
    },
  )

  app.delete(
    '/api/v1/routing-rules/:id',
    { schema: { tags, summary: 'Remove a routing rule', params: IdParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      const result = await db
        .deleteFrom('routing_rules')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', request.params.id)
        .executeTakeFirst()
      if (Number(result.numDeletedRows) === 0)
        throw new errors.RESOURCE_NOT_FOUND(`Routing rule ${request.params.id}`)
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
        body: Body({ connectionId: Nullable(Type.String({ minLength: 1, maxLength: 100 })) }),
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'connections.manage')
      const primary = await findConnection(db, actor.orgId, request.params.id)
      if (!primary) throw new errors.CONNECTION_NOT_FOUND(request.params.id)
      const target = request.body.connectionId
      if (target !== null) {
        if (target === primary.id) throw new errors.REQUEST_INVALID('A connection cannot be its own failover')
        if (!(await findConnection(db, actor.orgId, target))) throw new errors.CONNECTION_NOT_FOUND(target)
      }
      await db
        .updateTable('connections')
        .set({ failover_connection_id: target, updated_at: nowIso(deps.clock) })
        .where('id', '=', primary.id)
        .execute()
      return reply.status(204).send()
    },
  )
}
