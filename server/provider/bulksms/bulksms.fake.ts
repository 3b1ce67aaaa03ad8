/**
 * A loopback BulkSMS JSON API v1 under /v1: POST /messages, GET /messages (with `filter`, `sortOrder`,
 * `limit`), GET /messages/{id} and GET /profile, with pre-emptive Basic auth, Message objects shaped like
 * the real capture in the provider reference, problem documents for errors, and webhook POSTs of JSON
 * arrays (invokeOption ONE). `maxPerPage` makes it return fewer messages than `limit`, as BulkSMS may.
 * The 429 reply and the wording of `detail` texts are not documented by BulkSMS; they follow its
 * problem-document style.
 */

import { isGsm7 } from '../../core/gsm7'
import {
  connectionFault,
  FailureSwitch,
  type FakeResponse,
  postWebhook,
  startFakeServer,
} from '../fake-server'
import type { DeliveryStatus } from '../provider'
import type {
  FailOptions,
  FailureKind,
  FakeInboundSms,
  ProviderFake,
  RecordedRequest,
} from '../provider-fake'
import { matchesFilter, parseFilter } from './bulksms.fake-filter'
import type { BulkSmsMessage } from './bulksms.messages'

export interface BulkSmsFakeOptions {
  username?: string
  password?: string
  balance?: number
  /** At most this many messages per list reply, whatever `limit` says. */
  maxPerPage?: number
}

export interface BulkSmsFake extends ProviderFake {
  readonly username: string
  readonly password: string
  readonly messages: BulkSmsMessage[]
  /** Answer the next request with this HTTP status and problem document. */
  failNextWith(status: number, problem: Record<string, unknown>): void
  setStatus(id: string, status: DeliveryStatus, subtype?: string): void
}

const ERRORS = 'https://developer.bulksms.com/json/v1/errors'

function json(status: number, value: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) }
}

function problem(status: number, kind: string, title: string, detail?: string): FakeResponse {
  return json(status, { type: `${ERRORS}#${kind}`, title, status, ...(detail ? { detail } : {}) })
}

function postJson(url: string, payload: unknown) {
  return postWebhook(url, { contentType: 'application/json', body: JSON.stringify(payload) })
}

function digits(value: string): string {
  return value.replace(/^\+/, '')
}

function nowDate(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`
}

const STATUS_TYPES: Record<DeliveryStatus, string> = {
  queued: 'ACCEPTED',
  sent: 'SENT',
  delivered: 'DELIVERED',
  undelivered: 'FAILED',
  failed: 'FAILED',
}

function statusFor(status: DeliveryStatus, subtype?: string): BulkSmsMessage['status'] {
  const type = STATUS_TYPES[status]
  const sub =
    type !== 'FAILED'
      ? null
      : (subtype?.replace(/^FAILED\./, '') ?? (status === 'failed' ? 'NOT_SENT' : 'EXPIRED'))
  return { id: `${type}.${sub ?? 'null'}`, type, subtype: sub }
}

export async function startBulkSmsFake(options: BulkSmsFakeOptions = {}): Promise<BulkSmsFake> {
  const username = options.username ?? 'fake-token-id'
  const password = options.password ?? 'fake-token-secret'
  const expectedAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  const messages: BulkSmsMessage[] = []
  const failures = new FailureSwitch()
  let pendingProblem: FakeResponse | null = null
  let nextId = 1491381497934909440n
  let submissions = 2073112368

  function failure(kind: FailureKind, opts: FailOptions, to: string): FakeResponse | 'hang' | 'blocked' {
    switch (kind) {
      case 'auth':
        return problem(
          401,
          'authentication-failed',
          'Authentication Failed',
          'Full authentication is required',
        )
      case 'rate_limit':
        return json(
          429,
          { type: `${ERRORS}#too-many-requests`, title: 'Too Many Requests', status: 429 },
          { 'retry-after': String(opts.retryAfterSeconds ?? 1) },
        )
      case 'server_error':
        return {
          status: 500,
          headers: { 'content-type': 'text/html' },
          body: '<html><body><h1>500 Internal Server Error</h1></body></html>',
        }
      case 'hang':
        return 'hang'
      case 'malformed':
        return {
          status: 201,
          headers: { 'content-type': 'application/json' },
          body: '[{"id":"1491381497934909440","type":"SENT","fr',
        }
      case 'invalid_number':
        return problem(
          400,
          'bad-request',
          'Bad Request',
          `The "to" address "${to}" is not a valid phone number`,
        )
      case 'unsubscribed':
        return 'blocked'
      case 'accept_then_drop':
      case 'reset_before_accept':
        throw new Error(`${kind} is a connection fault (see connectionFault), not an answer`)
    }
  }

  function store(message: Omit<BulkSmsMessage, 'id'>): BulkSmsMessage {
    const stored = { id: String(nextId++), ...message }
    messages.push(stored)
    return stored
  }

  function send(
    request: { rawBody: string; query: Record<string, string> },
    fail: FailureKind | null,
    opts: FailOptions,
  ) {
    let entry: Record<string, unknown>
    try {
      const parsed = JSON.parse(request.rawBody) as unknown
      entry = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>
    } catch {
      return problem(400, 'bad-request', 'Bad Request', 'The request body is not valid JSON')
    }
    const to = typeof entry.to === 'string' ? entry.to : ''
    const from = entry.from as string | { type?: string; address?: string } | undefined
    const body = typeof entry.body === 'string' ? entry.body : ''
    const outcome = fail ? failure(fail, opts, to) : null
    if (outcome && outcome !== 'blocked') return outcome
    if (!/^\+?[1-9]\d{6,14}$/.test(to)) {
      return problem(
        400,
        'bad-request',
        'Bad Request',
        `The "to" address "${to}" is not a valid phone number`,
      )
    }
    const unicode =
      entry.encoding === 'UNICODE' || (request.query['auto-unicode'] === 'true' && !isGsm7(body))
    const stored = store({
      type: 'SENT',
      from: typeof from === 'object' ? (from.address ?? '') : (from ?? ''),
      to: digits(to),
      body,
      encoding: unicode ? 'UNICODE' : 'TEXT',
      submission: { id: `1-0000000000${submissions++}`, date: nowDate() },
      status:
        outcome === 'blocked'
          ? statusFor('failed', 'BLOCKED')
          : { id: 'ACCEPTED.null', type: 'ACCEPTED', subtype: null },
      relatedSentMessageId: null,
      userSuppliedId: typeof entry.userSuppliedId === 'string' ? entry.userSuppliedId : null,
    })
    const reply = { protocolId: 0, messageClass: 0, ...stored, numberOfParts: null, creditCost: null }
    return json(201, [reply])
  }

  function list(query: Record<string, string>): FakeResponse {
    const clauses = parseFilter(query.filter ?? '')
    if (typeof clauses === 'string') return problem(400, 'bad-request', 'Bad Request', clauses)
    const limit = Math.min(Number(query.limit ?? 1000), options.maxPerPage ?? Number.POSITIVE_INFINITY)
    const sorted = messages
      .filter((m) => matchesFilter(m, clauses))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    if (query.sortOrder !== 'ASCENDING') sorted.reverse()
    return json(200, sorted.slice(0, limit))
  }

  const server = await startFakeServer(async (request) => {
    const isSend = request.method === 'POST' && request.path === '/v1/messages'
    if (isSend) {
      try {
        const parsed = JSON.parse(request.rawBody) as Record<string, unknown>
        const from = parsed.from as string | { type?: string; address?: string } | undefined
        request.sms = {
          to: String(parsed.to ?? ''),
          from: typeof from === 'object' ? (from.address ?? from.type ?? '') : (from ?? ''),
          body: String(parsed.body ?? ''),
        }
      } catch {
        // recorded without sms: the body was not JSON
      }
    }
    if (pendingProblem) {
      const reply = pendingProblem
      pendingProblem = null
      return reply
    }
    const taken = failures.take()
    if (taken) {
      const fault = await connectionFault(taken.kind, () => handle(request, isSend, null))
      if (fault) return fault
    }
    return handle(request, isSend, taken)
  })

  function handle(
    request: RecordedRequest,
    isSend: boolean,
    fail: { kind: FailureKind; options: FailOptions } | null,
  ): FakeResponse | 'hang' {
    if (fail && !isSend) {
      const outcome = failure(fail.kind, fail.options, '')
      if (outcome !== 'blocked') return outcome
    }
    if (request.headers.authorization !== expectedAuth) {
      return problem(401, 'authentication-failed', 'Authentication Failed', 'Full authentication is required')
    }
    if (isSend) return send(request, fail?.kind ?? null, fail?.options ?? {})
    if (request.method !== 'GET') return problem(405, 'method-not-allowed', 'Method Not Allowed')
    if (request.path === '/v1/messages') return list(request.query)
    if (request.path === '/v1/profile') {
      return json(200, {
        id: '1234567',
        username,
        created: '2024-02-01T09:30:00Z',
        credits: { balance: options.balance ?? 1250.5, isTransferAllowed: false, limit: 0 },
        quota: { size: 10000, remaining: 9980 },
        originAddresses: { allowed: [], isFullControlAllowed: true },
        company: { name: 'Acme Recruitment Ltd', taxReference: null },
      })
    }
    const one = /^\/v1\/messages\/([^/]+)$/.exec(request.path)
    if (one) {
      const found = messages.find((m) => m.id === decodeURIComponent(one[1]!))
      return found ? json(200, found) : problem(404, 'not-found', 'Not Found', `Message ${one[1]} not found`)
    }
    return problem(404, 'not-found', 'Not Found', `No resource at ${request.path}`)
  }

  function addInbound(sms: FakeInboundSms): string {
    const lastSent = [...messages].reverse().find((m) => m.type === 'SENT' && m.to === digits(sms.from))
    return store({
      type: 'RECEIVED',
      from: digits(sms.from),
      to: digits(sms.to),
      body: sms.body,
      encoding: isGsm7(sms.body) ? 'TEXT' : 'UNICODE',
      submission: { id: null, date: nowDate() },
      status: { id: 'DELIVERED.null', type: 'DELIVERED', subtype: null },
      relatedSentMessageId: lastSent?.id ?? null,
      userSuppliedId: null,
    }).id
  }

  function setStatus(id: string, status: DeliveryStatus, subtype?: string): BulkSmsMessage {
    const message = messages.find((m) => m.id === id && m.type === 'SENT')
    if (!message) throw new Error(`The BulkSMS fake has sent no message ${id}`)
    message.status = statusFor(status, subtype)
    return message
  }

  return {
    url: `${server.url}/v1`,
    username,
    password,
    messages,
    requests: server.requests,
    failNext(kind, opts) {
      failures.failNext(kind, opts)
    },
    failAtRandom: (pick) => failures.failAtRandom(pick),
    failNextWith(status, body) {
      pendingProblem = json(status, body)
    },
    setStatus(id, status, subtype) {
      setStatus(id, status, subtype)
    },
    addInbound,
    async sendInbound(webhookUrl, sms) {
      const id = addInbound(sms)
      return postJson(webhookUrl, [messages.find((m) => m.id === id)])
    },
    async sendStatus(webhookUrl, update) {
      const message = setStatus(update.providerMessageId, update.status, update.errorCode)
      return postJson(webhookUrl, [{ ...message, numberOfParts: 1, creditCost: 1 }])
    },
    close: () => server.close(),
  }
}
