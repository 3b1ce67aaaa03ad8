/**
 * Twilio Programmable Messaging, REST API 2010-04-01.
 * Docs: https://www.twilio.com/docs/messaging/api/message-resource (reference: ../../../docs/providers.md).
 * - Auth: HTTP Basic, Account SID as user and auth token as password.
 * - Requests: application/x-www-form-urlencoded (a JSON body is refused as 21604 "To required");
 *   answers are JSON with RFC 2822 dates and string counters (`num_segments: "1"`).
 * - Send: POST /2010-04-01/Accounts/{sid}/Messages.json → 201 + Message; the id is `sid` (SM + 32 hex) and the
 *   first status is `queued` (or `accepted` via a Messaging Service). Twilio has no client reference field.
 * - Statuses arrive as form POSTs to the per-message `StatusCallback` URL (queued → sent → delivered |
 *   undelivered, or failed), possibly out of order; `ErrorCode` explains failed/undelivered (30003 ...).
 * - A send whose outcome is unknown is looked for in the Messages list (`To`, `From`, same body, created
 *   since the attempt): Twilio keeps no reference of ours (twilio.find.ts).
 * - Inbound: form POST to the number's messaging URL, answered with TwiML; can also be polled by listing
 *   Messages with `To` and `DateSent>`.
 * - Both webhooks are signed with X-Twilio-Signature (HMAC-SHA1 of the public URL plus sorted params).
 * - Quirks: errors are `{code,message,more_info,status}`; 429 is code 20429; a recipient who texted STOP is
 *   blocked by Twilio itself (21610) until they text START.
 */
import { type SchedulingWindow, wholeSecondsIso } from '../../core/provider-schedule'
import {
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderDefinition,
  ProviderError,
  type ProviderScheduling,
  type SendResult,
  type SmsProvider,
  type StatusUpdate,
} from '../provider'
import { describeTwilioError, toParleyStatus } from './twilio.codes'
import { type TwilioConfig, twilioConfigSchema, twilioSecretFields } from './twilio.config'
import { findTwilioSent } from './twilio.find'
import { createTwilioApi, malformed, readMessage } from './twilio.http'
import { pollTwilioInbound } from './twilio.polling'
import { verifyTwilioSignature } from './twilio.signature'
import { EMPTY_TWIML, parseTwilioInbound, parseTwilioStatus } from './twilio.webhooks'

export const twilioCapabilities: ProviderCapabilities = {
  deliveryReceipts: true,
  inboundPolling: true,
  statusPolling: true,
  // Through a Messaging Service only (ScheduleType=fixed + SendAt): a connection with just a number
  // turns it off (see createTwilioProvider).
  providerScheduling: true,
  signedWebhooks: true,
  balance: true,
}

function twilioCapabilitiesFor(settings: { messagingServiceSid?: unknown }): ProviderCapabilities {
  return { ...twilioCapabilities, providerScheduling: typeof settings.messagingServiceSid === 'string' }
}

/** Twilio holds a message from 5 minutes to 35 days ahead (errors 35114/35115/35117 outside that). */
export const TWILIO_SCHEDULING_WINDOW: SchedulingWindow = {
  minLeadMs: 300_000,
  maxAheadMs: 3_024_000_000,
}

function createTwilioProvider(config: TwilioConfig, context: ProviderContext): SmsProvider {
  const api = createTwilioApi(config, context.http, context.baseUrl)
  const messageUrl = (sid: string) => api.accountUrl(`/Messages/${encodeURIComponent(sid)}.json`)

  // Update with Status=canceled; only a message still `scheduled` can be (else 30409).
  const scheduling: ProviderScheduling = {
    window: TWILIO_SCHEDULING_WINDOW,
    async cancel({ providerMessageId }, signal) {
      const form = new URLSearchParams({ Status: 'canceled' })
      const { status, json } = await api.call('cancel', 'POST', messageUrl(providerMessageId), {
        form,
        signal,
      })
      const message = readMessage(json)
      if (!message) throw malformed('cancel', status, JSON.stringify(json))
      if (message.status !== 'canceled') {
        throw new ProviderError({
          code: 'REJECTED',
          retryable: false,
          message: `Twilio did not cancel the message: it is ${message.status}`,
        })
      }
    },
  }

  return {
    id: 'twilio',
    capabilities: twilioCapabilitiesFor(config),
    ...(config.messagingServiceSid ? { scheduling } : {}),

    async send(sms, signal): Promise<SendResult> {
      const form = new URLSearchParams()
      form.set('To', sms.to)
      const from = sms.from || config.from
      if (from) form.set('From', from)
      if (config.messagingServiceSid) form.set('MessagingServiceSid', config.messagingServiceSid)
      form.set('Body', sms.body)
      if (sms.sendAt) {
        form.set('ScheduleType', 'fixed')
        form.set('SendAt', wholeSecondsIso(sms.sendAt))
      }
      const callback =
        sms.statusCallbackUrl ?? (context.webhookBaseUrl ? `${context.webhookBaseUrl}/status` : undefined)
      if (callback) form.set('StatusCallback', callback)
      const { status, json } = await api.call('send', 'POST', api.accountUrl('/Messages.json'), {
        form,
        signal,
      })
      const message = readMessage(json)
      if (!message) throw malformed('send', status, JSON.stringify(json))
      const mapped = toParleyStatus(message.status)
      return { providerMessageId: message.sid, ...(mapped ? { status: mapped } : {}) }
    },

    verifyWebhook: (req) => verifyTwilioSignature(config.authToken, req),
    parseInbound: (req) => parseTwilioInbound(req),
    parseStatus: (req) => parseTwilioStatus(req),
    webhookReply: () => ({ contentType: 'text/xml', body: EMPTY_TWIML }),

    fetchInbound: (cursor, signal) => pollTwilioInbound(api, config.from, cursor, signal),

    findSent: (query, signal) =>
      findTwilioSent(api, { ...query, from: query.from || config.from || '' }, signal),

    async fetchStatus(providerMessageId, signal): Promise<StatusUpdate | null> {
      const { status, json } = await api.call('fetch message', 'GET', messageUrl(providerMessageId), {
        signal,
        allowNotFound: true,
      })
      if (status === 404) return null
      const message = readMessage(json)
      if (!message) throw malformed('fetch message', status, JSON.stringify(json))
      const mapped = toParleyStatus(message.status)
      if (mapped === null) return null
      const isFailure = mapped === 'failed' || mapped === 'undelivered'
      const errorCode = isFailure && message.error_code !== null ? String(message.error_code) : null
      return {
        providerMessageId: message.sid,
        status: mapped,
        errorCode,
        errorMessage: isFailure ? describeTwilioError(errorCode, message.error_message) : null,
      }
    },

    async checkAccount(signal) {
      try {
        const { status, json } = await api.call('balance check', 'GET', api.accountUrl('/Balance.json'), {
          signal,
        })
        const balance = typeof json.balance === 'string' ? Number(json.balance) : Number.NaN
        const currency = typeof json.currency === 'string' ? json.currency : undefined
        if (!Number.isFinite(balance)) throw malformed('balance check', status, JSON.stringify(json))
        return {
          ok: true,
          message:
            `Connected to Twilio account ${config.accountSid}; balance ${balance} ${currency ?? ''}`.trim(),
          balance,
          ...(currency ? { currency } : {}),
        }
      } catch (error) {
        if (error instanceof ProviderError) return { ok: false, message: error.message }
        throw error
      }
    },
  }
}

export const twilioDefinition: ProviderDefinition<TwilioConfig> = {
  id: 'twilio',
  displayName: 'Twilio',
  senderKinds: ['e164'],
  pollCursorFrom: (since) => JSON.stringify({ after: since.toISOString(), seen: [] }),
  configSchema: twilioConfigSchema,
  secretFields: twilioSecretFields,
  capabilities: twilioCapabilities,
  capabilitiesFor: twilioCapabilitiesFor,
  create: createTwilioProvider,
}
