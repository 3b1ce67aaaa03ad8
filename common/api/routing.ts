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

const NumberSource = Type.Union([Type.Literal('user'), Type.Literal('office')])

/** The number the signed-in user's texts go from when they choose no connection. */
export const SenderNumberReply = Type.Object({
  source: Type.Union([NumberSource, Type.Literal('routing')], {
    description:
      "user: the user's own reply number; office: their office's; routing: no reply number applies, so routing rules (else the default connection) decide per recipient",
  }),
  number: Nullable(Type.String({ description: 'E.164; null when routing decides' })),
  connectionId: Nullable(Type.String()),
  connectionName: Nullable(Type.String()),
  office: Nullable(
    Type.Object({ id: Type.String(), name: Type.String() }, { description: "The user's office" }),
  ),
  passedOver: Type.Array(
    Type.Object({
      source: NumberSource,
      number: Type.String(),
      reason: Type.Union([Type.Literal('connection_disabled'), Type.Literal('not_owned')]),
      connectionName: Nullable(Type.String()),
    }),
    { description: 'Reply numbers that are set but not used, and why' },
  ),
})
