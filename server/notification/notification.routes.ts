import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { NotificationListQuery, NotificationSchema } from '../../common/api/notifications'
import { Body, Page } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf } from '../auth/auth.plugin'
import { pageRequest } from '../pagination'
import { clearNotificationsOf, notificationsOf } from './notification.service'

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
        querystring: NotificationListQuery,
        response: { 200: Page(NotificationSchema) },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return notificationsOf(db, actor, request.query.includeCleared ?? false, pageRequest(request.query))
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
