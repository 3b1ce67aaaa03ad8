/**
 * A loopback FireText: the endpoints Parley calls (sendsms with an optional `schedule`, unschedule/json,
 * deliveryreport/json, receivedmessages/json, credit/json) under /api, with FireText's form fields, apiKey auth, HTTP 200
 * replies carrying `code:credits description` or the JSON envelope, and its receipt and reply-forward
 * form POSTs. Error descriptions other than code 0 are FireText's table titles; its exact wording is not
 * documented. HTTP 429 and 500 are what a proxy in front of FireText would answer: FireText documents no
 * throttling reply of its own.
 */
import { randomBytes } from 'node:crypto'
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
  FakeStatusUpdate,
  HeldMessage,
  ProviderFake,
  WebhookDelivery,
} from '../provider-fake'
import { formatUkLocal, parseUkLocal, toFireTextNumber, toUkNationalNumber } from './firetext.format'

export interface FireTextFakeOptions {
  apiKey?: string
  credits?: number
  /** FireText's clock (default: the real one). */
  now?: () => Date
}

interface SentMessage {
  id: string
  reference: string
  to: string
  from: string
  body: string
  sentOn: string
  updatedOn: string
  status: DeliveryStatus
  /** The `receipt` URL of the send, where delivery receipts go. */
  receipt: string | null
  /** ISO UTC time of a message held by `schedule`, until it goes. */
  scheduledFor: string | null
}

interface StoredInbound {
  messageId: string
  receivedFrom: string
  sentTo: string
  keyword: string
  message: string
  receivedOn: string
}

export interface FireTextFake extends ProviderFake {
  readonly apiKey: string
  readonly sent: SentMessage[]
  /** Answer the next send with this reply code (`<code>:0 <description>`), e.g. 7 for no credit. */
  failNextWithCode(code: number, description: string): void
  /** Change a sent message's status without posting a receipt. */
  setStatus(reference: string, status: DeliveryStatus): void
  heldMessages(): HeldMessage[]
  releaseDue(now: Date): Promise<WebhookDelivery[]>
}

const TITLES: Record<number, string> = {
  1: 'Authentication error',
  2: 'Destination number(s) error',
  3: 'From error',
  5: 'Message error',
}

const REPORT_WORDS: Record<DeliveryStatus, string> = {
  queued: 'Unconfirmed',
  sent: 'Pending with Network',
  delivered: 'Delivered',
  undelivered: 'Declined',
  failed: 'Rejected',
}

const UNSUBSCRIBED = 'FireText documents no reply for an unsubscribed recipient'

function plain(body: string, status = 200, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body }
}

function envelope(
  code: number,
  description: string,
  responseData: unknown,
  data: unknown[] = [],
): FakeResponse {
  const body = JSON.stringify({ data, description, code, responseData })
  return { status: 200, headers: { 'content-type': 'application/json' }, body }
}

function codeReply(code: number, isJson: boolean): FakeResponse {
  return isJson ? envelope(code, TITLES[code] ?? '', 0) : plain(`${code}:0 ${TITLES[code] ?? ''}`)
}

function creditsFor(body: string): number {
  const [single, part] = isGsm7(body) ? [160, 153] : [70, 66]
  return body.length <= single ? 1 : Math.ceil(body.length / part)
}

function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toUpperCase()
}

function failure(kind: FailureKind, options: FailOptions, isJson: boolean): FakeResponse | 'hang' {
  switch (kind) {
    case 'rate_limit':
      return plain('Too Many Requests', 429, { 'retry-after': String(options.retryAfterSeconds ?? 1) })
    case 'server_error':
      return plain('Internal Server Error', 500)
    case 'hang':
      return 'hang'
    case 'malformed':
      return plain('<html><body>Service temporarily unavailable</body></html>')
    case 'auth':
      return codeReply(1, isJson)
    case 'invalid_number':
      return codeReply(2, isJson)
    case 'unsubscribed':
      throw new Error(UNSUBSCRIBED)
    case 'accept_then_drop':
    case 'reset_before_accept':
      throw new Error(`${kind} is a connection fault (see connectionFault), not an answer`)
  }
}

function receiptFields(update: FakeStatusUpdate): [string, string] {
  if (update.status === 'delivered') return ['0', '000']
  if (update.status === 'undelivered') return ['1', update.errorCode ?? '102']
  if (update.status === 'failed') return ['1', update.errorCode ?? '401']
  return ['2', '000']
}

export async function startFireTextFake(options: FireTextFakeOptions = {}): Promise<FireTextFake> {
  const apiKey = options.apiKey ?? 'fake-firetext-api-key'
  const clock = options.now ?? (() => new Date())
  const sent: SentMessage[] = []
  const inbound: StoredInbound[] = []
  const failures = new FailureSwitch()
  let pendingCode: string | null = null
  let nextId = 1

  function sendSms(fields: Record<string, string>): FakeResponse {
    if (!fields.to) return codeReply(2, false)
    if (!fields.from) return codeReply(3, false)
    const body = fields.message ?? ''
    if (body === '' || body.length > 612) return codeReply(5, false)
    let scheduledFor: string | null = null
    if (fields.schedule !== undefined) {
      // "YYYY-MM-DD HH:MM" in UK time, in the future; anything else is code 6.
      scheduledFor = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(fields.schedule)
        ? parseUkLocal(fields.schedule)
        : null
      if (!scheduledFor || Date.parse(scheduledFor) <= clock().getTime()) return plain('6:0 Send time error')
    }
    const id = `${Date.now()}${String(nextId++).padStart(4, '0')}`
    const now = formatUkLocal(clock())
    const reference = fields.reference ?? id
    sent.push({
      id,
      reference,
      to: fields.to,
      from: fields.from,
      body,
      sentOn: now,
      updatedOn: now,
      status: scheduledFor ? 'queued' : 'sent',
      receipt: fields.receipt ?? null,
      scheduledFor,
    })
    return plain(`0:${creditsFor(body)} SMS successfully queued`, 200, { 'x-message': id })
  }

  function deliveryReport(fields: Record<string, string>): FakeResponse {
    const found = sent.filter((m) => m.reference === fields.reference || m.id === fields.message)
    const data = found.map((m) => ({
      mobile: m.to,
      firstName: '',
      lastName: '',
      messageSent: m.sentOn,
      messageUpdate: m.updatedOn,
      status: REPORT_WORDS[m.status],
    }))
    return envelope(0, `${data.length} delivery report(s)`, data.length, data)
  }

  /**
   * Calls off a held message by `message` id or `reference`. FireText documents no code for "nothing
   * to unschedule"; the fake answers 13 with a description.
   */
  function unschedule(fields: Record<string, string>): FakeResponse {
    const index = sent.findIndex(
      (m) => m.scheduledFor !== null && (m.reference === fields.reference || m.id === fields.message),
    )
    if (index < 0) return envelope(13, 'No scheduled message found to unschedule', 0)
    sent.splice(index, 1)
    return envelope(0, 'Message unscheduled', 1)
  }

  function receivedMessages(fields: Record<string, string>): FakeResponse {
    const pp = Number(fields.pp ?? 25)
    const page = Math.max(1, Number(fields.page ?? 1))
    const matching = inbound.filter((m) => m.receivedOn.slice(0, 10) >= (fields.from ?? ''))
    const data = matching.slice((page - 1) * pp, page * pp)
    return envelope(0, `${data.length} received message(s)`, data.length, data)
  }

  const server = await startFakeServer(async (request) => {
    const isForm = (request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
    const fields = {
      ...request.query,
      ...(isForm ? Object.fromEntries(new URLSearchParams(request.rawBody)) : {}),
    }
    const isSend = request.path === '/api/sendsms'
    const isJson = request.path.endsWith('/json')
    if (isSend) request.sms = { to: fields.to ?? '', from: fields.from ?? '', body: fields.message ?? '' }
    const failing = failures.take()
    if (failing) {
      const fault = await connectionFault(failing.kind, () => handle(request.path, fields, isSend, isJson))
      return fault ?? failure(failing.kind, failing.options, isJson)
    }
    return handle(request.path, fields, isSend, isJson)
  })

  function handle(path: string, fields: Record<string, string>, isSend: boolean, isJson: boolean) {
    if (isSend && pendingCode !== null) {
      const reply = plain(pendingCode)
      pendingCode = null
      return reply
    }
    if (fields.apiKey !== apiKey) return codeReply(1, isJson)
    if (isSend) return sendSms(fields)
    if (path === '/api/deliveryreport/json') return deliveryReport(fields)
    if (path === '/api/receivedmessages/json') return receivedMessages(fields)
    if (path === '/api/unschedule/json') return unschedule(fields)
    if (path === '/api/credit/json') return envelope(0, 'Credit remaining', options.credits ?? 1250)
    return plain('Not Found', 404)
  }

  function addInbound(sms: FakeInboundSms): string {
    const messageId = randomBytes(8).toString('hex')
    inbound.push({
      messageId,
      receivedFrom: toFireTextNumber(sms.from),
      sentTo: toFireTextNumber(sms.to),
      keyword: firstWord(sms.body),
      message: sms.body,
      receivedOn: formatUkLocal(clock()),
    })
    return messageId
  }

  function postForm(url: string, fields: Record<string, string>) {
    const body = new URLSearchParams(fields).toString()
    return postWebhook(url, { contentType: 'application/x-www-form-urlencoded', body })
  }

  async function releaseDue(now: Date): Promise<WebhookDelivery[]> {
    const deliveries: WebhookDelivery[] = []
    for (const message of sent) {
      if (message.scheduledFor === null || Date.parse(message.scheduledFor) > now.getTime()) continue
      message.scheduledFor = null
      message.status = 'delivered'
      message.updatedOn = formatUkLocal(now)
      if (message.receipt) {
        deliveries.push(
          await postForm(message.receipt, {
            mobile: toFireTextNumber(message.to),
            status: '0',
            code: '000',
            time: message.updatedOn,
            reference: message.reference,
          }),
        )
      }
    }
    return deliveries
  }

  return {
    url: `${server.url}/api`,
    heldMessages: () =>
      sent.flatMap((m) =>
        m.scheduledFor ? [{ providerMessageId: m.reference, sendAt: m.scheduledFor }] : [],
      ),
    releaseDue,
    apiKey,
    sent,
    requests: server.requests,
    failNext(kind, failOptions) {
      if (kind === 'unsubscribed') throw new Error(UNSUBSCRIBED)
      failures.failNext(kind, failOptions)
    },
    failAtRandom: (pick) => failures.failAtRandom(pick),
    failNextWithCode(code, description) {
      pendingCode = `${code}:0 ${description}`
    },
    setStatus(reference, status) {
      const message = sent.find((m) => m.reference === reference)
      if (!message) throw new Error(`The FireText fake has sent nothing with reference ${reference}`)
      message.status = status
      message.updatedOn = formatUkLocal(clock())
    },
    addInbound,
    async sendInbound(webhookUrl, sms) {
      addInbound(sms)
      return postForm(webhookUrl, {
        source: toUkNationalNumber(sms.from),
        destination: toUkNationalNumber(sms.to),
        keyword: firstWord(sms.body),
        message: sms.body,
        time: formatUkLocal(clock()),
      })
    },
    async sendStatus(webhookUrl, update) {
      const message = sent.find(
        (m) => m.reference === update.providerMessageId || m.id === update.providerMessageId,
      )
      if (message) {
        message.status = update.status
        message.updatedOn = formatUkLocal(clock())
      }
      const [status, code] = receiptFields(update)
      return postForm(webhookUrl, {
        mobile: message ? toFireTextNumber(message.to) : '',
        status,
        code,
        time: formatUkLocal(clock()),
        reference: message?.reference ?? update.providerMessageId,
      })
    },
    close: () => server.close(),
  }
}
