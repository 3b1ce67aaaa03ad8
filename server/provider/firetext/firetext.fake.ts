/**
 * A loopback FireText: the four endpoints Parley calls (sendsms, deliveryreport/json,
 * receivedmessages/json, credit/json) under /api, with FireText's form fields, apiKey auth, HTTP 200
 * replies carrying `code:credits description` or the JSON envelope, and its receipt and reply-forward
 * form POSTs. Error descriptions other than code 0 are FireText's table titles; its exact wording is not
 * documented. HTTP 429 and 500 are what a proxy in front of FireText would answer: FireText documents no
 * throttling reply of its own.
 */
import { randomBytes } from 'node:crypto'
import type { FailOptions, FailureKind, FakeInboundSms, FakeStatusUpdate, ProviderFake } from '../contract'
import type { ProviderStatus } from '../provider'
import { type FakeReply, postForm, startFakeHttp } from './firetext.fake-http'
import { formatUkLocal, isGsm7, toFireTextNumber, toUkNationalNumber } from './firetext.format'

export interface FireTextFakeOptions {
  apiKey?: string
  credits?: number
}

interface SentMessage {
  id: string
  reference: string
  to: string
  from: string
  body: string
  sentOn: string
  updatedOn: string
  status: ProviderStatus
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
  setStatus(reference: string, status: ProviderStatus): void
}

const CODE_TITLES: Record<number, string> = {
  1: 'Authentication error',
  2: 'Destination number(s) error',
  3: 'From error',
  5: 'Message error',
}

const REPORT_WORDS: Record<ProviderStatus, string> = {
  queued: 'Unconfirmed',
  sent: 'Pending with Network',
  delivered: 'Delivered',
  undelivered: 'Declined',
  failed: 'Rejected',
}

const SEND_ONLY: ReadonlySet<FailureKind> = new Set(['invalid_number', 'unsubscribed'])

function creditsFor(body: string): number {
  const [single, part] = isGsm7(body) ? [160, 153] : [70, 66]
  return body.length <= single ? 1 : Math.ceil(body.length / part)
}

function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toUpperCase()
}

export async function startFireTextFake(options: FireTextFakeOptions = {}): Promise<FireTextFake> {
  const apiKey = options.apiKey ?? 'fake-firetext-api-key'
  const sent: SentMessage[] = []
  const inbound: StoredInbound[] = []
  let pending: { kind: FailureKind; options: FailOptions } | null = null
  let pendingCode: string | null = null
  let nextId = 1

  function envelope(
    code: number,
    description: string,
    responseData: unknown,
    data: unknown[] = [],
  ): FakeReply {
    return { status: 200, json: { data, description, code, responseData } }
  }

  function failure(kind: FailureKind, options: FailOptions, isJson: boolean): FakeReply {
    switch (kind) {
      case 'rate_limit':
        return {
          status: 429,
          headers: { 'retry-after': String(options.retryAfterSeconds ?? 1) },
          text: 'Too Many Requests',
        }
      case 'server_error':
        return { status: 500, text: 'Internal Server Error' }
      case 'hang':
        return { hang: true }
      case 'malformed':
        return { status: 200, text: '<html><body>Service temporarily unavailable</body></html>' }
      case 'auth':
        return isJson ? envelope(1, CODE_TITLES[1]!, 0) : { status: 200, text: `1:0 ${CODE_TITLES[1]}` }
      case 'invalid_number':
        return { status: 200, text: `2:0 ${CODE_TITLES[2]}` }
      case 'unsubscribed':
        throw new Error('FireText documents no reply for an unsubscribed recipient')
    }
  }

  function sendSms(fields: Record<string, string>): FakeReply {
    if (!fields.to) return { status: 200, text: `2:0 ${CODE_TITLES[2]}` }
    if (!fields.from) return { status: 200, text: `3:0 ${CODE_TITLES[3]}` }
    const body = fields.message ?? ''
    if (body === '' || body.length > 612) return { status: 200, text: `5:0 ${CODE_TITLES[5]}` }
    const id = `${Date.now()}${String(nextId++).padStart(4, '0')}`
    const now = formatUkLocal(new Date())
    const reference = fields.reference ?? id
    sent.push({
      id,
      reference,
      to: fields.to,
      from: fields.from,
      body,
      sentOn: now,
      updatedOn: now,
      status: 'sent',
    })
    return {
      status: 200,
      headers: { 'x-message': id },
      text: `0:${creditsFor(body)} SMS successfully queued`,
    }
  }

  function deliveryReport(fields: Record<string, string>): FakeReply {
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

  function receivedMessages(fields: Record<string, string>): FakeReply {
    const pp = Number(fields.pp ?? 25)
    const page = Math.max(1, Number(fields.page ?? 1))
    const from = fields.from ?? ''
    const matching = inbound.filter((m) => m.receivedOn.slice(0, 10) >= from)
    const data = matching.slice((page - 1) * pp, page * pp)
    return envelope(0, `${data.length} received message(s)`, data.length, data)
  }

  const http = await startFakeHttp((request, fields) => {
    const isSend = request.path === '/api/sendsms'
    const isJson = request.path.endsWith('/json')
    if (isSend) request.sms = { to: fields.to ?? '', from: fields.from ?? '', body: fields.message ?? '' }
    if (isSend && pendingCode !== null) {
      const text = pendingCode
      pendingCode = null
      return { status: 200, text }
    }
    if (pending && (isSend || !SEND_ONLY.has(pending.kind))) {
      const { kind, options } = pending
      pending = null
      return failure(kind, options, isJson)
    }
    if (fields.apiKey !== apiKey) {
      return isJson ? envelope(1, CODE_TITLES[1]!, 0) : { status: 200, text: `1:0 ${CODE_TITLES[1]}` }
    }
    if (isSend) return sendSms(fields)
    if (request.path === '/api/deliveryreport/json') return deliveryReport(fields)
    if (request.path === '/api/receivedmessages/json') return receivedMessages(fields)
    if (request.path === '/api/credit/json') return envelope(0, 'Credit remaining', options.credits ?? 1250)
    return { status: 404, text: 'Not Found' }
  })

  function addInbound(sms: FakeInboundSms): string {
    const messageId = randomBytes(8).toString('hex')
    inbound.push({
      messageId,
      receivedFrom: toFireTextNumber(sms.from),
      sentTo: toFireTextNumber(sms.to),
      keyword: firstWord(sms.body),
      message: sms.body,
      receivedOn: formatUkLocal(new Date()),
    })
    return messageId
  }

  return {
    url: `${http.url}/api`,
    apiKey,
    sent,
    requests: http.requests,
    failNext(kind, options = {}) {
      if (kind === 'unsubscribed')
        throw new Error('FireText documents no reply for an unsubscribed recipient')
      pending = { kind, options }
    },
    failNextWithCode(code, description) {
      pendingCode = `${code}:0 ${description}`
    },
    setStatus(reference, status) {
      const message = sent.find((m) => m.reference === reference)
      if (!message) throw new Error(`The FireText fake has sent nothing with reference ${reference}`)
      message.status = status
      message.updatedOn = formatUkLocal(new Date())
    },
    addInbound,
    async sendInbound(webhookUrl, sms) {
      addInbound(sms)
      return postForm(webhookUrl, {
        source: toUkNationalNumber(sms.from),
        destination: toUkNationalNumber(sms.to),
        keyword: firstWord(sms.body),
        message: sms.body,
        time: formatUkLocal(new Date()),
      })
    },
    async sendStatus(webhookUrl, update: FakeStatusUpdate) {
      const message = sent.find(
        (m) => m.reference === update.providerMessageId || m.id === update.providerMessageId,
      )
      if (message) {
        message.status = update.status
        message.updatedOn = formatUkLocal(new Date())
      }
      const [status, code] = receiptFields(update)
      return postForm(webhookUrl, {
        mobile: message ? toFireTextNumber(message.to) : '',
        status,
        code,
        time: formatUkLocal(new Date()),
        reference: message?.reference ?? update.providerMessageId,
      })
    },
    close: () => http.close(),
  }
}

function receiptFields(update: FakeStatusUpdate): [string, string] {
  if (update.status === 'delivered') return ['0', '000']
  if (update.status === 'undelivered') return ['1', update.errorCode ?? '102']
  if (update.status === 'failed') return ['1', update.errorCode ?? '401']
  return ['2', '000']
}
