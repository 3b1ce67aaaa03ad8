/**
 * A loopback Twilio: the Messages endpoints Parley calls (create, fetch, list with paging) and Balance,
 * with Twilio's shapes and error codes, Basic auth checked, STOP/START handled like Twilio's own opt-out
 * (later sends get 21610), and signed inbound webhooks and status callbacks posted to any URL.
 * Tests use it through the common ProviderFake controls; the official twilio SDK works against it too.
 */
import { randomUUID } from 'node:crypto'
import {
  connectionFault,
  FailureSwitch,
  type FakeResponse,
  postWebhook,
  startFakeServer,
} from '../fake-server'
import type { DeliveryStatus } from '../provider'
import type {
  FakeInboundSms,
  FakeStatusUpdate,
  HeldMessage,
  ProviderFake,
  RecordedRequest,
  WebhookDelivery,
} from '../provider-fake'
import {
  errorJson,
  type FakeTwilioMessage,
  failureResponse,
  inboundParams,
  json,
  messageJson,
  newSid,
  optOutKeyword,
  statusParams,
} from './twilio.fake-payloads'
import { signTwilioRequest } from './twilio.signature'

export interface TwilioFakeOptions {
  accountSid: string
  authToken: string
  /** Twilio numbers of the account; when given, `From` must be one of them (else 21606). */
  numbers?: string[]
  balance?: string
  currency?: string
  now?: () => Date
}

export interface TwilioFake extends ProviderFake {
  readonly messages: FakeTwilioMessage[]
  /** Posts a status callback with a Twilio status word (`sending`, `read`, `canceled`...). */
  sendTwilioStatus(
    webhookUrl: string,
    sid: string,
    twilioStatus: string,
    errorCode?: number,
  ): Promise<WebhookDelivery>
  /** True when `recipient` texted STOP to `sender` and has not texted START since. */
  isBlocked(recipient: string, sender: string): boolean
  setBalance(balance: string): void
  failAtRandom: NonNullable<ProviderFake['failAtRandom']>
  heldMessages(): HeldMessage[]
  releaseDue(now: Date): Promise<WebhookDelivery[]>
}

const E164 = /^\+[1-9]\d{6,14}$/
const PARLEY_TO_TWILIO: Record<DeliveryStatus, string> = {
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
}

export async function startTwilioFake(options: TwilioFakeOptions): Promise<TwilioFake> {
  const { accountSid, authToken } = options
  const clock = options.now ?? (() => new Date())
  // Twilio's dates have whole seconds; keeping the same precision makes list filters agree with the JSON.
  const now = () => new Date(Math.floor(clock().getTime() / 1000) * 1000)
  const failures = new FailureSwitch()
  const messages: FakeTwilioMessage[] = []
  const blocked = new Set<string>()
  let balance = options.balance ?? '12.34000'
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`
  const accountPath = `/2010-04-01/Accounts/${accountSid}`

  function createMessage(req: RecordedRequest): FakeResponse {
    if (!(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return json(400, errorJson(21604, "A 'To' phone number is required.", 400))
    }
    const form = new URLSearchParams(req.rawBody)
    const to = form.get('To') ?? ''
    const from = form.get('From')
    const serviceSid = form.get('MessagingServiceSid')
    const body = form.get('Body') ?? ''
    req.sms = { to, from: from ?? '', body }
    if (to === '') return json(400, errorJson(21604, "A 'To' phone number is required.", 400))
    if (!E164.test(to))
      return json(400, errorJson(21211, `The 'To' number ${to} is not a valid phone number.`, 400))
    if (!from && !serviceSid) return json(400, errorJson(21603, "A 'From' phone number is required.", 400))
    if (from && options.numbers && !options.numbers.includes(from)) {
      const text = `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`
      return json(400, errorJson(21606, text, 400))
    }
    if (body === '' && !form.get('MediaUrl'))
      return json(400, errorJson(21602, 'Message body is required.', 400))
    if (body.length > 1600) {
      return json(
        400,
        errorJson(21617, 'The concatenated message body exceeds the 1600 character limit.', 400),
      )
    }
    const callback = form.get('StatusCallback')
    if (callback !== null && !/^https?:\/\/[^/_]+(\/|$)/.test(callback)) {
      return json(400, errorJson(21609, `The StatusCallback URL ${callback} is not a valid URL.`, 400))
    }
    if (from && blocked.has(`${to}|${from}`)) {
      return json(400, errorJson(21610, 'Attempt to send to unsubscribed recipient', 400))
    }
    const at = now()
    // Scheduling needs a Messaging Service; without one Twilio treats the request as a plain send.
    const schedule =
      serviceSid && form.get('ScheduleType') === 'fixed' ? readSendAt(form.get('SendAt'), at) : null
    if (schedule && 'error' in schedule) return schedule.error
    const message: FakeTwilioMessage = {
      sid: newSid('SM'),
      direction: 'outbound-api',
      from: from ?? null,
      to,
      body,
      status: schedule ? 'scheduled' : serviceSid ? 'accepted' : 'queued',
      messagingServiceSid: serviceSid,
      statusCallback: callback,
      errorCode: null,
      createdAt: at,
      sentAt: schedule ? null : at,
      updatedAt: at,
      ...(schedule ? { sendAt: schedule.sendAt } : {}),
    }
    messages.push(message)
    return json(201, JSON.stringify(messageJson(accountSid, message)))
  }

  function listMessages(req: RecordedRequest): FakeResponse {
    const q = req.query
    const pageSize = Math.min(Math.max(Number(q.PageSize ?? 50) || 50, 1), 1000)
    const page = Math.max(Number(q.Page ?? 0) || 0, 0)
    const after = q['DateSent>'] ? dayOrTime(q['DateSent>'], 'start') : null
    const before = q['DateSent<'] ? dayOrTime(q['DateSent<'], 'end') : null
    const on = q.DateSent ? q.DateSent.slice(0, 10) : null
    if ([after, before].some((d) => d !== null && Number.isNaN(d))) {
      return json(400, errorJson(20001, 'Invalid DateSent filter', 400))
    }
    const rows = messages
      .filter((m) => (q.To ? m.to === q.To : true) && (q.From ? m.from === q.From : true))
      .filter((m) => {
        const sent = (m.sentAt ?? m.createdAt).getTime()
        if (after !== null && sent < after) return false
        if (before !== null && sent > before) return false
        return on === null || new Date(sent).toISOString().slice(0, 10) === on
      })
      .sort((a, b) => (b.sentAt ?? b.createdAt).getTime() - (a.sentAt ?? a.createdAt).getTime())
    const slice = rows.slice(page * pageSize, (page + 1) * pageSize)
    const filters = new URLSearchParams()
    for (const key of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'])
      if (q[key]) filters.set(key, q[key])
    const pageUri = (n: number, token?: string) => {
      const params = new URLSearchParams(filters)
      params.set('PageSize', String(pageSize))
      params.set('Page', String(n))
      if (token) params.set('PageToken', token)
      return `${accountPath}/Messages.json?${params.toString()}`
    }
    const hasNext = rows.length > (page + 1) * pageSize
    const start = page * pageSize
    return json(
      200,
      JSON.stringify({
        end: slice.length === 0 ? start : start + slice.length - 1,
        first_page_uri: pageUri(0),
        messages: slice.map((m) => messageJson(accountSid, m)),
        next_page_uri: hasNext ? pageUri(page + 1, `PA${slice.at(-1)?.sid ?? ''}`) : null,
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? pageUri(page - 1, `PB${slice[0]?.sid ?? ''}`) : null,
        start,
        uri: pageUri(page, q.PageToken),
      }),
    )
  }

  /** POST /Messages/{sid}.json: `Status=canceled` calls off a scheduled message, `Body=` redacts. */
  function updateMessage(message: FakeTwilioMessage, req: RecordedRequest): FakeResponse {
    const form = new URLSearchParams(req.rawBody)
    if (form.get('Status') === 'canceled') {
      if (message.status !== 'scheduled') {
        return json(400, errorJson(30409, 'This message cannot be canceled', 400))
      }
      message.status = 'canceled'
      message.updatedAt = now()
      // Twilio reports the cancel to the status callback too; the hub may see it before our answer.
      if (message.statusCallback) {
        void postSigned(message.statusCallback, statusParams(accountSid, message, message.updatedAt)).catch(
          () => {},
        )
      }
    } else if (form.get('Body') === '') {
      message.body = ''
    } else {
      return json(400, errorJson(20001, 'Status must be canceled, or Body empty to redact', 400))
    }
    return json(200, JSON.stringify(messageJson(accountSid, message)))
  }

  function notFound(path: string): FakeResponse {
    return json(404, errorJson(20404, `The requested resource ${path} was not found`, 404))
  }

  const server = await startFakeServer(async (req) => {
    const pending = failures.take()
    if (pending) {
      const fault = await connectionFault(pending.kind, () => handle(req))
      return fault ?? failureResponse(pending.kind, pending.options, req)
    }
    return handle(req)
  })

  function handle(req: RecordedRequest): FakeResponse {
    if (req.headers.authorization !== expectedAuth) {
      return json(401, errorJson(20003, 'Authenticate', 401), {
        'www-authenticate': 'Basic realm="Twilio API"',
      })
    }
    if (!req.path.startsWith(`${accountPath}/`)) return notFound(req.path)
    const rest = req.path.slice(accountPath.length)
    if (rest === '/Messages.json' && req.method === 'POST') return createMessage(req)
    if (rest === '/Messages.json' && req.method === 'GET') return listMessages(req)
    if (rest === '/Balance.json' && req.method === 'GET') {
      return json(
        200,
        JSON.stringify({ account_sid: accountSid, balance, currency: options.currency ?? 'USD' }),
      )
    }
    const one = /^\/Messages\/((?:SM|MM)[0-9a-f]{32})\.json$/.exec(rest)
    const message = one ? messages.find((m) => m.sid === one[1]) : undefined
    if (message && req.method === 'POST') return updateMessage(message, req)
    return message && req.method === 'GET'
      ? json(200, JSON.stringify(messageJson(accountSid, message)))
      : notFound(req.path)
  }

  async function postSigned(url: string, params: Array<[string, string]>): Promise<WebhookDelivery> {
    const signature = signTwilioRequest(authToken, url, Object.fromEntries(params))
    return postWebhook(url, {
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(params).toString(),
      headers: {
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': randomUUID(),
        'user-agent': 'TwilioProxy/1.1',
      },
    })
  }

  function addInbound(sms: FakeInboundSms): FakeTwilioMessage {
    const at = now()
    const message: FakeTwilioMessage = {
      sid: newSid('SM'),
      direction: 'inbound',
      from: sms.from,
      to: sms.to,
      body: sms.body,
      status: 'received',
      messagingServiceSid: null,
      statusCallback: null,
      errorCode: null,
      createdAt: at,
      sentAt: at,
      updatedAt: at,
    }
    messages.push(message)
    const keyword = optOutKeyword(sms.body)
    if (keyword === 'opt_out') blocked.add(`${sms.from}|${sms.to}`)
    if (keyword === 'opt_in') blocked.delete(`${sms.from}|${sms.to}`)
    return message
  }

  async function sendTwilioStatus(webhookUrl: string, sid: string, twilioStatus: string, errorCode?: number) {
    const message = messages.find((m) => m.sid === sid && m.direction === 'outbound-api')
    if (!message) throw new Error(`The Twilio fake has no outbound message ${sid} to report a status for`)
    message.status = twilioStatus
    message.errorCode = errorCode ?? null
    message.updatedAt = now()
    return postSigned(webhookUrl, statusParams(accountSid, message, message.updatedAt))
  }

  async function releaseDue(at: Date): Promise<WebhookDelivery[]> {
    const due = messages.filter((m) => m.status === 'scheduled' && m.sendAt && m.sendAt <= at)
    const deliveries: WebhookDelivery[] = []
    for (const message of due) {
      message.status = 'sent'
      message.sentAt = message.sendAt ?? at
      message.updatedAt = message.sentAt
      if (message.statusCallback) {
        deliveries.push(
          await postSigned(message.statusCallback, statusParams(accountSid, message, message.updatedAt)),
        )
      }
    }
    return deliveries
  }

  return {
    url: server.url,
    requests: server.requests,
    messages,
    heldMessages: () =>
      messages
        .filter((m) => m.status === 'scheduled' && m.sendAt)
        .map((m) => ({ providerMessageId: m.sid, sendAt: m.sendAt!.toISOString() })),
    releaseDue,
    failNext: (kind, opts) => failures.failNext(kind, opts),
    failAtRandom: (pick) => failures.failAtRandom(pick),
    addInbound: (sms) => addInbound(sms).sid,
    sendInbound: (webhookUrl, sms) => postSigned(webhookUrl, inboundParams(accountSid, addInbound(sms))),
    sendStatus: (webhookUrl: string, update: FakeStatusUpdate) =>
      sendTwilioStatus(
        webhookUrl,
        update.providerMessageId,
        PARLEY_TO_TWILIO[update.status],
        update.errorCode === undefined ? undefined : Number(update.errorCode),
      ),
    sendTwilioStatus,
    isBlocked: (recipient, sender) => blocked.has(`${recipient}|${sender}`),
    setBalance: (value) => {
      balance = value
    },
    close: () => server.close(),
  }
}

const SEND_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
/** Twilio's scheduling window, in seconds from the request: more than 300, at most 35 days. */
const MIN_LEAD_S = 300
const MAX_AHEAD_S = 3_024_000

/** `SendAt` of a scheduled create: the time, or Twilio's error (35111 missing, 35115 outside the window). */
function readSendAt(value: string | null, at: Date): { sendAt: Date } | { error: FakeResponse } {
  if (!value) {
    const text = "SendAt timestamp is missing: it is required when ScheduleType is 'fixed'."
    return { error: json(400, errorJson(35111, text, 400)) }
  }
  const sendAt = new Date(value)
  const lead = (sendAt.getTime() - at.getTime()) / 1000
  if (!SEND_AT.test(value) || Number.isNaN(lead) || lead <= MIN_LEAD_S || lead > MAX_AHEAD_S) {
    const text =
      'SendAt time must be between 300 seconds and 35 days (3024000 seconds) in the future, inclusive.'
    return { error: json(400, errorJson(35115, text, 400)) }
  }
  return { sendAt }
}

/** A date-only filter covers the whole UTC day; a timestamp is taken as given. */
function dayOrTime(value: string, edge: 'start' | 'end'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return Date.parse(`${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`)
  }
  return Date.parse(value)
}
