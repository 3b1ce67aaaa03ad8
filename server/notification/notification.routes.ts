import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ClearNotificationsBody,
  ClearNotificationsReply,
  NotificationListQuery,
  NotificationSchema,
} from '../../common/api/notifications'
import { Page } from '../../common/api/schema'
import { actorOf } from '../http/request-actor'
import { pageRequest } from '../pagination'
import type { AppDeps } from '../service-deps'
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
        body: ClearNotificationsBody,
        response: { 200: ClearNotificationsReply },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const ids = request.body.all ? 'all' : (request.body.ids ?? [])
      return clearNotificationsOf({ db, clock: deps.clock }, actor, ids)
    },
  )
}
