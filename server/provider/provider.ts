import type { TSchema } from 'typebox'
import type { SchedulingWindow } from '../core/provider-schedule'

/**
 * The one interface every SMS provider adapter implements. Adapters talk HTTP through the injected
 * `HttpClient` and `baseUrl` (so a loopback fake is just another URL), never import the database or
 * Fastify, and throw only `ProviderError`. Differences between providers are capability flags.
 */
export type ProviderId = 'simulator' | 'twilio' | 'firetext' | 'bulksms' | 'vonage'

/** Parley's status vocabulary for outbound messages a provider has sent or tried to send. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed'

/** What adapters report: a delivery status, or `cancelled` for a held message called off before it went. */
export type ProviderStatus = DeliveryStatus | 'cancelled'

export interface OutboundSms {
  /** Parley's message id: sent as the client reference where the provider supports one. */
  reference: string
  to: string
  /** E.164 number or alphanumeric sender id. */
  from: string
  body: string
  /** Where the provider should POST status callbacks for this message, when it takes a per-message URL. */
  statusCallbackUrl?: string
  /**
   * ISO UTC time at which the provider itself should send it (only to a provider with `scheduling`,
   * within its window). The provider then holds the message until that time.
   */
  sendAt?: string
}

export interface SendResult {
  providerMessageId: string
  /** The status the provider reported on acceptance, when it says (e.g. Twilio's `queued`). */
  status?: ProviderStatus
}

export interface InboundSms {
  providerMessageId: string
  from: string
  to: string
  body: string
  receivedAt: string
  /**
   * Set by Parley, never by an adapter: the text held characters no text may hold (NUL, lone UTF-16
   * surrogates), removed before it was stored (see core/text-hygiene.ts).
   */
  bodyCleaned?: boolean
  /**
   * One part of a long text that the provider delivers part by part (Vonage): Parley joins the parts
   * that share `ref` (per sender) into one message once all `total` are in.
   */
  part?: InboundPart
}

export interface InboundPart {
  ref: string
  /** 1-based. */
  number: number
  total: number
}

export interface StatusUpdate {
  providerMessageId: string
  status: ProviderStatus
  /** The provider's own error code, e.g. Twilio 30003. */
  errorCode?: string | null
  /** The reason in words a recruiter understands. */
  errorMessage?: string | null
  at?: string
}

/** A webhook request as the adapter sees it: the URL is the public one the provider signed. */
export interface WebhookRequest {
  method: string
  url: string
  headers: Record<string, string | undefined>
  rawBody: string
  /** Parsed form or JSON body (object or array), or {} */
  body: unknown
  query: Record<string, string | undefined>
}

export type WebhookVerdict = 'valid' | 'invalid_signature' | 'missing_signature'

export type ProviderErrorCode =
  | 'AUTH_FAILED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'OUTCOME_UNKNOWN'
  | 'INVALID_NUMBER'
  | 'RECIPIENT_UNSUBSCRIBED'
  | 'INSUFFICIENT_FUNDS'
  | 'INVALID_SENDER'
  | 'REJECTED'
  | 'MALFORMED_RESPONSE'

/**
 * How a failed call is classified, in one place:
 * - `UNAVAILABLE` (and the provider's own "not accepted" answers: RATE_LIMITED, AUTH_FAILED...): the
 *   provider PROVABLY did not take the message (no connection was made, DNS or TLS failed, or it answered
 *   with an error it documents as "not accepted"). Safe to retry, and to fail over.
 * - `OUTCOME_UNKNOWN`: the request may have reached the provider and no usable answer came back (the
 *   connection was reset or closed, or no complete answer came in time, after the request could have been
 *   written). The provider may have the message: never resent blindly, never failed over.
 * - `MALFORMED_RESPONSE`: the provider answered, with something unreadable; it may have taken it too.
 * `mayHaveBeenSent` is the test every caller uses for the last two.
 */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode
  readonly retryable: boolean
  readonly httpStatus: number | undefined
  readonly retryAfterMs: number | undefined
  readonly providerCode: string | undefined
  constructor(init: {
    code: ProviderErrorCode
    message: string
    retryable: boolean
    httpStatus?: number
    retryAfterMs?: number
    providerCode?: string
  }) {
    super(init.message)
    this.name = 'ProviderError'
    this.code = init.code
    this.retryable = init.retryable
    this.httpStatus = init.httpStatus
    this.retryAfterMs = init.retryAfterMs
    this.providerCode = init.providerCode
  }
}

/** True when the provider may have taken the message despite the error: see ProviderError. */
export function mayHaveBeenSent(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    (error.code === 'OUTCOME_UNKNOWN' || error.code === 'MALFORMED_RESPONSE')
  )
}

/** What Parley knows of a message it may have handed to a provider, to ask the provider whether it has it. */
export interface SentQuery {
  /** Parley's message id, sent as the client reference where the provider keeps one. */
  reference: string
  to: string
  from: string
  body: string
  /** ISO time no later than the provider could have taken it (for providers searched by time). */
  after: string
}

export interface ProviderCapabilities {
  deliveryReceipts: boolean
  /** Inbound messages can be fetched by polling (`fetchInbound`). */
  inboundPolling: boolean
  /** Status can be fetched by polling (`fetchStatus`). */
  statusPolling: boolean
  /** The provider can hold a message and send it later itself. */
  providerScheduling: boolean
  signedWebhooks: boolean
  /** `checkAccount` reads a balance. */
  balance: boolean
}

/** Sending later from the provider's side: present when `capabilities.providerScheduling` is true. */
export interface ProviderScheduling {
  window: SchedulingWindow
  /**
   * Cancels a message the provider holds. Throws a ProviderError when it cannot (already sent,
   * unknown id...): code REJECTED for "too late", the usual codes for transport faults.
   */
  cancel(message: { providerMessageId: string; reference: string }, signal?: AbortSignal): Promise<void>
}

export interface AccountCheck {
  ok: boolean
  message: string
  balance?: number
  currency?: string
}

export interface SmsProvider {
  readonly id: ProviderId
  readonly capabilities: ProviderCapabilities
  send(sms: OutboundSms, signal?: AbortSignal): Promise<SendResult>
  scheduling?: ProviderScheduling
  verifyWebhook(req: WebhookRequest): WebhookVerdict
  parseInbound(req: WebhookRequest): InboundSms[]
  parseStatus(req: WebhookRequest): StatusUpdate[]
  /** What to answer a webhook with (Twilio wants empty TwiML); default 200 with no body. */
  webhookReply?(kind: 'inbound' | 'status'): { contentType: string; body: string }
  fetchInbound?(
    cursor: string | null,
    signal?: AbortSignal,
  ): Promise<{ messages: InboundSms[]; cursor: string | null }>
  fetchStatus?(providerMessageId: string, signal?: AbortSignal): Promise<StatusUpdate | null>
  /**
   * Asks the provider whether it has a message Parley may have sent (after an OUTCOME_UNKNOWN): by our
   * reference where the provider keeps one (FireText, BulkSMS), else by recipient, sender, text and time
   * (Twilio). Null when it has none; a lookup that cannot be made throws a ProviderError.
   */
  findSent?(query: SentQuery, signal?: AbortSignal): Promise<SendResult | null>
  checkAccount?(signal?: AbortSignal): Promise<AccountCheck>
}

/** A narrow HTTP client (undici's `request` in production); adapters use nothing else. */
export interface HttpClient {
  request(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    text(): Promise<string>
  }>
}

export interface ProviderContext {
  http: HttpClient
  /** Override of the provider's API base URL (fakes in tests, regional endpoints in production). */
  baseUrl?: string
  /** Public URL of this connection's webhook endpoints, e.g. https://parley.example/webhooks/twilio/<token> */
  webhookBaseUrl?: string
  /**
   * Hands status updates straight to Parley's status path. Only in-process providers (the phone
   * simulator) use it; HTTP providers call the webhook URL instead.
   */
  deliverStatus?: (updates: StatusUpdate[]) => void
}

/** What a connection may send from: an E.164 number, or also an alphanumeric sender id (a name). */
export type SenderKind = 'e164' | 'alphanumeric'

export interface ProviderDefinition<Config = Record<string, unknown>> {
  id: ProviderId
  displayName: string
  /** What its connections may send from (a provider whose replies need a number offers only e164). */
  senderKinds: readonly SenderKind[]
  /**
   * The poll cursor (in the adapter's own format, see `fetchInbound`) that reads replies received
   * from `since` on, for a connection's "date to start synchronising from". Without it the first poll
   * starts from the adapter's own look-back window and the poller drops anything older.
   */
  pollCursorFrom?(since: Date): string
  /** TypeBox schema of the connection's settings (credentials included). */
  configSchema: TSchema
  /** Settings that are secrets: encrypted at rest, shown only as their last 4 characters. */
  secretFields: readonly string[]
  capabilities: ProviderCapabilities
  /**
   * What one connection can do, from its settings without secrets, when that depends on them (a
   * Twilio connection schedules only through a Messaging Service); else `capabilities`.
   */
  capabilitiesFor?(settings: Record<string, unknown>): ProviderCapabilities
  create(config: Config, context: ProviderContext): SmsProvider
}
