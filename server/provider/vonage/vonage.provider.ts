/**
 * Vonage (formerly Nexmo) SMS API adapter. API docs: https://developer.vonage.com/en/api/sms (OpenAPI:
 * github.com/Nexmo/api-specification, definitions/sms.yml); signing:
 * https://developer.vonage.com/en/getting-started/concepts/signing-messages.
 *
 * - Auth: `api_key` and `api_secret` form fields on send; HTTP Basic on the account balance call.
 * - Encoding: form POST to https://rest.nexmo.com/sms/json; `to` and numeric `from` are E.164 digits
 *   without "+"; `type=unicode` when the text is outside the GSM alphabet.
 * - Quirk: HTTP 200 whatever happens. Each part of a long text gets an entry in `messages[]` with its own
 *   `message-id`; `status` "0" is success, anything else an error with `error-text` (1 throttled, 4 bad
 *   credentials, 6 unroutable number, 7 barred number, 9 no credit...). The first part's id is kept.
 * - Statuses: delivery receipts at the `callback` URL given per message (or the account's), with a
 *   `status` word (delivered, accepted, buffered, expired, failed, rejected, unknown) and `err-code`;
 *   `client-ref` echoes our reference. Replies come to the number's inbound webhook. Both can be GET, form
 *   or JSON, per the account's settings. There is no polling of either in this API.
 * - Signed webhooks (optional): `sig` over all parameters with the account's signature secret; verified
 *   when the connection has that secret, else the secret token in the webhook URL is the protection.
 */

import { isGsm7 } from '../../core/gsm7'
import {
  type AccountCheck,
  type OutboundSms,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderDefinition,
  ProviderError,
  type SendResult,
  type SmsProvider,
  type WebhookRequest,
  type WebhookVerdict,
} from '../provider'
import { vonageSendError } from './vonage.codes'
import { type VonageConfig, vonageConfigSchema, vonageSecretFields } from './vonage.config'
import { malformed, readVonageJson } from './vonage.http'
import { isVonageSignatureValid } from './vonage.signature'
import { paramsOf, parseVonageInbound, parseVonageStatus } from './vonage.webhooks'

export const VONAGE_BASE_URL = 'https://rest.nexmo.com'
/** `client-ref` holds at most 40 characters. */
const CLIENT_REF_MAX = 40

export const vonageCapabilities: ProviderCapabilities = {
  deliveryReceipts: true,
  inboundPolling: false,
  statusPolling: false,
  providerScheduling: false,
  signedWebhooks: true,
  balance: true,
}

function toVonageNumber(value: string): string {
  return /^\+\d+$/.test(value) ? value.slice(1) : value
}

class VonageProvider implements SmsProvider {
  readonly id = 'vonage' as const
  readonly capabilities: ProviderCapabilities
  private readonly baseUrl: string

  constructor(
    private readonly config: VonageConfig,
    private readonly context: ProviderContext,
  ) {
    this.baseUrl = (context.baseUrl ?? VONAGE_BASE_URL).replace(/\/+$/, '')
    this.capabilities = { ...vonageCapabilities, signedWebhooks: Boolean(config.signatureSecret) }
  }

  async send(sms: OutboundSms, signal?: AbortSignal): Promise<SendResult> {
    const callback =
      sms.statusCallbackUrl ??
      (this.context.webhookBaseUrl ? `${this.context.webhookBaseUrl}/status` : undefined)
    const fields: Record<string, string> = {
      api_key: this.config.apiKey,
      api_secret: this.config.apiSecret,
      from: toVonageNumber(sms.from),
      to: toVonageNumber(sms.to),
      text: sms.body,
      type: isGsm7(sms.body) ? 'text' : 'unicode',
      'client-ref': sms.reference.slice(0, CLIENT_REF_MAX),
    }
    if (callback) fields.callback = callback
    const res = await this.context.http.request(`${this.baseUrl}/sms/json`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        accept: 'application/json',
      },
      body: new URLSearchParams(fields).toString(),
      ...(signal ? { signal } : {}),
    })
    const reply = readVonageJson('send', res.status, res.headers, await res.text()) as {
      messages?: Array<Record<string, unknown>>
    }
    const parts = Array.isArray(reply.messages) ? reply.messages : []
    if (parts.length === 0) throw malformed('send', JSON.stringify(reply))
    const failed = parts.find((part) => String(part.status) !== '0')
    if (failed) {
      const errorText = typeof failed['error-text'] === 'string' ? failed['error-text'] : undefined
      throw vonageSendError(String(failed.status ?? ''), errorText)
    }
    const id = parts[0]?.['message-id']
    if (typeof id !== 'string' || id === '') throw malformed('send', JSON.stringify(reply))
    return { providerMessageId: id }
  }

  verifyWebhook(req: WebhookRequest): WebhookVerdict {
    const secret = this.config.signatureSecret
    if (!secret) return 'valid'
    const params = paramsOf(req)
    if (!params.sig) return 'missing_signature'
    return isVonageSignatureValid(params, secret, this.config.signatureMethod ?? 'md5hash')
      ? 'valid'
      : 'invalid_signature'
  }

  parseInbound = parseVonageInbound
  parseStatus = parseVonageStatus

  async checkAccount(signal?: AbortSignal): Promise<AccountCheck> {
    try {
      const credentials = Buffer.from(`${this.config.apiKey}:${this.config.apiSecret}`).toString('base64')
      const res = await this.context.http.request(`${this.baseUrl}/account/get-balance`, {
        method: 'GET',
        headers: { authorization: `Basic ${credentials}`, accept: 'application/json' },
        ...(signal ? { signal } : {}),
      })
      const text = await res.text()
      const { value } = readVonageJson('balance', res.status, res.headers, text)
      const balance = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN
      if (!Number.isFinite(balance)) throw malformed('balance', text)
      return { ok: true, balance, message: `Vonage account connected: balance ${balance.toFixed(2)}` }
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message }
      throw error
    }
  }
}

export const vonageDefinition: ProviderDefinition<VonageConfig> = {
  id: 'vonage',
  displayName: 'Vonage',
  senderKinds: ['e164', 'alphanumeric'],
  configSchema: vonageConfigSchema,
  secretFields: vonageSecretFields,
  capabilities: vonageCapabilities,
  create: (config, context) => new VonageProvider(config, context),
}
