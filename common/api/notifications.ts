import { Type } from 'typebox'
import { Body, Nullable } from './schema'

export const NotificationSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  messageId: Nullable(Type.String()),
  conversationId: Nullable(Type.String()),
  title: Type.String(),
  body: Type.String(),
  clearedAt: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const ListNotificationsQuery = Type.Object({
  includeCleared: Type.Optional(Type.Boolean()),
  before: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
})

/** Newest first; pass `nextBefore` back as `before` until it is null. */
export const NotificationList = Type.Object({
  items: Type.Array(NotificationSchema),
  nextBefore: Nullable(Type.String()),
})

export const ClearNotificationsBody = Body({
  ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
  all: Type.Optional(Type.Boolean()),
})

export const ClearNotificationsReply = Type.Object({ cleared: Type.Integer() })
