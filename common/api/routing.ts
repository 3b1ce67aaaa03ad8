import { Type } from 'typebox'
import { Body, Nullable } from './schema'

export const RuleKind = Type.Union([Type.Literal('office'), Type.Literal('country'), Type.Literal('sticky')])

export const RoutingRuleSchema = Type.Object({
  id: Type.String(),
  kind: RuleKind,
  match: Nullable(Type.String()),
  connectionId: Type.String(),
  priority: Type.Integer(),
  createdAt: Type.String(),
})

export const RoutingRuleList = Type.Object({ items: Type.Array(RoutingRuleSchema) })

export const CreateRoutingRuleBody = Body({
  kind: RuleKind,
  match: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  connectionId: Type.String({ minLength: 1, maxLength: 100 }),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
})

/** The connection that takes over when this one fails on the provider side; null to stop. */
export const FailoverBody = Body({ connectionId: Nullable(Type.String({ minLength: 1, maxLength: 100 })) })
