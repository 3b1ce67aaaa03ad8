/**
 * Twilio's webhook payloads (form-encoded POSTs, or a query string when a number is set to GET):
 * the inbound message webhook (`MessageSid`, `From`, `To`, `Body`, geo fields...) and the status callback
 * (`MessageSid`, `MessageStatus`, `ErrorCode` on failed/undelivered). Twilio adds parameters without notice,
 * so unknown fields are ignored. The inbound webhook carries no timestamp: receipt time is used.
 */
import type { InboundSms, StatusUpdate, WebhookRequest } from '../provider'
import { headerValue } from '../webhook-signature'
import { describeTwilioError, toParleyStatus } from './twilio.codes'

/** The webhook's parameters as single strings (the last one wins for a repeated name). */
export function webhookFields(req: WebhookRequest): Record<string, string> {
  const contentType = headerValue(req.headers, 'content-type') ?? ''
  if (contentType.includes('application/x-www-form-urlencoded') && req.rawBody !== '') {
    return Object.fromEntries(new URLSearchParams(req.rawBody))
  }
  if (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)) {
    const fields: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.body)) {
      if (typeof value === 'string') fields[name] = value
      else if (Array.isArray(value) && typeof value.at(-1) === 'string') fields[name] = value.at(-1) as string
    }
    if (Object.keys(fields).length > 0) return fields
  }
  const fromQuery: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.query)) if (value !== undefined) fromQuery[name] = value
  return fromQuery
}

function messageSidOf(fields: Record<string, string>): string {
  // SmsSid and SmsMessageSid are deprecated copies of MessageSid; older callbacks carry only them.
  return fields.MessageSid || fields.SmsMessageSid || fields.SmsSid || ''
}

/** Twilio sends E.164 for SMS; other channels prefix the address (`whatsapp:+44...`). */
function addressOf(value: string | undefined): string {
  const text = (value ?? '').trim()
  const colon = text.indexOf(':')
  return colon > 0 && text.slice(colon + 1).startsWith('+') ? text.slice(colon + 1) : text
}

export function parseTwilioInbound(req: WebhookRequest, now: () => Date = () => new Date()): InboundSms[] {
  const fields = webhookFields(req)
  const providerMessageId = messageSidOf(fields)
  if (providerMessageId === '' || fields.From === undefined || fields.To === undefined) return []
  return [
    {
      providerMessageId,
      from: addressOf(fields.From),
      to: addressOf(fields.To),
      body: fields.Body ?? '',
      receivedAt: now().toISOString(),
    },
  ]
}

export function parseTwilioStatus(req: WebhookRequest): StatusUpdate[] {
  const fields = webhookFields(req)
  const providerMessageId = messageSidOf(fields)
  const twilioStatus = fields.MessageStatus || fields.SmsStatus || ''
  const status = toParleyStatus(twilioStatus)
  if (providerMessageId === '' || status === null) return []
  const isFailure = status === 'failed' || status === 'undelivered'
  const errorCode = isFailure && fields.ErrorCode && fields.ErrorCode !== '0' ? fields.ErrorCode : null
  const errorMessage = isFailure ? describeTwilioError(errorCode, fields.ErrorMessage) : null
  return [{ providerMessageId, status, errorCode, errorMessage }]
}

/** Twilio wants TwiML from a messaging webhook; an empty <Response/> sends no auto-reply. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
