import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ChangedReply,
  IdsBody,
  MessageList,
  MessageListQuery,
  MessageSchema,
} from '../../common/api/messaging'
import { IdParams, PageOnlyQuery } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import { pageRequest } from '../pagination'
import type { AppDeps } from '../service-deps'
import { getMessage, listMessagesInView, listPersonMessages } from './message.service'
import { cancelMessage, setMessagesDeleted } from './message-actions.service'

export const messageRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['messages']

  app.get(
    '/api/v1/messages',
    {
      schema: {
        tags,
        summary: 'Messages by view (seed 002), newest first',
        querystring: MessageListQuery,
        response: { 200: MessageList },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      const { cursor, limit, ...filter } = request.query
      return listMessagesInView(db, actor, filter, pageRequest({ cursor, limit }))
    },
  )

  app.get(
    '/api/v1/messages/:id',
    { schema: { tags, summary: 'One message', params: IdParams, response: { 200: MessageSchema } } },
    async (request) => getMessage(db, actorOf(request), request.params.id),
  )

  app.get(
    '/api/v1/people/:id/messages',
    {
      schema: {
        tags,
        summary: "The person's journal: every message to and from them",
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: MessageList },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return listPersonMessages(db, actor, request.params.id, request.query)
    },
  )

  app.post(
    '/api/v1/messages/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled or queued message; its credits are refunded',
        params: IdParams,
        response: { 200: MessageSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'sms.send')
      return cancelMessage(deps, actor, request.params.id)
    },
  )

  app.post(
    '/api/v1/messages/delete',
    {
      schema: {
        tags,
        summary: 'Delete messages (restorable from the deleted view)',
        body: IdsBody,
        response: { 200: ChangedReply },
      },
    },
    async (request) => setMessagesDeleted(deps, actorOf(request), request.body.ids, true),
  )

  app.post(
    '/api/v1/messages/restore',
    { schema: { tags, summary: 'Restore deleted messages', body: IdsBody, response: { 200: ChangedReply } } },
    async (request) => setMessagesDeleted(deps, actorOf(request), request.body.ids, false),
  )
}
