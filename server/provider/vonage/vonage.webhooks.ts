import type { InboundPart, InboundSms, StatusUpdate, WebhookRequest } from '../provider'
import { describeReceiptError, mapReceiptStatus } from './vonage.codes'

/**
 * Vonage calls webhooks as GET with a query string, POST form or POST JSON, whichever the account is set
 * to; the parameters are the same in all three. The body wins when it has any; otherwise the query.
 */
export function paramsOf(req: WebhookRequest): Record<string, string> {
  const params: Record<string, string> = {}
  const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}
  const source = Object.keys(body).length > 0 ? (body as Record<string, unknown>) : req.query
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string') params[name] = value
    else if (typeof value === 'number' || typeof value === 'boolean') params[name] = String(value)
  }
  return params
}

/** Vonage numbers are E.164 digits without "+"; an alphanumeric sender id stays as it is. */
export function toE164(value: string | undefined): string {
  const compact = (value ?? '').trim()
  return /^[1-9]\d{6,14}$/.test(compact) ? `+${compact}` : compact
}

/** `message-timestamp` is "2020-01-01 12:00:00" in UTC; `timestamp` (signed webhooks) is Unix seconds. */
export function timeOf(params: Record<string, string>): string | null {
  const text = params['message-timestamp']
  if (text && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) {
    const at = Date.parse(`${text.replace(' ', 'T')}Z`)
    if (!Number.isNaN(at)) return new Date(at).toISOString()
  }
  const seconds = Number(params.timestamp)
  return params.timestamp && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null
}

/**
 * `concat=true` with `concat-ref`, `concat-total` and `concat-part` (1-based): one part of a long
 * reply. Parts with numbers that do not add up are treated as whole texts rather than held forever.
 */
export function partOf(params: Record<string, string>): InboundPart | undefined {
  if (params.concat !== 'true' || !params['concat-ref']) return undefined
  const total = Number(params['concat-total'])
  const number = Number(params['concat-part'])
  if (!Number.isInteger(total) || !Number.isInteger(number) || total < 2 || total > 255) return undefined
  if (number < 1 || number > total) return undefined
  return { ref: params['concat-ref'], number, total }
}

/**
 * Inbound SMS. A long reply arrives as one webhook per part, each with its own messageId; each is
 * passed on with its part (see `partOf`) and Parley joins them (server/inbound/inbound-parts.ts).
 */
export function parseVonageInbound(req: WebhookRequest): InboundSms[] {
  const params = paramsOf(req)
  if (!params.msisdn || !params.messageId) return []
  const part = partOf(params)
  return [
    {
      providerMessageId: params.messageId,
      from: toE164(params.msisdn),
      to: toE164(params.to),
      body: params.text ?? '',
      receivedAt: timeOf(params) ?? new Date().toISOString(),
      ...(part ? { part } : {}),
    },
  ]
}

/**
 * Delivery receipt: `messageId` (one per part of a long message; the first part's id is the one Parley
 * keeps), `status` word, `err-code` (0 = no error), `msisdn` = the recipient, `client-ref` = our reference.
 */
export function parseVonageStatus(req: WebhookRequest): StatusUpdate[] {
  const params = paramsOf(req)
  const status = mapReceiptStatus(params.status)
  if (!params.messageId || !status) return []
  const errCode = params['err-code'] && params['err-code'] !== '0' ? params['err-code'] : null
  const at = timeOf(params)
  return [
    {
      providerMessageId: params.messageId,
      status,
      errorCode: status === 'delivered' ? null : errCode,
      errorMessage: describeReceiptError(params['err-code'], status),
      ...(at ? { at } : {}),
    },
  ]
}
