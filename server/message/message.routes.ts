import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'
import {
  ForwardBody,
  IdsBody,
  MessageItems,
  MessageList,
  MessageListQuery,
  MessageSchema,
  ReplyBody,
  ResendOneBody,
  SendMessageBody,
} from '../../common/api/messaging'
import { IdParams, PageQuery } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { errors } from '../errors'
import { sendMessage } from '../outbound/send.service'
import { pageRequest } from '../pagination'
import { getMessage, listMessagesInView, listPersonMessages } from './message.service'
import {
  cancelMessage,
  forwardMessage,
  replyToMessages,
  resendMessage,
  resendMessages,
  setMessagesDeleted,
} from './message-actions.service'

export const messageRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['messages']
  const Changed = Type.Object({ changed: Type.Integer() })

  app.post(
    '/api/v1/messages',
    {
      schema: {
        tags,
        summary: 'Send (or schedule) a text to a person or a number',
        description:
          'Give exactly one of `personId` or `to`. Credits are debited when the message is accepted; ' +
          'refused with CREDITS_INSUFFICIENT (402, `details: { needed, available }`) when the balance is short.',
        body: SendMessageBody,
        response: { 201: MessageSchema, 200: MessageSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const { personId, to } = request.body
      if ((personId === undefined) === (to === undefined)) {
        throw new errors.REQUEST_INVALID('body must have exactly one of "personId" or "to"')
      }
      const { message, created } = await sendMessage(
        deps,
        { orgId: actor.orgId, userId: actor.userId },
        request.body,
      )
      return reply.status(created ? 201 : 200).send(message)
    },
  )

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
      return listMessagesInView(db, actor.orgId, filter, pageRequest({ cursor, limit }))
    },
  )

  app.get(
    '/api/v1/messages/:id',
    { schema: { tags, summary: 'One message', params: IdParams, response: { 200: MessageSchema } } },
    async (request) => getMessage(db, actorOf(request).orgId, request.params.id),
  )

  app.get(
    '/api/v1/people/:id/messages',
    {
      schema: {
        tags,
        summary: "The person's journal: every message to and from them",
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: MessageList },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      return listPersonMessages(db, actor.orgId, request.params.id, request.query)
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
      return cancelMessage(deps, actor.orgId, request.params.id)
    },
  )

  app.post(
    '/api/v1/messages/delete',
    {
      schema: {
        tags,
        summary: 'Delete messages (restorable from the deleted view)',
        body: IdsBody,
        response: { 200: Changed },
      },
    },
    async (request) => setMessagesDeleted(deps, actorOf(request).orgId, request.body.ids, true),
  )

  app.post(
    '/api/v1/messages/restore',
    { schema: { tags, summary: 'Restore deleted messages', body: IdsBody, response: { 200: Changed } } },
    async (request) => setMessagesDeleted(deps, actorOf(request).orgId, request.body.ids, false),
  )

  app.post(
    '/api/v1/messages/resend',
    {
      schema: {
        tags,
        summary: 'Resend failed messages: each goes back to pending as a new message, charged again',
        description:
          'A message whose outcome is unknown is refused (MESSAGE_OUTCOME_UNKNOWN): it may have reached the ' +
          'recipient, and is resent only alone, confirmed, through POST /api/v1/messages/{id}/resend.',
        body: IdsBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const items = await resendMessages(deps, { orgId: actor.orgId, userId: actor.userId }, request.body.ids)
      return reply.status(201).send({ items })
    },
  )

  app.post(
    '/api/v1/messages/:id/resend',
    {
      schema: {
        tags,
        summary: 'Resend one failed message as a new message, charged again',
        description:
          'A message whose outcome is unknown (sending stopped after it was handed to the provider) may have ' +
          'reached the recipient: it is resent only with `confirmUnknown: true`, else MESSAGE_OUTCOME_UNKNOWN (409).',
        params: IdParams,
        body: ResendOneBody,
        response: { 201: MessageSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const message = await resendMessage(
        deps,
        { orgId: actor.orgId, userId: actor.userId },
        request.params.id,
        request.body,
      )
      return reply.status(201).send(message)
    },
  )

  app.post(
    '/api/v1/messages/reply',
    {
      schema: {
        tags,
        summary: 'Reply to one or many messages: one reply per distinct sender',
        body: ReplyBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const items = await replyToMessages(deps, { orgId: actor.orgId, userId: actor.userId }, request.body)
      return reply.status(201).send({ items })
    },
  )

  app.post(
    '/api/v1/messages/forward',
    {
      schema: {
        tags,
        summary: 'Forward one message (text editable) to people and/or numbers',
        body: ForwardBody,
        response: { 201: MessageItems },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const items = await forwardMessage(deps, { orgId: actor.orgId, userId: actor.userId }, request.body)
      return reply.status(201).send({ items })
    },
  )
}
