/**
 * BulkSMS adapter, JSON REST API v1. API docs: https://www.bulksms.com/developer/json/v1/ (OpenAPI:
 * developer.bulksms.com/json/v1/swagger.yaml).
 *
 * - Auth: pre-emptive HTTP Basic, `username:password` or an API token's `id:secret`.
 * - Encoding: JSON bodies and replies at https://api.bulksms.com/v1. Errors are problem documents
 *   `{ type: ".../errors#insufficient-credits", title, status, detail }` with the HTTP status (401, 403, 400).
 * - Send: POST /v1/messages with one SubmissionEntry; 201 answers an array of Message, one per recipient,
 *   whose `id` is the provider message id. `auto-unicode=true` lets BulkSMS pick UNICODE when the text needs
 *   it (otherwise it would replace those characters with "?"). `userSuppliedId` carries our reference (at
 *   most 20 characters, see `userSuppliedIdOf`) so a send whose outcome was lost can be found again.
 * - Statuses: `status.type` ACCEPTED | SCHEDULED | SENT | DELIVERED | UNKNOWN | FAILED, with a subtype for
 *   FAILED (EXPIRED, HANDSET_ERROR, BLOCKED = recipient replied STOP, NOT_SENT). Sending to a blocked number
 *   answers 201 with FAILED.BLOCKED (and is billed).
 * - Webhooks: registered in the BulkSMS account (one for SENT = status updates, one for RECEIVED = replies);
 *   both POST a JSON array of Message. No per-message callback URL and no signature: the secret token in the
 *   webhook URL is the protection (checked by the hub).
 * - Polling: GET /v1/messages?filter=type=RECEIVED&id>N&sortOrder=ASCENDING. `limit` is a maximum, not a
 *   promise (fewer can come back while more exist), so paging goes on until a page comes back empty.
 */
import {
  type AccountCheck,
  type InboundSms,
  type OutboundSms,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderDefinition,
  ProviderError,
  type SendResult,
  type SentQuery,
  type SmsProvider,
  type StatusUpdate,
  type WebhookRequest,
} from '../provider'
import { type BulkSmsConfig, bulkSmsConfigSchema, bulkSmsSecretFields } from './bulksms.config'
import { callBulkSms, malformed, readJson } from './bulksms.http'
import {
  asBulkSmsMessage,
  messagesOf,
  statusOf,
  toInboundSms,
  toStatusUpdate,
  userSuppliedIdOf,
} from './bulksms.messages'

export const BULKSMS_BASE_URL = 'https://api.bulksms.com/v1'
export const BULKSMS_PAGE_LIMIT = 500
const MAX_PAGES = 20
/** BulkSMS's default is 3 parts; Parley checks length itself, so allow what it allows. */
const LONG_MESSAGE_MAX_PARTS = 10
/** How far back the first poll of a new connection looks. */
const FIRST_POLL_LOOKBACK_MS = 24 * 3600_000

export const bulkSmsCapabilities: ProviderCapabilities = {
  deliveryReceipts: true,
  inboundPolling: true,
  statusPolling: true,
  providerScheduling: false,
  signedWebhooks: false,
  balance: true,
}

/** `yyyy-MM-ddThh:mm:ssZ`: BulkSMS wants seconds and an explicit offset, no fraction. */
function bulkSmsDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

function sendError(status: string, subtype: string | null | undefined, message: string): ProviderError {
  return new ProviderError({
    code: subtype === 'BLOCKED' ? 'RECIPIENT_UNSUBSCRIBED' : 'REJECTED',
    retryable: false,
    httpStatus: 201,
    providerCode: status,
    message,
  })
}

class BulkSmsProvider implements SmsProvider {
  readonly id = 'bulksms' as const
  readonly capabilities = bulkSmsCapabilities
  private readonly baseUrl: string
  private readonly credentials: string

  constructor(
    config: BulkSmsConfig,
    private readonly context: ProviderContext,
  ) {
    this.baseUrl = (context.baseUrl ?? BULKSMS_BASE_URL).replace(/\/+$/, '')
    this.credentials = Buffer.from(`${config.username}:${config.password}`).toString('base64')
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) {
    return callBulkSms(this.context.http, {
      url: `${this.baseUrl}${path}`,
      method,
      credentials: this.credentials,
      body,
      signal,
    })
  }

  async send(sms: OutboundSms, signal?: AbortSignal): Promise<SendResult> {
    // An empty sender or "REPLIABLE" asks BulkSMS to send from a number that collects replies.
    const repliable = sms.from === '' || sms.from.toUpperCase() === 'REPLIABLE'
    const entry = {
      to: sms.to,
      body: sms.body,
      from: repliable ? { type: 'REPLIABLE' } : sms.from,
      userSuppliedId: userSuppliedIdOf(sms.reference),
      longMessageMaxParts: LONG_MESSAGE_MAX_PARTS,
    }
    const res = await this.call('POST', '/messages?auto-unicode=true', entry, signal)
    const body = readJson('send', res)
    const message = Array.isArray(body) ? asBulkSmsMessage(body[0]) : null
    if (!message) throw malformed('send', res)
    const { status, errorMessage } = statusOf(message)
    if (message.status.type === 'FAILED') {
      throw sendError(
        message.status.id,
        message.status.subtype,
        errorMessage ?? 'BulkSMS did not send the message',
      )
    }
    return { providerMessageId: message.id, status }
  }

  verifyWebhook() {
    return 'valid' as const
  }

  parseInbound(req: WebhookRequest): InboundSms[] {
    const now = new Date()
    return messagesOf(req.body)
      .filter((m) => m.type === 'RECEIVED')
      .map((m) => toInboundSms(m, now))
  }

  parseStatus(req: WebhookRequest): StatusUpdate[] {
    return messagesOf(req.body)
      .filter((m) => m.type === 'SENT')
      .map(toStatusUpdate)
  }

  async fetchStatus(providerMessageId: string, signal?: AbortSignal): Promise<StatusUpdate | null> {
    const res = await this.call(
      'GET',
      `/messages/${encodeURIComponent(providerMessageId)}`,
      undefined,
      signal,
    )
    if (res.status === 404) return null
    const message = asBulkSmsMessage(readJson('message status', res))
    if (!message) throw malformed('message status', res)
    return toStatusUpdate(message)
  }

  /** After a send whose outcome is unknown: by our reference, which the provider keeps. */
  async findSent(query: SentQuery, signal?: AbortSignal): Promise<SendResult | null> {
    const filter = `type=SENT&userSuppliedId=${userSuppliedIdOf(query.reference)}`
    const [message] = await this.listMessages(filter, signal)
    return message ? { providerMessageId: message.id, status: statusOf(message).status } : null
  }

  async fetchInbound(
    cursor: string | null,
    signal?: AbortSignal,
  ): Promise<{ messages: InboundSms[]; cursor: string | null }> {
    const now = new Date()
    const messages: InboundSms[] = []
    let last = cursor && /^\d+$/.test(cursor) ? cursor : null
    for (let page = 0; page < MAX_PAGES; page++) {
      const after = last
        ? `id>${last}`
        : `submission.date>=${bulkSmsDate(new Date(now.getTime() - FIRST_POLL_LOOKBACK_MS))}`
      const batch = (await this.listMessages(`type=RECEIVED&${after}`, signal)).filter(
        (m) => m.type === 'RECEIVED',
      )
      if (batch.length === 0) break
      for (const message of batch) {
        messages.push(toInboundSms(message, now))
        // Ids outgrow 2^53, so they are compared as integers, not numbers.
        if (last === null || BigInt(message.id) > BigInt(last)) last = message.id
      }
    }
    return { messages, cursor: last }
  }

  private async listMessages(filter: string, signal?: AbortSignal) {
    const query = `filter=${encodeURIComponent(filter)}&sortOrder=ASCENDING&limit=${BULKSMS_PAGE_LIMIT}`
    const res = await this.call('GET', `/messages?${query}`, undefined, signal)
    const body = readJson('message list', res)
    if (!Array.isArray(body)) throw malformed('message list', res)
    return messagesOf(body).filter((m) => /^\d+$/.test(m.id))
  }

  async checkAccount(signal?: AbortSignal): Promise<AccountCheck> {
    try {
      const res = await this.call('GET', '/profile', undefined, signal)
      const profile = readJson('profile', res) as { username?: unknown; credits?: { balance?: unknown } }
      const balance = Number(profile.credits?.balance)
      if (!Number.isFinite(balance)) throw malformed('profile', res)
      const who = typeof profile.username === 'string' ? ` as ${profile.username}` : ''
      return { ok: true, balance, message: `BulkSMS account connected${who}: ${balance} credits left` }
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message }
      throw error
    }
  }
}

export const bulkSmsDefinition: ProviderDefinition<BulkSmsConfig> = {
  id: 'bulksms',
  displayName: 'BulkSMS',
  senderKinds: ['e164', 'alphanumeric'],
  configSchema: bulkSmsConfigSchema,
  secretFields: bulkSmsSecretFields,
  capabilities: bulkSmsCapabilities,
  create: (config, context) => new BulkSmsProvider(config, context),
}
