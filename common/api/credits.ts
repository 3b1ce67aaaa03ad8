import { Type } from 'typebox'
import { Body, Nullable } from './schema'

export const BalanceReply = Type.Object({ balance: Type.Integer() })

export const TopUpBody = Body({
  amount: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
})

export const LedgerQuery = Type.Object({
  before: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
})

/** One line of the billing log: a top-up, a message, a refund or a received message. */
export const LedgerEntrySchema = Type.Object({
  id: Type.String(),
  delta: Type.Integer(),
  balanceAfter: Type.Integer(),
  reason: Type.String(),
  messageId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
})

/** Newest first; pass `nextBefore` back as `before` until it is null. */
export const LedgerPage = Type.Object({
  items: Type.Array(LedgerEntrySchema),
  nextBefore: Nullable(Type.String()),
})
