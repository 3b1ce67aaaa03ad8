import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { Body, Nullable } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf } from '../auth/auth.plugin'
import { clearNotificationsOf, notificationsOf } from './notification.service'

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
      return notificationsOf(db, actor, {
        includeCleared: request.query.includeCleared ?? false,
        before: request.query.before,
        limit: request.query.limit ?? 50,
      })
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
      return clearNotificationsOf({ db, clock: deps.clock }, actor, ids)
    },
  )
}
