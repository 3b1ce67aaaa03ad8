import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ConversationDetailSchema,
  ConversationListQuery,
  ConversationPage,
  ConversationUserParams,
} from '../../common/api/conversations'
import { MessageList } from '../../common/api/messaging'
import { IdParams, PageOnlyQuery } from '../../common/api/schema'
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
        response: { 200: ConversationPage },
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
    {
      schema: {
        tags,
        summary: 'A conversation with its record card',
        params: IdParams,
        response: { 200: ConversationDetailSchema },
      },
    },
    async (request) => getConversation(db, actorOf(request), request.params.id),
  )

  app.get(
    '/api/v1/conversations/:id/messages',
    {
      schema: {
        tags,
        summary: 'History, oldest first within a page; `nextCursor` pages back to older messages',
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: MessageList },
      },
    },
    async (request) => {
      return listConversationMessages(db, actorOf(request), request.params.id, request.query)
    },
  )

  app.post(
    '/api/v1/conversations/:id/read',
    { schema: { tags, summary: 'Mark as read', params: IdParams } },
    async (request, reply) => {
      await markConversationRead(deps, actorOf(request), request.params.id)
      return reply.status(204).send()
    },
  )
  app.post(
    '/api/v1/conversations/:id/delete',
    { schema: { tags, summary: 'Delete (restorable)', params: IdParams } },
    async (request, reply) => {
      await setConversationDeleted(deps, actorOf(request), request.params.id, true)
      return reply.status(204).send()
    },
  )
  app.post(
    '/api/v1/conversations/:id/restore',
    { schema: { tags, summary: 'Restore a deleted conversation', params: IdParams } },
    async (request, reply) => {
      await setConversationDeleted(deps, actorOf(request), request.params.id, false)
      return reply.status(204).send()
    },
  )

  app.put(
    '/api/v1/conversations/:id/incoming-users/:userId',
    {
      schema: {
        tags,
        summary: 'Tell this user of replies in the conversation',
        params: ConversationUserParams,
      },
    },
    async (request, reply) => {
      await setIncomingUser(deps, actorOf(request), {
        conversationId: request.params.id,
        userId: request.params.userId,
        on: true,
      })
      return reply.status(204).send()
    },
  )
  app.delete(
    '/api/v1/conversations/:id/incoming-users/:userId',
    { schema: { tags, summary: 'Stop telling this user of replies', params: ConversationUserParams } },
    async (request, reply) => {
      await setIncomingUser(deps, actorOf(request), {
        conversationId: request.params.id,
        userId: request.params.userId,
        on: false,
      })
      return reply.status(204).send()
    },
  )
}
