import { Type } from 'typebox'
import { Body, Literals, Nullable, Page, PageQuery } from './schema'

export const MessageSchema = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('outbound'), Type.Literal('inbound')]),
  kind: Type.String({
    description:
      'one_to_one | reply | forward | bulk | workflow | auto_reply (the answer to STOP, START or HELP)',
  }),
  status: Type.String({
    description:
      'scheduled | queued | sending | sent | delivered | undelivered | failed | unknown | cancelled | not_triggered | received',
  }),
  conversationId: Nullable(Type.String()),
  personId: Nullable(Type.String()),
  to: Type.String(),
  from: Type.String(),
  subject: Nullable(Type.String()),
  body: Type.String(),
  bodyCleaned: Type.Boolean({
    description:
      'A received text that held characters no text can be stored with (NUL, or half of a UTF-16 pair): they were removed (a half pair became U+FFFD) so the text was kept rather than refused',
  }),
  encoding: Type.String(),
  segments: Type.Integer(),
  credits: Type.Integer(),
  repliable: Type.Boolean(),
  campaignId: Nullable(Type.String()),
  senderUserId: Nullable(Type.String()),
  connectionId: Nullable(Type.String()),
  providerMessageId: Nullable(Type.String()),
  sendAt: Nullable(Type.String()),
  heldByProvider: Type.Boolean({
    description:
      'A scheduled message the provider holds and will send at sendAt itself (provider-side scheduling); cancelling calls it off there',
  }),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  errorCode: Nullable(Type.String()),
  error: Nullable(Type.String({ description: 'Why it failed, in words a recruiter understands' })),
  resentFromId: Nullable(Type.String({ description: 'The failed message this one is a resend of' })),
  resentAsId: Type.Optional(
    Nullable(
      Type.String({
        description:
          'In message lists and GET /messages/{id}: the message this failed one was resent as (it has then left the Failed view)',
      }),
    ),
  ),
  quietHoursOverrideReason: Nullable(
    Type.String({
      description:
        "Sent at once inside the recipient's quiet hours because the sender overrode them, for this reason",
    }),
  ),
  failoverFromConnectionId: Nullable(Type.String()),
  deletedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  sentAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  failedAt: Nullable(Type.String()),
})

/**
 * Send now even inside the recipient's quiet hours (otherwise such a text is held until they end).
 * The reason is required and kept on the message.
 */
export const QuietHoursOverride = Type.Object(
  { reason: Type.String({ maxLength: 500 }) },
  { additionalProperties: false },
)

export const MessageText = Type.String({ maxLength: 5000 })

export const SendMessageBody = Body({
  id: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        'Your id for this message: sending the same id again returns the same message (idempotent retry)',
    }),
  ),
  personId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'A phone number, as typed' })),
  body: MessageText,
  subject: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  repliable: Type.Optional(Type.Boolean()),
  connectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  sendAt: Type.Optional(Type.String({ format: 'date-time' })),
  quietHoursOverride: Type.Optional(QuietHoursOverride),
})

export const RecordSendBody = Body({
  body: MessageText,
  subject: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  roles: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 5 })),
  repliable: Type.Optional(Type.Boolean()),
  connectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  sendAt: Type.Optional(Type.String({ format: 'date-time' })),
})

export const MessageViewName = Type.Union(
  Literals(['all', 'received', 'sent', 'failed', 'pending', 'did_not_trigger', 'deleted']),
)

export const MessageListQuery = Type.Object({
  view: Type.Optional(MessageViewName),
  personId: Type.Optional(Type.String()),
  conversationId: Type.Optional(Type.String()),
  campaignId: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...PageQuery,
})

const Ids = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 500 })
export const IdsBody = Body({ ids: Ids })
export const ResendOneBody = Body({
  confirmUnknown: Type.Optional(
    Type.Boolean({
      description:
        'Required (true) to resend a message whose outcome is unknown: it may have reached the recipient, so check with them first',
    }),
  ),
})
export const ReplyBody = Body({
  messageIds: Ids,
  body: MessageText,
  connectionId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Send from this connection instead of the number each person texted',
    }),
  ),
})
export const ForwardBody = Body({
  messageId: Type.String({ minLength: 1, maxLength: 100 }),
  body: Type.Optional(MessageText),
  personIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
  numbers: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 500 })),
})

export const MessageList = Type.Object({
  items: Type.Array(MessageSchema),
  nextCursor: Nullable(Type.String()),
})
export const MessageItems = Type.Object({ items: Type.Array(MessageSchema) })
/** How many messages a delete or a restore changed. */
export const ChangedReply = Type.Object({ changed: Type.Integer() })

/** A received text that could not be put in its conversation yet: kept, with the reason, and tried again. */
export const InboundFailureSchema = Type.Object({
  id: Type.String(),
  connectionId: Type.String(),
  connectionName: Nullable(Type.String()),
  from: Type.String(),
  to: Type.String(),
  body: Type.String(),
  receivedAt: Type.String(),
  attempts: Type.Integer({ description: 'tries that failed so far' }),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Type.String({ description: 'when it is tried again by itself' }),
})

export const InboundRetryReply = Type.Object({
  stored: Type.Boolean({ description: 'true once the text is in its conversation' }),
  attempts: Type.Optional(Type.Integer()),
  lastError: Type.Optional(Nullable(Type.String())),
  nextAttemptAt: Type.Optional(Type.String()),
})

export const InboundFailurePage = Page(InboundFailureSchema)
export const InboundFailureParams = Type.Object({ id: Type.String({ maxLength: 100 }) })
