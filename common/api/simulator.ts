import { Type } from 'typebox'
import { Body, Nullable } from './schema'

export const SimulateInboundBody = Body({
  from: Type.String({ minLength: 1, maxLength: 40, description: 'The phone number texting in' }),
  body: Type.String({ minLength: 1, maxLength: 1600 }),
  to: Type.Optional(
    Type.String({
      maxLength: 40,
      description: "The simulator connection's number (default: the first)",
    }),
  ),
})

export const SimulateInboundReply = Type.Object({
  messageId: Type.String(),
  conversationId: Nullable(Type.String()),
  duplicate: Type.Boolean(),
})
