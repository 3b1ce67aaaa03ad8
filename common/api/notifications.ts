import { Type } from 'typebox'
import { Body, Nullable, PageQuery } from './schema'

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

export const NotificationListQuery = Type.Object({
  includeCleared: Type.Optional(Type.Boolean()),
  ...PageQuery,
})

export const ClearNotificationsBody = Body({
  ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
  all: Type.Optional(Type.Boolean()),
})

export const ClearNotificationsReply = Type.Object({ cleared: Type.Integer() })
