/**
 * FireText (UK) adapter. API docs: https://www.firetext.co.uk/docs (code table and endpoints as used by
 * FireText's PHP SDK, github.com/CallFire/FireText-PHP-SDK, and by GOV.UK Notify).
 *
 * - Auth: the `apiKey` form field on every call; no headers.
 * - Encoding: form POSTs to https://www.firetext.co.uk/api/<method>. Sending uses the bare path, whose
 *   reply is plain text `<code>:<credits used> <description>` ("0:1 SMS successfully queued"); the other
 *   calls use `<method>/json`: `{ code, description, responseData, data }`.
 * - Quirk: HTTP 200 even for errors; the error is the non-zero code (1 authentication, 2 number, 7 credit...).
 * - Ids: FireText returns its id only in an `X-Message` header, and its receipts and delivery reports know
 *   the message only by our `reference`. So Parley's message id (sent as `reference`) is the provider
 *   message id, and receipts match without a lookup table.
 * - Statuses: delivery receipts are form POSTs to the `receipt` URL given per message (status 0 delivered,
 *   1 undelivered, 2 pending; `code` gives the network's reason; `time` is UK local time). Replies are
 *   forwarded as form POSTs (source, destination, keyword, message, time) or polled from receivedmessages.
 * - No webhook signature: the secret token in the webhook URL is the protection (checked by the hub).
 * - Non-GSM text is sent with `unicode=1`, else FireText would replace those characters.
 * - Scheduling: `schedule=YYYY-MM-DD HH:MM` in UK local time holds the message at FireText (to the
 *   minute: a time with seconds goes out at the next whole minute); `unschedule` with our reference
 *   calls it off.
 */

import { isGsm7 } from '../../core/gsm7'
import type { SchedulingWindow } from '../../core/provider-schedule'
import {
  type AccountCheck,
  type InboundSms,
  type OutboundSms,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderDefinition,
  ProviderError,
  type ProviderScheduling,
  type SendResult,
  type SentQuery,
  type SmsProvider,
  type StatusUpdate,
} from '../provider'
import { describeReportStatus, fireTextCodeError, mapReportStatus } from './firetext.codes'
import { type FireTextConfig, fireTextConfigSchema, fireTextSecretFields } from './firetext.config'
import { parseUkLocal, toFireTextNumber, toFireTextSchedule, ukDateOf } from './firetext.format'
import { malformedReply, parseSendReply, postFireText, readEnvelope } from './firetext.http'
import { decodeCursor, encodeCursor, selectNew, toInboundSms } from './firetext.polling'
import { parseFireTextInbound, parseFireTextStatus } from './firetext.webhooks'

export const FIRETEXT_BASE_URL = 'https://www.firetext.co.uk/api'
/** receivedmessages page size: FireText offers 10, 25 (default), 50 or 100. */
export const FIRETEXT_PAGE_SIZE = 100
const MAX_PAGES = 20

export const fireTextCapabilities: ProviderCapabilities = {
  deliveryReceipts: true,
  inboundPolling: true,
  statusPolling: true,
  providerScheduling: true,
  signedWebhooks: false,
  balance: true,
}

/**
 * FireText does not publish how far ahead it holds messages; Parley hands one over from 5 minutes to
 * 30 days ahead and keeps the rest on its own scheduler.
 */
export const FIRETEXT_SCHEDULING_WINDOW: SchedulingWindow = {
  minLeadMs: 300_000,
  maxAheadMs: 30 * 86_400_000,
}

class FireTextProvider implements SmsProvider {
  readonly id = 'firetext' as const
  readonly capabilities = fireTextCapabilities
  readonly scheduling: ProviderScheduling = {
    window: FIRETEXT_SCHEDULING_WINDOW,
    cancel: async ({ reference }, signal) => {
      const { text } = await this.post('unschedule/json', { reference }, signal)
      readEnvelope('unschedule', text)
    },
  }
  private readonly baseUrl: string

  constructor(
    private readonly config: FireTextConfig,
    private readonly context: ProviderContext,
  ) {
    this.baseUrl = (context.baseUrl ?? FIRETEXT_BASE_URL).replace(/\/+$/, '')
  }

  private post(method: string, fields: Record<string, string>, signal?: AbortSignal) {
    return postFireText(
      this.context.http,
      `${this.baseUrl}/${method}`,
      { apiKey: this.config.apiKey, ...fields },
      signal,
    )
  }

  async send(sms: OutboundSms, signal?: AbortSignal): Promise<SendResult> {
    const receipt =
      sms.statusCallbackUrl ??
      (this.context.webhookBaseUrl ? `${this.context.webhookBaseUrl}/status` : undefined)
    const fields: Record<string, string> = {
      to: toFireTextNumber(sms.to),
      from: toFireTextNumber(sms.from),
      message: sms.body,
      reference: sms.reference,
    }
    if (receipt) fields.receipt = receipt
    if (!isGsm7(sms.body)) fields.unicode = '1'
    if (sms.sendAt) fields.schedule = toFireTextSchedule(sms.sendAt)
    const { text } = await this.post('sendsms', fields, signal)
    const reply = parseSendReply(text)
    if (!reply) throw malformedReply('send', text)
    if (reply.code !== '0') throw fireTextCodeError(reply.code, reply.description)
    return { providerMessageId: sms.reference }
  }

  verifyWebhook() {
    return 'valid' as const
  }

  parseInbound = parseFireTextInbound
  parseStatus = parseFireTextStatus

  async fetchStatus(providerMessageId: string, signal?: AbortSignal): Promise<StatusUpdate | null> {
    const { text } = await this.post('deliveryreport/json', { reference: providerMessageId }, signal)
    const [item] = readEnvelope('delivery report', text).data
    if (typeof item !== 'object' || item === null) return null
    const fields = item as Record<string, unknown>
    const word = typeof fields.status === 'string' ? fields.status : ''
    const status = mapReportStatus(word)
    const at = parseUkLocal(typeof fields.messageUpdate === 'string' ? fields.messageUpdate : undefined)
    return {
      providerMessageId,
      status,
      errorCode: null,
      errorMessage: describeReportStatus(status),
      ...(at ? { at } : {}),
    }
  }

  /** After a send whose outcome is unknown: by our reference, which the provider keeps. */
  async findSent(query: SentQuery, signal?: AbortSignal): Promise<SendResult | null> {
    const update = await this.fetchStatus(query.reference, signal)
    return update ? { providerMessageId: query.reference, status: update.status } : null
  }

  async fetchInbound(
    cursor: string | null,
    signal?: AbortSignal,
  ): Promise<{ messages: InboundSms[]; cursor: string | null }> {
    const now = new Date()
    const position = decodeCursor(cursor, now)
    const messages: InboundSms[] = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const fields = { from: position.from, pp: String(FIRETEXT_PAGE_SIZE), page: String(page) }
      const { text } = await this.post('receivedmessages/json', fields, signal)
      const { data } = readEnvelope('received messages', text)
      for (const item of data) {
        const sms = toInboundSms(item, now)
        if (sms) messages.push(sms)
      }
      if (data.length < FIRETEXT_PAGE_SIZE) break
    }
    const next = selectNew(messages, position)
    return { messages: next.messages, cursor: encodeCursor(next.cursor) }
  }

  async checkAccount(signal?: AbortSignal): Promise<AccountCheck> {
    try {
      const { text } = await this.post('credit/json', {}, signal)
      const credits = Number(readEnvelope('credit', text).responseData)
      if (!Number.isFinite(credits)) throw malformedReply('credit', text)
      return { ok: true, balance: credits, message: `FireText account connected: ${credits} credits left` }
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message }
      throw error
    }
  }
}

export const fireTextDefinition: ProviderDefinition<FireTextConfig> = {
  id: 'firetext',
  displayName: 'FireText',
  senderKinds: ['e164', 'alphanumeric'],
  pollCursorFrom: (since) => encodeCursor({ from: ukDateOf(since), since: since.toISOString(), seen: [] }),
  configSchema: fireTextConfigSchema,
  secretFields: fireTextSecretFields,
  capabilities: fireTextCapabilities,
  create: (config, context) => new FireTextProvider(config, context),
}
