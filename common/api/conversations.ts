import { Type } from 'typebox'
import { MessageText } from './messaging'
import { Body, Nullable, Page, PageQuery } from './schema'

export const ConversationListQuery = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('shared')], { default: 'shared' })),
  unread: Type.Optional(Type.Boolean()),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  deleted: Type.Optional(Type.Boolean()),
  ...PageQuery,
})

/** A line of the conversation list, with the person shown on it (none for an unknown number). */
export const ConversationSummarySchema = Type.Object({
  id: Type.String(),
  phone: Type.String(),
  personId: Nullable(Type.String()),
  personCount: Type.Integer(),
  personName: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  company: Nullable(Type.String()),
  email: Nullable(Type.String()),
  lastMessageAt: Type.String(),
  lastMessagePreview: Type.String(),
  lastMessageDirection: Nullable(Type.String()),
  unreadCount: Type.Integer(),
  deletedAt: Nullable(Type.String()),
})

export const ConversationPage = Page(ConversationSummarySchema)

/** A person on the record card of a conversation. */
export const RecordCardPersonSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  jobTitle: Nullable(Type.String()),
  company: Nullable(Type.String()),
  email: Nullable(Type.String()),
  mobile: Nullable(Type.String()),
})

export const ConversationDetailSchema = Type.Object({
  id: Type.String(),
  phone: Type.String(),
  unreadCount: Type.Integer(),
  lastMessageAt: Type.String(),
  deletedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  /** More than one person shares this number: the UI flags it. */
  sharedNumber: Type.Boolean(),
  people: Type.Array(RecordCardPersonSchema),
  users: Type.Array(
    Type.Object({
      userId: Type.String(),
      role: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
    }),
  ),
  /**
   * The users associated with this person, for the record card: those who texted them, were made an
   * incoming user of the conversation, or were told of a reply in it; with their association types.
   */
  associatedUsers: Type.Array(
    Type.Object({
      userId: Type.String(),
      name: Type.String(),
      associationTypes: Type.Array(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])),
    }),
  ),
  /** Where a reply goes from unless another connection is chosen: the number the person texted. */
  replyFrom: Nullable(
    Type.Object({ connectionId: Type.String(), connectionName: Type.String(), number: Type.String() }),
  ),
})

/** A reply in the conversation, to its number; `connectionId` sends from another connection. */
export const ConversationReplyBody = Body({
  id: Type.Optional(
    Type.String({
      format: 'uuid',
      description: 'Your id for this reply: sending it again returns the same message',
    }),
  ),
  body: MessageText,
  connectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
})

export const ConversationUserParams = Type.Object({ id: Type.String(), userId: Type.String() })
