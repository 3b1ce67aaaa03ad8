import { Type } from 'typebox'
import { Nullable, Page, PageQuery } from './schema'

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
})

export const ConversationUserParams = Type.Object({ id: Type.String(), userId: Type.String() })
