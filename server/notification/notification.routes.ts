import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf } from '../auth/auth.plugin'
import { nowIso } from '../clock'
import { clearNotifications, listNotifications } from './notification.repository'

const NotificationSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  messageId: Nullable(Type.String()),
  conversationId: Nullable(Type.String()),
  title: Type.String(),
  body: Type.String(),
  clearedAt: Nullable(Type.String()),
  createdAt: Type.String(),
})

/** The alert manager (seed 000): notifications stay until the user clears them. */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['notifications']

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first (uncleared unless includeCleared)',
        querystring: Type.Object({
          includeCleared: Type.Optional(Type.Boolean()),
          before: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(NotificationSchema), nextBefore: Nullable(Type.String()) }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const limit = request.query.limit ?? 50
      const rows = await listNotifications(db, {
        orgId: actor.orgId,
        userId: actor.userId,
        includeCleared: request.query.includeCleared ?? false,
        ...(request.query.before ? { before: request.query.before } : {}),
        limit: limit + 1,
      })
      const kept = rows.slice(0, limit)
      return {
        items: kept.map((r) => ({
          id: r.id,
          type: r.type,
          messageId: r.message_id,
          conversationId: r.conversation_id,
          title: r.title,
          body: r.body,
          clearedAt: r.cleared_at,
          createdAt: r.created_at,
        })),
        nextBefore: rows.length > limit ? (kept[kept.length - 1]?.id ?? null) : null,
      }
    },
  )

  app.post(
    '/api/v1/notifications/clear',
    {
      schema: {
        tags,
        summary: 'Clear some notifications, or all of them with `{ "all": true }`',
        body: Body({
          ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
          all: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ cleared: Type.Integer() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const ids = request.body.all ? 'all' : (request.body.ids ?? [])
      const cleared = await clearNotifications(db, {
        orgId: actor.orgId,
        userId: actor.userId,
        ids,
        at: nowIso(deps.clock),
      })
      return { cleared }
    },
  )
}
