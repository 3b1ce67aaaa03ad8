import { Type } from 'typebox'
import { Body, Nullable } from './schema'

export const OptOutNumberBody = Body({ number: Type.String({ minLength: 1, maxLength: 40 }) })

export const ListOptOutsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
})

/** Whether a number may be texted, with its opt-out history. */
export const OptOutCheckReply = Type.Object({
  number: Type.String(),
  optedOut: Type.Boolean(),
  since: Nullable(Type.String()),
  history: Type.Array(
    Type.Object({
      action: Type.String(),
      source: Type.String(),
      keyword: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
})

/** Numbers that have opted out, most recent first. */
export const OptOutList = Type.Object({
  items: Type.Array(Type.Object({ number: Type.String(), since: Type.String() })),
})
