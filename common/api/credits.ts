import { Type } from 'typebox'
import { Body, Nullable, PageQuery } from './schema'

export const BalanceReply = Type.Object({ balance: Type.Integer() })

export const TopUpBody = Body({
  amount: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
})

/** One entry of the billing log: a top-up, message, refund or received message, with the balance after it. */
export const LedgerEntrySchema = Type.Object({
  id: Type.String(),
  delta: Type.Integer(),
  balanceAfter: Type.Integer(),
  reason: Type.String(),
  messageId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
  number: Nullable(
    Type.String({ description: "The message's number: where it went, or where a received one came from" }),
  ),
  personName: Nullable(Type.String({ description: 'The person the message was to or from' })),
  userName: Nullable(Type.String({ description: 'Who sent the message, or who topped up' })),
  campaignId: Nullable(Type.String()),
  campaignName: Nullable(Type.String({ description: 'The mailshot the message was part of' })),
})

/** The billing log pages like every list (`cursor`, `nextCursor`), up to 500 entries a page. */
export const LedgerQuery = Type.Object({
  cursor: PageQuery.cursor,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
})
