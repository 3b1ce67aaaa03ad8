/**
 * Shapes the Twilio fake answers and posts with, copied from the API spec and captured payloads
 * (see docs/providers.md, Twilio): Message JSON with string counters and RFC 2822 dates, error bodies,
 * and the form fields of inbound webhooks and status callbacks in the order Twilio sends them.
 */
import { randomBytes } from 'node:crypto'
import { gsmSeptets } from '../../core/gsm7'
import { parsePhone } from '../../core/phone'
import type { FakeResponse } from '../fake-server'
import type { FailOptions, FailureKind, RecordedRequest } from '../provider-fake'

export interface FakeTwilioMessage {
  sid: string
  direction: 'inbound' | 'outbound-api'
  from: string | null
  to: string
  body: string
  status: string
  messagingServiceSid: string | null
  statusCallback: string | null
  errorCode: number | null
  createdAt: Date
  sentAt: Date | null
  updatedAt: Date
  /** SendAt of a scheduled message (Messaging Service, ScheduleType=fixed). */
  sendAt?: Date
}

export function newSid(prefix: 'SM' | 'MG' | 'AC'): string {
  return prefix + randomBytes(16).toString('hex')
}

/** `Thu, 24 Aug 2023 05:01:45 +0000` */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

/** Segments as carriers count them: 160/153 GSM-7 septets, else 70/67 UCS-2 code units. */
export function countSegments(text: string): number {
  let septets = 0
  for (let i = 0; i < text.length; i++) {
    const cost = gsmSeptets(text.charCodeAt(i))
    if (cost === 0) return text.length <= 70 ? 1 : Math.ceil(text.length / 67)
    septets += cost
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153)
}

export function messageJson(accountSid: string, m: FakeTwilioMessage): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`
  const segments = m.direction === 'outbound-api' && m.messagingServiceSid && m.status === 'accepted'
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.createdAt),
    date_sent: m.sentAt ? rfc2822(m.sentAt) : null,
    date_updated: rfc2822(m.updatedAt),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    // A Messaging Service send reports "0" until a sender is picked.
    num_segments: segments ? '0' : String(countSegments(m.body)),
    price: null,
    price_unit: null,
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
    to: m.to,
    uri,
  }
}

export function errorJson(code: number, message: string, status: number): string {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })
}

function countryOf(number: string): string {
  return parsePhone(number).country ?? ''
}

/** Inbound webhook fields, in the order of a real capture. */
export function inboundParams(accountSid: string, m: FakeTwilioMessage): Array<[string, string]> {
  return [
    ['ToCountry', countryOf(m.to)],
    ['ToState', ''],
    ['SmsMessageSid', m.sid],
    ['NumMedia', '0'],
    ['ToCity', ''],
    ['FromZip', ''],
    ['SmsSid', m.sid],
    ['FromState', ''],
    ['SmsStatus', 'received'],
    ['FromCity', ''],
    ['Body', m.body],
    ['FromCountry', countryOf(m.from ?? '')],
    ['To', m.to],
    ['ToZip', ''],
    ['NumSegments', String(countSegments(m.body))],
    ['MessageSid', m.sid],
    ['AccountSid', accountSid],
    ['From', m.from ?? ''],
    ['ApiVersion', '2010-04-01'],
  ]
}

/** Status callback fields; ErrorCode only for failed/undelivered, RawDlrDoneDate once a carrier answered. */
export function statusParams(accountSid: string, m: FakeTwilioMessage, at: Date): Array<[string, string]> {
  const params: Array<[string, string]> = [
    ['SmsSid', m.sid],
    ['SmsStatus', m.status],
    ['MessageStatus', m.status],
  ]
  if ((m.status === 'failed' || m.status === 'undelivered') && m.errorCode !== null) {
    params.push(['ErrorCode', String(m.errorCode)])
  }
  params.push(['To', m.to])
  if (m.messagingServiceSid) params.push(['MessagingServiceSid', m.messagingServiceSid])
  params.push(['MessageSid', m.sid], ['AccountSid', accountSid], ['From', m.from ?? ''])
  params.push(['ApiVersion', '2010-04-01'])
  if (m.status === 'delivered' || m.status === 'undelivered') {
    const iso = at.toISOString()
    // YYMMDDhhmm, the carrier's "done date".
    const done = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16)
    params.push(['RawDlrDoneDate', done])
  }
  return params
}

/** Twilio's own opt-out handling on long codes (Advanced Opt-Out keyword lists). */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])
const OPT_IN = new Set(['START', 'YES', 'UNSTOP'])

export function optOutKeyword(body: string): 'opt_out' | 'opt_in' | null {
  const word = body.trim().toUpperCase()
  if (OPT_OUT.has(word)) return 'opt_out'
  if (OPT_IN.has(word)) return 'opt_in'
  return null
}

export function json(status: number, body: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body }
}

/** The answer Twilio gives for each failure kind of the common fake controls. */
export function failureResponse(
  kind: FailureKind,
  opts: FailOptions,
  req: RecordedRequest,
): FakeResponse | 'hang' {
  switch (kind) {
    case 'auth':
      return json(401, errorJson(20003, 'Authenticate', 401), {
        'www-authenticate': 'Basic realm="Twilio API"',
      })
    case 'rate_limit':
      return json(429, errorJson(20429, 'Too Many Requests', 429), {
        ...(opts.retryAfterSeconds !== undefined ? { 'retry-after': String(opts.retryAfterSeconds) } : {}),
      })
    case 'server_error':
      return json(500, errorJson(20500, 'Internal Server Error', 500))
    case 'hang':
      return 'hang'
    case 'malformed':
      return {
        status: req.method === 'POST' ? 201 : 200,
        headers: { 'content-type': 'text/html' },
        body: '<html>',
      }
    case 'invalid_number': {
      const to = new URLSearchParams(req.rawBody).get('To') ?? ''
      return json(400, errorJson(21211, `The 'To' number ${to} is not a valid phone number.`, 400))
    }
    case 'unsubscribed':
      return json(400, errorJson(21610, 'Attempt to send to unsubscribed recipient', 400))
    case 'accept_then_drop':
    case 'reset_before_accept':
      throw new Error(`${kind} is a connection fault (see connectionFault), not an answer`)
  }
}
