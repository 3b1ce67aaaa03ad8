import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import { MessageList } from '../../common/api/messaging'
import { IdParams, PageQuery } from '../../common/api/schema'
import { actorOf } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  getConversation,
  listConversationMessages,
  listConversationsFor,
  markConversationRead,
  setConversationDeleted,
  setIncomingUser,
} from './conversation.service'

const ConversationListQuery = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('shared')], { default: 'shared' })),
  unread: Type.Optional(Type.Boolean()),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  deleted: Type.Optional(Type.Boolean()),
  ...PageQuery,
})

export const conversationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['conversations']

  app.get(
    '/api/v1/conversations',
    {
      schema: {
        tags,
        summary: 'Conversations, the most recent first',
        description:
          'Sorted by the last message, ignoring bulk (marketing) messages unless the organization turns on ' +
          '"include marketed when sorting". `scope=mine` keeps the conversations you are associated with.',
        querystring: ConversationListQuery,
      },
    },
    async (request) => {
      const { cursor, limit, scope, ...filter } = request.query
      return listConversationsFor(
        db,
        actorOf(request),
        { ...filter, scope: scope ?? 'shared' },
        { cursor, limit: limit ?? 50 },
      )
    },
  )

  app.get(
    '/api/v1/conversations/:id',
    { schema: { tags, summary: 'A conversation with its record card', params: IdParams } },
    async (request) => getConversation(db, actorOf(request).orgId, request.params.id),
  )

  app.get(
    '/api/v1/conversations/:id/messages',
    {
      schema: {
        tags,
        summary: 'History, oldest first within a page; `nextCursor` pages back to older messages',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: MessageList },
      },
    },
    async (request) => {
      return listConversationMessages(db, actorOf(request).orgId, request.params.id, request.query)
    },
  )

  app.post(
    '/api/v1/conversations/:id/read',
    { schema: { tags, summary: 'Mark as read', params: IdParams } },
    async (request, reply) => {
      await markConversationRead(deps, actorOf(request).orgId, request.params.id)
      return reply.status(204).send()
    },
  )
  app.post(
    '/api/v1/conversations/:id/delete',
    { schema: { tags, summary: 'Delete (restorable)', params: IdParams } },
    async (request, reply) => {
      await setConversationDeleted(deps, actorOf(request).orgId, request.params.id, true)
      return reply.status(204).send()
    },
  )
  app.post(
    '/api/v1/conversations/:id/restore',
    { schema: { tags, summary: 'Restore a deleted conversation', params: IdParams } },
    async (request, reply) => {
      await setConversationDeleted(deps, actorOf(request).orgId, request.params.id, false)
      return reply.status(204).send()
    },
  )

  const UserParams = Type.Object({ id: Type.String(), userId: Type.String() })
  app.put(
    '/api/v1/conversations/:id/incoming-users/:userId',
    { schema: { tags, summary: 'Tell this user of replies in the conversation', params: UserParams } },
    async (request, reply) => {
      await setIncomingUser(deps, actorOf(request).orgId, {
        conversationId: request.params.id,
        userId: request.params.userId,
        on: true,
      })
      return reply.status(204).send()
    },
  )
  app.delete(
    '/api/v1/conversations/:id/incoming-users/:userId',
    { schema: { tags, summary: 'Stop telling this user of replies', params: UserParams } },
    async (request, reply) => {
      await setIncomingUser(deps, actorOf(request).orgId, {
        conversationId: request.params.id,
        userId: request.params.userId,
        on: false,
      })
      return reply.status(204).send()
    },
  )
}
