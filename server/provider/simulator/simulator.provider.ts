/**
 * The built-in phone simulator: a provider that needs no account, so a new install shows the whole
 * two-way flow. It accepts a message at once and reports `delivered` a moment later through
 * `deliverStatus`. Numbers ending in certain digits fail, so failures can be tried:
 *   ...0666  accepted, then `undelivered` (handset off)
 *   ...0999  rejected at send: the number does not exist (not retryable)
 *   ...0500  the simulated network is down (retryable: retried with backoff, then failed)
 *   ...0429  rate limited with Retry-After: 1 s (retryable)
 * Replies come in through POST /api/v1/simulator/inbound, which posts a webhook to this
 * connection's URL exactly as a real provider would (JSON `{ id, from, to, body }`).
 */
import { randomBytes } from 'node:crypto'
import type { TSchema } from 'typebox'
import { Type } from 'typebox'
import {
  type InboundSms,
  type ProviderCapabilities,
  type ProviderContext,
  type ProviderDefinition,
  ProviderError,
  type SmsProvider,
  type StatusUpdate,
  type WebhookRequest,
} from '../provider'

export const simulatorConfigSchema: TSchema = Type.Object(
  { deliveryDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })) },
  { additionalProperties: false },
)
export interface SimulatorConfig {
  deliveryDelayMs?: number
}

const capabilities: ProviderCapabilities = {
  deliveryReceipts: true,
  inboundPolling: false,
  statusPolling: false,
  providerScheduling: false,
  signedWebhooks: false,
  balance: false,
}

function record(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {}
}

export function newSimulatorMessageId(): string {
  return `SIM${randomBytes(12).toString('hex')}`
}

function createSimulator(config: SimulatorConfig, context: ProviderContext): SmsProvider {
  const delay = config.deliveryDelayMs ?? 1500
  return {
    id: 'simulator',
    capabilities,
    async send(sms) {
      if (sms.to.endsWith('0999')) {
        throw new ProviderError({
          code: 'INVALID_NUMBER',
          retryable: false,
          message: 'The number does not exist (simulated)',
        })
      }
      if (sms.to.endsWith('0500')) {
        throw new ProviderError({
          code: 'UNAVAILABLE',
          retryable: true,
          message: 'The simulated network is down',
        })
      }
      if (sms.to.endsWith('0429')) {
        throw new ProviderError({
          code: 'RATE_LIMITED',
          retryable: true,
          retryAfterMs: 1000,
          message: 'Too many messages to the simulated network; retry later',
        })
      }
      const providerMessageId = newSimulatorMessageId()
      const update: StatusUpdate = sms.to.endsWith('0666')
        ? {
            providerMessageId,
            status: 'undelivered',
            errorCode: 'SIM_HANDSET_OFF',
            errorMessage: 'The handset is switched off or out of coverage (simulated)',
          }
        : { providerMessageId, status: 'delivered' }
      setTimeout(() => context.deliverStatus?.([update]), delay).unref()
      return { providerMessageId, status: 'sent' }
    },
    verifyWebhook: () => 'valid',
    parseInbound(req: WebhookRequest): InboundSms[] {
      const body = record(req.body)
      return [
        {
          providerMessageId: String(body.id ?? ''),
          from: String(body.from ?? ''),
          to: String(body.to ?? ''),
          body: String(body.body ?? ''),
          receivedAt: String(body.receivedAt ?? new Date().toISOString()),
        },
      ]
    },
    parseStatus(req: WebhookRequest): StatusUpdate[] {
      const body = record(req.body)
      const status = String(body.status)
      if (!['sent', 'delivered', 'undelivered', 'failed'].includes(status)) return []
      return [{ providerMessageId: String(body.id), status: status as StatusUpdate['status'] }]
    },
    async checkAccount() {
      return { ok: true, message: 'The phone simulator is always available; it sends nothing to real phones' }
    },
  }
}

export const simulatorDefinition: ProviderDefinition<SimulatorConfig> = {
  id: 'simulator',
  displayName: 'Phone simulator',
  senderKinds: ['e164', 'alphanumeric'],
  configSchema: simulatorConfigSchema,
  secretFields: [],
  capabilities,
  create: createSimulator,
}
