import { createHash } from 'node:crypto'
import type { InboundSms, StatusUpdate, WebhookRequest } from '../provider'
import { describeReceiptCode, RECEIPT_STATUSES } from './firetext.codes'
import { fromFireTextNumber, parseUkLocal } from './firetext.format'

/** Form fields of a FireText callback; query parameters count too, in case a GET is configured. */
export function fieldsOf(req: WebhookRequest): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.query)) if (value !== undefined) fields[name] = value
  if (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) {
    for (const [name, value] of Object.entries(req.body as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number') fields[name] = String(value)
    }
  }
  return fields
}

/**
 * A forwarded reply carries no message id, so one is derived from its content: FireText's retries of the
 * same reply get the same id and are stored once.
 */
export function inboundIdOf(fields: { source: string; destination: string; time: string; message: string }) {
  const digest = createHash('sha256')
    .update([fields.source, fields.destination, fields.time, fields.message].join('\u0000'))
    .digest('hex')
  return `ftin-${digest.slice(0, 32)}`
}

/** Reply forwarded by FireText: form fields source, destination, keyword, message, time (UK time). */
export function parseFireTextInbound(req: WebhookRequest): InboundSms[] {
  const fields = fieldsOf(req)
  const { source, destination, message } = fields
  if (!source || !destination || message === undefined) return []
  const time = fields.time ?? ''
  return [
    {
      providerMessageId: inboundIdOf({ source, destination, time, message }),
      from: fromFireTextNumber(source),
      to: fromFireTextNumber(destination),
      body: message,
      receivedAt: parseUkLocal(time) ?? new Date().toISOString(),
    },
  ]
}

/**
 * Delivery receipt: form fields mobile, status (0/1/2), code, time, reference. FireText echoes only our
 * reference, never its own message id, which is why Parley's message id is the provider message id here.
 */
export function parseFireTextStatus(req: WebhookRequest): StatusUpdate[] {
  const fields = fieldsOf(req)
  const status = RECEIPT_STATUSES[fields.status ?? '']
  if (!fields.reference || !status) return []
  const code = fields.code && fields.code !== '000' ? fields.code : null
  const at = parseUkLocal(fields.time)
  return [
    {
      providerMessageId: fields.reference,
      status,
      errorCode: status === 'delivered' ? null : code,
      errorMessage: describeReceiptCode(fields.code, status),
      ...(at ? { at } : {}),
    },
  ]
}
