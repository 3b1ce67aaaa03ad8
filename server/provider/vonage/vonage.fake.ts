/**
 * A loopback Vonage SMS API: POST /sms/json (form fields, api_key/api_secret, HTTP 200 with
 * `messages[].status`, one entry per part of a long text) and GET /account/get-balance (Basic auth or
 * key/secret query, 401 problem document when wrong), plus delivery receipts and inbound messages called
 * in the account's webhook style (JSON POST as in Vonage's OpenAPI, form POST or GET), signed with `sig`
 * when a signature secret is set. Error texts are Vonage's (throttling text as its SDKs parse it).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { isGsm7 } from '../../core/gsm7'
import { connectionFault, type FakeResponse, postWebhook, startFakeServer } from '../fake-server'
import type { DeliveryStatus } from '../provider'
import type {
  FailOptions,
  FailureKind,
  FakeInboundSms,
  FakeStatusUpdate,
  ProviderFake,
  RecordedRequest,
  WebhookDelivery,
} from '../provider-fake'
import type { VonageSignatureMethod } from './vonage.config'
import { signVonageParams } from './vonage.signature'

/** How the Vonage account is set to call webhooks (dashboard → Settings → "HTTP Method"). */
export type WebhookStyle = 'json' | 'form' | 'get'

type FakeReply = FakeResponse | 'hang'

function json(status: number, value: unknown): FakeResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }
}

function plain(status: number, body: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'text/html', ...headers }, body }
}

/** Calls a webhook the way Vonage does in the given style. */
function callWebhook(url: string, params: Record<string, string>, style: WebhookStyle) {
  const encoded = new URLSearchParams(params).toString()
  if (style === 'get') {
    return postWebhook(`${url}${url.includes('?') ? '&' : '?'}${encoded}`, {
      method: 'GET',
      contentType: '',
      body: '',
    })
  }
  return style === 'json'
    ? postWebhook(url, { contentType: 'application/json', body: JSON.stringify(params) })
    : postWebhook(url, { contentType: 'application/x-www-form-urlencoded', body: encoded })
}

export interface VonageFakeOptions {
  apiKey?: string
  apiSecret?: string
  /** Sign webhooks with `sig` (timestamp and nonce added) using this secret. */
  signatureSecret?: string
  signatureMethod?: VonageSignatureMethod
  webhookStyle?: WebhookStyle
  balance?: number
}

interface SentPart {
  messageId: string
  clientRef: string
  to: string
  from: string
  text: string
  status: DeliveryStatus
}

export interface VonageFake extends ProviderFake {
  readonly apiKey: string
  readonly apiSecret: string
  readonly sent: SentPart[]
  /** Answer the next send with this `messages[0].status` and `error-text`. */
  failNextWithStatus(status: string, errorText: string): void
  /** Answer the next request at the HTTP level, as Vonage's gateway does. */
  failNextWithHttp(status: number, headers?: Record<string, string>, text?: string): void
}

const FAILURES: Partial<Record<FailureKind, [string, string]>> = {
  auth: ['4', 'Bad Credentials'],
  invalid_number: ['6', 'Invalid Message'],
  unsubscribed: ['7', 'Number barred.'],
  server_error: ['5', 'Internal Error'],
}

const RECEIPTS: Record<DeliveryStatus, [string, string]> = {
  queued: ['buffered', '0'],
  sent: ['accepted', '0'],
  delivered: ['delivered', '0'],
  undelivered: ['failed', '2'],
  failed: ['rejected', '6'],
}

function utcStamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** `scts`: YYMMDDHHMM. */
function scts(date = new Date()): string {
  return date.toISOString().slice(2, 16).replace(/[-T:]/g, '')
}

function partsOf(text: string): string[] {
  const chars = [...text]
  const [single, part] = isGsm7(text) ? [160, 153] : [70, 67]
  if (chars.length <= single) return [text]
  const parts: string[] = []
  for (let i = 0; i < chars.length; i += part) parts.push(chars.slice(i, i + part).join(''))
  return parts
}

export async function startVonageFake(options: VonageFakeOptions = {}): Promise<VonageFake> {
  const apiKey = options.apiKey ?? 'abcd1234'
  const apiSecret = options.apiSecret ?? 'abcdef0123456789'
  const style = options.webhookStyle ?? 'json'
  const sent: SentPart[] = []
  let pending: FakeResponse | { kind: FailureKind; options: FailOptions } | null = null
  let balance = options.balance ?? 12.5

  function messageError(status: string, errorText: string): FakeResponse {
    return json(200, { 'message-count': '1', messages: [{ status, 'error-text': errorText }] })
  }

  function failure(kind: FailureKind, opts: FailOptions, isSend: boolean): FakeReply {
    if (kind === 'hang') return 'hang'
    if (kind === 'malformed') return plain(200, '<html><body>Bad Gateway</body></html>')
    if (kind === 'rate_limit') {
      const waitMs = (opts.retryAfterSeconds ?? 1) * 1000
      return messageError('1', `Throughput Rate Exceeded - please wait [ ${waitMs} ] and retry`)
    }
    if (!isSend) return kind === 'auth' ? unauthorized() : plain(500, 'Internal Server Error')
    const [status, text] = FAILURES[kind]!
    return messageError(status, text)
  }

  function unauthorized(): FakeResponse {
    return json(401, {
      type: 'https://developer.nexmo.com/api-errors#unauthorized',
      title: 'Unauthorized',
      detail: 'You did not provide correct credentials.',
      instance: randomUUID(),
    })
  }

  function send(fields: Record<string, string>): FakeReply {
    if (fields.api_key !== apiKey || fields.api_secret !== apiSecret)
      return messageError('4', 'Bad Credentials')
    if (!fields.to) return messageError('2', 'Missing to param')
    if (!fields.from) return messageError('2', 'Missing from param')
    if (!/^\d{7,15}$/.test(fields.to)) return messageError('3', 'Invalid to address')
    const parts = partsOf(fields.text ?? '')
    const messages = parts.map((text) => {
      const messageId = randomBytes(8).toString('hex').toUpperCase()
      const part = {
        messageId,
        clientRef: fields['client-ref'] ?? '',
        to: fields.to!,
        from: fields.from!,
        text,
      }
      sent.push({ ...part, status: 'sent' })
      balance -= 0.0333
      return {
        to: fields.to,
        'message-id': messageId,
        status: '0',
        'remaining-balance': balance.toFixed(8),
        'message-price': '0.03330000',
        network: '23410',
        ...(fields['client-ref'] ? { 'client-ref': fields['client-ref'] } : {}),
      }
    })
    return json(200, { 'message-count': String(messages.length), messages })
  }

  function getBalance(headers: Record<string, string | undefined>, query: Record<string, string>): FakeReply {
    const basic = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`
    const ok = headers.authorization === basic || (query.api_key === apiKey && query.api_secret === apiSecret)
    return ok ? json(200, { value: Number(balance.toFixed(5)), autoReload: false }) : unauthorized()
  }

  const server = await startFakeServer(async (request) => {
    const isSend = request.method === 'POST' && request.path === '/sms/json'
    const fields = isSend ? Object.fromEntries(new URLSearchParams(request.rawBody)) : {}
    if (isSend) request.sms = { to: fields.to ?? '', from: fields.from ?? '', body: fields.text ?? '' }
    if (pending) {
      const next = pending
      pending = null
      if (!('kind' in next)) return next
      const fault = await connectionFault(next.kind, () => handle(request, fields))
      return fault ?? failure(next.kind, next.options, isSend)
    }
    return handle(request, fields)
  })

  function handle(request: RecordedRequest, fields: Record<string, string>): FakeReply {
    if (request.method === 'POST' && request.path === '/sms/json') return send(fields)
    if (request.method === 'GET' && request.path === '/account/get-balance') {
      return getBalance(request.headers, request.query)
    }
    return plain(404, 'Not Found')
  }

  function signed(params: Record<string, string>): Record<string, string> {
    if (!options.signatureSecret) return params
    const withNonce = { ...params, timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomUUID() }
    const sig = signVonageParams(withNonce, options.signatureSecret, options.signatureMethod ?? 'md5hash')
    return { ...withNonce, sig: sig.toUpperCase() }
  }

  /** A reply as the network delivers it: 160 GSM-7 characters or 70 UCS-2 in one part, else 153 / 67 a part. */
  function inboundParts(body: string, gsm: boolean): string[] {
    const chars = Array.from(body)
    if (chars.length <= (gsm ? 160 : 70)) return [body]
    const size = gsm ? 153 : 67
    const parts: string[] = []
    for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''))
    return parts
  }

  // The SMS API has no inbound polling, so nothing is kept: the id is all there is.
  const addInbound = (_sms: FakeInboundSms): string => randomBytes(8).toString('hex').toUpperCase()

  return {
    url: server.url,
    apiKey,
    apiSecret,
    sent,
    requests: server.requests,
    failNext(kind, opts = {}) {
      pending = { kind, options: opts }
    },
    failNextWithStatus(status, errorText) {
      pending = messageError(status, errorText)
    },
    failNextWithHttp(status, headers = {}, text = '') {
      pending = plain(status, text, headers)
    },
    addInbound,
    async sendInbound(webhookUrl, sms) {
      const gsm = isGsm7(sms.body)
      const common: Record<string, string> = {
        msisdn: sms.from.replace(/^\+/, ''),
        to: sms.to.replace(/^\+/, ''),
        type: gsm ? 'text' : 'unicode',
        keyword: (sms.body.trim().split(/\s+/)[0] ?? '').toUpperCase(),
        'api-key': apiKey,
      }
      const parts = inboundParts(sms.body, gsm)
      const ref = String(randomBytes(1)[0])
      let delivery: WebhookDelivery | undefined
      // A long reply comes as one webhook per part, each with its own messageId (Vonage joins nothing).
      for (const [i, text] of parts.entries()) {
        const params: Record<string, string> = {
          ...common,
          messageId: addInbound(sms),
          text,
          'message-timestamp': utcStamp(),
          ...(parts.length > 1
            ? {
                concat: 'true',
                'concat-ref': ref,
                'concat-total': String(parts.length),
                'concat-part': String(i + 1),
              }
            : {}),
        }
        delivery = await callWebhook(webhookUrl, signed(params), style)
        if (delivery.status >= 300) return delivery
      }
      return delivery as WebhookDelivery
    },
    async sendStatus(webhookUrl, update: FakeStatusUpdate) {
      const part = sent.find((p) => p.messageId === update.providerMessageId)
      if (part) part.status = update.status
      const [status, errCode] = RECEIPTS[update.status]
      const params: Record<string, string> = {
        msisdn: part?.to ?? '447700900000',
        to: part?.from ?? 'Vonage',
        'network-code': '23410',
        messageId: update.providerMessageId,
        price: '0.03330000',
        status,
        scts: scts(),
        'err-code': update.errorCode ?? errCode,
        'api-key': apiKey,
        ...(part?.clientRef ? { 'client-ref': part.clientRef } : {}),
        'message-timestamp': utcStamp(),
      }
      return callWebhook(webhookUrl, signed(params), style)
    },
    close: () => server.close(),
  }
}
