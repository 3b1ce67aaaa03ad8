import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ConversationReplyBody } from '../../common/api/conversations'
import {
  ForwardBody,
  IdsBody,
  MessageItems,
  MessageSchema,
  ReplyBody,
  ResendOneBody,
  SendMessageBody,
} from '../../common/api/messaging'
import { IdParams } from '../../common/api/schema'
import { errors } from '../errors'
import { requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { sendMessage } from './send.service'
import {
  forwardMessage,
  replyInConversation,
  replyToMessages,
  resendMessage,
  resendMessages,
} from './send-from-message.service'

/** Sending a text, and the sends made from a stored one (resend, reply, forward). */
export const sendRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ['messages']

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
      const items = await resendMessages(deps, actor, request.body.ids)
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
      const message = await resendMessage(deps, actor, request.params.id, request.body)
      return reply.status(201).send(message)
    },
  )

  app.post(
    '/api/v1/conversations/:id/messages',
    {
      schema: {
        tags: ['conversations'],
        summary:
          'Reply in a conversation: from the number the person texted, unless another connection is chosen',
        description:
          'The conversation shows where a reply goes from (`replyFrom`); when that connection is gone or ' +
          'disabled the reply is routed as any text. Sending the same `id` again returns the same message.',
        params: IdParams,
        body: ConversationReplyBody,
        response: { 201: MessageSchema, 200: MessageSchema },
      },
    },
    async (request, reply) => {
      const actor = requirePermission(request, 'sms.send')
      const { message, created } = await replyInConversation(
        deps,
        { orgId: actor.orgId, userId: actor.userId },
        request.params.id,
        request.body,
      )
      return reply.status(created ? 201 : 200).send(message)
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
      const items = await replyToMessages(deps, actor, request.body)
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
      const items = await forwardMessage(deps, actor, request.body)
      return reply.status(201).send({ items })
    },
  )
}
