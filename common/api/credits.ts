import { Type } from 'typebox'
import { PageQuery } from './schema'

/** One entry of the billing log: a top-up, message, refund or received message, with the balance after it. */
export const LedgerEntrySchema = Type.Object({
  id: Type.String(),
  delta: Type.Integer(),
  balanceAfter: Type.Integer(),
  reason: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
})

/** The billing log pages like every list (`cursor`, `nextCursor`), up to 500 entries a page. */
export const LedgerQuery = Type.Object({
  cursor: PageQuery.cursor,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
})
