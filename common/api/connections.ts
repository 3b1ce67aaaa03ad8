import { Type } from 'typebox'
import { Body, Nullable } from './schema'

export const InboundMode = Type.Union([Type.Literal('webhook'), Type.Literal('poll')], {
  description: 'webhook: the provider posts replies to Parley; poll: Parley fetches them every few minutes',
})

export const ProviderCapabilitiesSchema = Type.Object({
  deliveryReceipts: Type.Boolean(),
  inboundPolling: Type.Boolean(),
  statusPolling: Type.Boolean(),
  providerScheduling: Type.Boolean(),
  signedWebhooks: Type.Boolean(),
  balance: Type.Boolean(),
})

const PollSince = Type.String({
  maxLength: 40,
  description: 'Date to start synchronising replies from: YYYY-MM-DD (UTC) or an ISO 8601 date-time',
})

/**
 * A connection as the API shows it. Users without `connections.manage` get only what a sender
 * picker needs (id, name, provider, sender, default); settings and webhook URLs are for managers.
 * Secrets never appear: `configHint` shows each secret as its last 4 characters.
 */
export const ConnectionSchema = Type.Object({
  id: Type.String(),
  provider: Type.String(),
  providerName: Type.String(),
  name: Type.String(),
  sender: Type.String(),
  numbers: Type.Array(Type.String(), {
    description: 'Numbers the connection owns besides its sender (E.164): texts can go out from any of them',
  }),
  noReplySender: Type.Optional(Nullable(Type.String())),
  isDefault: Type.Boolean(),
  disabledAt: Nullable(Type.String()),
  ratePerSecond: Type.Optional(Type.Integer()),
  inboundMode: Type.Optional(InboundMode),
  pollSince: Type.Optional(Nullable(Type.String())),
  lastPolledAt: Type.Optional(Nullable(Type.String())),
  failoverConnectionId: Type.Optional(
    Nullable(Type.String({ description: 'The connection that takes over on provider-side errors' })),
  ),
  configHint: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  credentialsReadable: Type.Optional(
    Type.Boolean({
      description:
        "False when the stored credentials cannot be decrypted with the server's keys: the connection sends and receives nothing until its key is restored or its credentials are entered again",
    }),
  ),
  credentialsProblem: Type.Optional(
    Type.String({ description: 'When credentialsReadable is false: what is wrong and what to do' }),
  ),
  capabilities: Type.Optional(ProviderCapabilitiesSchema),
  webhookUrls: Type.Optional(
    Type.Object({
      inbound: Type.String({ description: "Paste into the provider's incoming-message (reply) webhook" }),
      status: Type.String({ description: "Paste into the provider's delivery-receipt webhook" }),
    }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.Optional(Type.String()),
})

export const ConnectionListQuery = Type.Object({
  includeDisabled: Type.Optional(Type.Boolean({ description: 'Also list disabled connections' })),
})

const ConfigValues = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  description: "The provider's settings (see GET /api/v1/providers); secrets are stored encrypted",
})

const NoReplySender = Nullable(
  Type.String({
    minLength: 1,
    maxLength: 11,
    description:
      'Sender id (e.g. AcmeJobs) for texts sent with repliable off, which recipients cannot answer; null: the sender',
  }),
)

const Numbers = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
  maxItems: 100,
  description:
    'Numbers the connection owns besides its sender (FireText VMNs, more Twilio numbers), E.164 without spaces; each belongs to one enabled connection of the organization. Offices and users can send from them',
})

export const CreateConnectionBody = Body({
  provider: Type.String({ minLength: 1, maxLength: 40 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  sender: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'E.164 number without spaces (+447700900123) or, where the provider allows it, a sender id',
  }),
  numbers: Type.Optional(Numbers),
  noReplySender: Type.Optional(NoReplySender),
  config: Type.Optional(ConfigValues),
  isDefault: Type.Optional(Type.Boolean()),
  ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  inboundMode: Type.Optional(InboundMode),
  pollSince: Type.Optional(Nullable(PollSince)),
})

export const UpdateConnectionBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  sender: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  numbers: Type.Optional(Numbers),
  noReplySender: Type.Optional(NoReplySender),
  config: Type.Optional(
    Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
      description:
        'Settings to replace; omitted settings (secrets included) keep their stored value; null removes one',
    }),
  ),
  isDefault: Type.Optional(
    Type.Boolean({ description: 'true makes this the default; to change the default, set it on another' }),
  ),
  ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  inboundMode: Type.Optional(InboundMode),
  pollSince: Type.Optional(Nullable(PollSince)),
})

export const DisabledConnectionSchema = Type.Object({
  id: Type.String(),
  disabledAt: Type.String(),
  pendingMessages: Type.Integer({
    description: 'Queued or scheduled messages that still go out through this connection',
  }),
})

export const ConnectionTestReply = Type.Object({
  ok: Type.Boolean(),
  message: Type.String(),
  balance: Type.Optional(Type.Number()),
  currency: Type.Optional(Type.String()),
})

export const ProviderFieldSchema = Type.Object({
  name: Type.String(),
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  required: Type.Boolean(),
  secret: Type.Boolean(),
})

export const ProviderInfoSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  capabilities: ProviderCapabilitiesSchema,
  senderKinds: Type.Array(Type.Union([Type.Literal('e164'), Type.Literal('alphanumeric')])),
  fields: Type.Array(ProviderFieldSchema),
})

export const ConnectionList = Type.Object({ items: Type.Array(ConnectionSchema) })
export const ProviderList = Type.Object({ items: Type.Array(ProviderInfoSchema) })
