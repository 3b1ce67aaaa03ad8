import { Type } from 'typebox'
import { Nullable, PageQuery } from './schema'

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
