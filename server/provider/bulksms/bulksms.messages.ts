import { createHash } from 'node:crypto'
import type { InboundSms, ProviderStatus, StatusUpdate } from '../provider'

/**
 * BulkSMS Message objects (the shape of the send reply, of GET /v1/messages and of webhook posts) and
 * their translation into Parley's terms.
 */
export interface BulkSmsMessage {
  id: string
  type: 'SENT' | 'RECEIVED' | string
  from?: string | null
  to?: string | null
  body?: string | null
  encoding?: string | null
  status: { id: string; type: string; subtype?: string | null }
  submission?: { id?: string | null; date?: string | null } | null
  relatedSentMessageId?: string | null
  userSuppliedId?: string | null
}

/** Reads one Message, or null when the value is not one. */
export function asBulkSmsMessage(value: unknown): BulkSmsMessage | null {
  if (typeof value !== 'object' || value === null) return null
  const message = value as Record<string, unknown>
  const status = message.status as Record<string, unknown> | null | undefined
  if (
    (typeof message.id !== 'string' && typeof message.id !== 'number') ||
    typeof message.type !== 'string'
  ) {
    return null
  }
  if (typeof status !== 'object' || status === null || typeof status.type !== 'string') return null
  const subtype = typeof status.subtype === 'string' ? status.subtype : null
  return {
    ...(message as Partial<BulkSmsMessage>),
    id: String(message.id),
    type: message.type,
    status: {
      id: typeof status.id === 'string' ? status.id : `${status.type}.${subtype ?? 'null'}`,
      type: status.type,
      subtype,
    },
  }
}

/** Webhooks post an array; be lenient with a single object. */
export function messagesOf(body: unknown): BulkSmsMessage[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : []
  return list.map(asBulkSmsMessage).filter((m): m is BulkSmsMessage => m !== null)
}

const TYPE_STATUS: Record<string, ProviderStatus> = {
  ACCEPTED: 'queued',
  SCHEDULED: 'queued',
  SENT: 'sent',
  DELIVERED: 'delivered',
  UNKNOWN: 'sent',
  FAILED: 'failed',
}

const FAILED_SUBTYPES: Record<string, { status: ProviderStatus; message: string }> = {
  EXPIRED: {
    status: 'undelivered',
    message: 'The phone could not be reached before the message expired (switched off or out of coverage)',
  },
  HANDSET_ERROR: {
    status: 'undelivered',
    message: 'The phone could not accept the message (for example, its message memory is full)',
  },
  BLOCKED: {
    status: 'failed',
    message: 'The recipient has blocked messages from this account (for example, they replied STOP)',
  },
  NOT_SENT: {
    status: 'failed',
    message: 'BulkSMS did not send the message: it found no route to this number',
  },
}

export function statusOf(message: BulkSmsMessage): { status: ProviderStatus; errorMessage: string | null } {
  if (message.status.type === 'FAILED') {
    const known = FAILED_SUBTYPES[message.status.subtype ?? '']
    return known
      ? { status: known.status, errorMessage: known.message }
      : { status: 'failed', errorMessage: `BulkSMS could not deliver the message (${message.status.id})` }
  }
  return { status: TYPE_STATUS[message.status.type] ?? 'sent', errorMessage: null }
}

export function toStatusUpdate(message: BulkSmsMessage): StatusUpdate {
  const { status, errorMessage } = statusOf(message)
  return {
    providerMessageId: message.id,
    status,
    errorCode: message.status.type === 'FAILED' ? message.status.id : null,
    errorMessage,
  }
}

/** BulkSMS writes numbers as digits ("27737378631") or with "+"; Parley keeps E.164. */
export function toE164(value: string | null | undefined): string {
  const compact = (value ?? '').replace(/[\s()-]/g, '')
  if (/^[1-9]\d{6,14}$/.test(compact)) return `+${compact}`
  return compact || (value ?? '')
}

export function toInboundSms(message: BulkSmsMessage, now: Date): InboundSms {
  const date = message.submission?.date ? new Date(message.submission.date) : null
  return {
    providerMessageId: message.id,
    from: toE164(message.from),
    to: toE164(message.to),
    body: message.body ?? '',
    receivedAt: date && !Number.isNaN(date.getTime()) ? date.toISOString() : now.toISOString(),
  }
}

/**
 * `userSuppliedId` holds at most 20 characters, less than a UUID: longer references are replaced by the
 * first 20 hex digits of their SHA-256 (80 bits, so two messages never share one in practice).
 */
export function userSuppliedIdOf(reference: string): string {
  if (/^[A-Za-z0-9_-]{1,20}$/.test(reference)) return reference
  return createHash('sha256').update(reference).digest('hex').slice(0, 20)
}
