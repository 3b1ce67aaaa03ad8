import { Type } from 'typebox'
import { Body, Nullable } from './schema'

/** A forwarding rule as saved: `number` is the organization's number it listens on. */
export const ForwardingRuleBody = Body({
  number: Type.String({ minLength: 1, maxLength: 40 }),
  emails: Type.Array(Type.String({ maxLength: 320 }), { maxItems: 20, default: [] }),
  mobile: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
})

export const ForwardingRule = Type.Object({
  id: Type.String(),
  number: Type.String(),
  emails: Type.Array(Type.String()),
  mobile: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export const ForwardingRuleList = Type.Object({ items: Type.Array(ForwardingRule) })
