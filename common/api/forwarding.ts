import { Type } from 'typebox'
import { Body, Literals, Nullable } from './schema'

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

/** The numbers a rule can listen on: the organization's connections' senders and the numbers they own. */
export const ForwardingNumberList = Type.Object({ items: Type.Array(Type.String()) })

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const

/** A queued e-mail (a forwarded text or a reply notification), for admins to follow. */
export const OutboxEmail = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  status: Type.Union(Literals(EMAIL_STATUSES)),
  attempts: Type.Integer(),
  /** Why the last attempt failed, or why it waits ("SMTP_URL is not set"). */
  lastError: Nullable(Type.String()),
  dueAt: Type.String(),
  sentAt: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const OutboxEmailList = Type.Object({ items: Type.Array(OutboxEmail) })

export const ListEmailsQuery = Type.Object({
  status: Type.Optional(Type.Union(Literals(EMAIL_STATUSES), { description: 'Only e-mails in this state' })),
})
