/**
 * The control surface every provider fake implements (see contract.ts for how the suite drives it).
 * Kept free of test-runner imports so fakes can also run outside tests (local development without accounts).
 */
import type { DeliveryStatus } from './provider'

export type FailureKind =
  | 'auth'
  | 'rate_limit'
  | 'server_error'
  | 'hang'
  | 'malformed'
  | 'invalid_number'
  | 'unsubscribed'
  /** The provider stores the message, then the connection drops without an answer. */
  | 'accept_then_drop'
  /** The connection is reset before the provider stores anything. */
  | 'reset_before_accept'

export interface FailOptions {
  /** For 'rate_limit': the Retry-After header value in seconds (the suite uses 7). */
  retryAfterSeconds?: number
}

/** One HTTP request the fake received. */
export interface RecordedRequest {
  method: string
  /** Path without the query string, e.g. /2010-04-01/Accounts/AC.../Messages.json */
  path: string
  query: Record<string, string>
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  rawBody: string
  /** Set on send requests: the message as the fake read it (numbers as the provider received them). */
  sms?: { to: string; from: string; body: string }
}

/** A message a fake makes up as if a phone had sent it to our number. */
export interface FakeInboundSms {
  from: string
  to: string
  body: string
}

export interface FakeStatusUpdate {
  providerMessageId: string
  /** Parley's vocabulary; the fake translates it into the provider's own status words or codes. */
  status: DeliveryStatus
  /** The provider's own error code for undelivered/failed, e.g. '30003'. */
  errorCode?: string
}

/** What the hub answered to a webhook the fake delivered. */
export interface WebhookDelivery {
  status: number
  contentType: string | undefined
  body: string
}

/** A message a provider holds to send later (provider-side scheduling). */
export interface HeldMessage {
  providerMessageId: string
  /** ISO UTC time the provider will send it at (to its own precision). */
  sendAt: string
}

/** The control surface every provider fake implements. */
export interface ProviderFake {
  /** Base URL of the fake API, passed to the adapter as `baseUrl`. */
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Make the next API request fail the way the real provider does for this kind. */
  failNext(kind: FailureKind, options?: FailOptions): void
  /**
   * From now on, each request without an armed `failNext` asks `pick` whether it fails, and how
   * (null: it does not); `null` turns this off. For fault-injection runs with a seeded random.
   */
  failAtRandom?(pick: (() => { kind: FailureKind; options?: FailOptions } | null) | null): void
  /** Store an inbound message (visible to polling) without posting it; returns its provider message id. */
  addInbound(sms: FakeInboundSms): string
  /** Store an inbound message and POST it to `webhookUrl` the way the provider does (signed where it signs). */
  sendInbound(webhookUrl: string, sms: FakeInboundSms): Promise<WebhookDelivery>
  /** Set a sent message's status (visible to fetchStatus) and POST the provider's status callback for it. */
  sendStatus(webhookUrl: string, update: FakeStatusUpdate): Promise<WebhookDelivery>
  /** Providers that schedule on their side: the messages held now. */
  heldMessages?(): HeldMessage[]
  /**
   * Providers that schedule on their side: sends every held message due by `now`, as the provider
   * would at its time, posting the status callback the send asked for. Returns what the hub answered.
   */
  releaseDue?(now: Date): Promise<WebhookDelivery[]>
  close(): Promise<void>
}
