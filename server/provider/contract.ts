/**
 * The provider contract suite: one set of tests every SMS adapter passes against its own fake server.
 *
 * Usage, in `server/provider/<name>/<name>.test.ts`:
 *
 *   describeProviderContract('twilio', async (env) => {
 *     const fake = await startTwilioFake({ ... })
 *     const provider = twilioDefinition.create(config, { http: env.http, baseUrl: fake.url,
 *       webhookBaseUrl: env.webhookBaseUrl })
 *     return { provider, fake, fixtures: { outbound, inbound, statuses } }
 *   })
 *
 * `setup(env)` runs before every test (and `teardown` plus `fake.close()` after it), so each test sees a fresh
 * fake with an empty `requests` list. The adapter MUST be built with `env.http`: its short timeout is what turns
 * the fake's `hang` into an OUTCOME_UNKNOWN within a test. `env.webhookBaseUrl` points at a capture server standing in for
 * the hub; the fake's `sendInbound`/`sendStatus` POST there for real, and the suite turns the captured HTTP
 * request into a `WebhookRequest` (URL = the URL the fake called, i.e. the one a provider signs).
 *
 * What the suite checks:
 * - send: non-empty `providerMessageId`; the fake recorded exactly one request, whose `sms` has the right to
 *   (compared as digits, since some APIs drop the "+"), from and body.
 * - failures, one per `fake.failNext(kind)`, each a `ProviderError` (never anything else):
 *   auth → AUTH_FAILED, not retryable · rate_limit (Retry-After: 7) → RATE_LIMITED, retryable, retryAfterMs 7000 ·
 *   server_error → UNAVAILABLE, retryable · hang → OUTCOME_UNKNOWN, not retryable · malformed (2xx with an
 *   unreadable body) → MALFORMED_RESPONSE, not retryable (the provider may have accepted it; retrying could
 *   send twice) · invalid_number → INVALID_NUMBER, not retryable · unsubscribed → RECIPIENT_UNSUBSCRIBED,
 *   not retryable · accept_then_drop (stored, then the connection closes unanswered) and
 *   reset_before_accept (the connection is reset before anything is stored) → OUTCOME_UNKNOWN, not
 *   retryable: from our side the two look alike.
 *   `failNext` affects only the next request: the following send succeeds. Kinds a provider's API has no
 *   equivalent for are listed in `fixtures.unsupportedFailures` with the reason, and reported as skipped.
 * - lookups after a lost connection (when the adapter has `findSent`): after accept_then_drop it finds
 *   the message; after reset_before_accept it finds nothing (so the dispatcher sends it once).
 * - inbound fixtures parse to E.164 numbers and the expected text; status fixtures map to Parley's vocabulary.
 * - round trip through the fake: `sendInbound` is parsed back to the same message; `sendStatus` after a send
 *   parses to that message id and status.
 * - signatures (skipped when `capabilities.signedWebhooks` is false): the fake's signed POST is 'valid'; the same
 *   request with its text altered is 'invalid_signature'; without its signature it is 'missing_signature'.
 * - checkAccount (when `capabilities.balance`): ok with a finite balance; bad credentials give ok:false
 *   with a message instead of throwing.
 * - fetchStatus (when `capabilities.statusPolling`) and fetchInbound (when `capabilities.inboundPolling`):
 *   a sent message can be fetched; a stored inbound message is returned once, and not again with the cursor.
 * - scheduling: `scheduling` is present exactly when `capabilities.providerScheduling` says so; when it is
 *   (the fake must then implement `heldMessages` and `releaseDue`, else the test fails):
 *   a send with `sendAt` inside the window is held (not before that time, less than a minute after it);
 *   cancel removes it and a second cancel is a REJECTED ProviderError; an uncancelled one goes at its
 *   time and its status callback parses to a sent or delivered status for that id.
 *
 * This API (names of the exported types and fields below) is stable; add optional fields only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ClosableHttpClient, createHttpClient } from './http'
import {
  type InboundSms,
  mayHaveBeenSent,
  type OutboundSms,
  ProviderError,
  type ProviderErrorCode,
  type ProviderStatus,
  type SmsProvider,
  type StatusUpdate,
  type WebhookRequest,
} from './provider'
import type { FailureKind, ProviderFake } from './provider-fake'
import { buildWebhookRequest, type CaptureServer, startCaptureServer } from './webhook-request'

export type {
  FailOptions,
  FailureKind,
  FakeInboundSms,
  FakeStatusUpdate,
  ProviderFake,
  RecordedRequest,
  WebhookDelivery,
} from './provider-fake'
export {
  buildWebhookRequest,
  type CaptureServer,
  flattenHeaders,
  formWebhook,
  jsonWebhook,
  readBody,
  startCaptureServer,
} from './webhook-request'

export interface InboundFixture {
  name: string
  request: WebhookRequest
  expected: Array<Partial<InboundSms> & Pick<InboundSms, 'from' | 'to' | 'body'>>
}

export interface StatusFixture {
  name: string
  request: WebhookRequest
  expected: Array<Partial<StatusUpdate> & Pick<StatusUpdate, 'providerMessageId' | 'status'>>
}

export interface ContractFixtures {
  /** A message the fake accepts. */
  outbound: OutboundSms
  /** The number inbound messages are sent to (our number at the provider). */
  ourNumber: string
  /** A number inbound messages come from. */
  candidateNumber: string
  /** Real-shaped payloads, at least one. */
  inbound: InboundFixture[]
  /** Real-shaped payloads, at least one per Parley status the provider reports. */
  statuses: StatusFixture[]
  /** Removes the signature from a signed webhook; default: drops every header whose name has "signature". */
  stripSignature?: (req: WebhookRequest) => WebhookRequest
  /** Failure kinds the provider's API has no equivalent for, with the reason (shown as the skip note). */
  unsupportedFailures?: Partial<Record<FailureKind, string>>
}

export interface ContractEnv {
  /** The adapter must use this client: its short timeout turns a hung request into OUTCOME_UNKNOWN quickly. */
  http: ClosableHttpClient
  /** Public webhook base of the hub's stand-in; the inbound URL is `${webhookBaseUrl}/inbound`, status `/status`. */
  webhookBaseUrl: string
  /** The timeout of `http`, in ms. */
  timeoutMs: number
}

export interface ContractSetup {
  provider: SmsProvider
  fake: ProviderFake
  fixtures: ContractFixtures
  teardown?: () => Promise<void>
}

export const CONTRACT_TIMEOUT_MS = 400
const E164 = /^\+[1-9]\d{6,14}$/

/** Runs `fn`, expecting a ProviderError; fails the test with what happened otherwise. */
export async function expectProviderError(fn: () => Promise<unknown>): Promise<ProviderError> {
  let outcome: unknown
  try {
    outcome = await fn()
  } catch (error) {
    if (error instanceof ProviderError) return error
    throw new Error(`expected a ProviderError, got ${describeThrown(error)}`)
  }
  throw new Error(`expected a ProviderError, but the call resolved with ${JSON.stringify(outcome)}`)
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

function dropSignatureHeaders(req: WebhookRequest): WebhookRequest {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([name]) => !name.toLowerCase().includes('signature')),
  )
  return { ...req, headers }
}

function digits(value: string): string {
  return value.replace(/\D/g, '')
}

const FAILURE_EXPECTATIONS: Record<FailureKind, { code: ProviderErrorCode; retryable: boolean }> = {
  auth: { code: 'AUTH_FAILED', retryable: false },
  rate_limit: { code: 'RATE_LIMITED', retryable: true },
  server_error: { code: 'UNAVAILABLE', retryable: true },
  hang: { code: 'OUTCOME_UNKNOWN', retryable: false },
  malformed: { code: 'MALFORMED_RESPONSE', retryable: false },
  invalid_number: { code: 'INVALID_NUMBER', retryable: false },
  unsubscribed: { code: 'RECIPIENT_UNSUBSCRIBED', retryable: false },
  accept_then_drop: { code: 'OUTCOME_UNKNOWN', retryable: false },
  reset_before_accept: { code: 'OUTCOME_UNKNOWN', retryable: false },
}

export function describeProviderContract(
  name: string,
  setup: (env: ContractEnv) => Promise<ContractSetup>,
): void {
  describe(`provider contract: ${name}`, () => {
    let capture: CaptureServer
    let current: ContractSetup
    let env: ContractEnv

    beforeEach(async () => {
      capture = await startCaptureServer()
      env = {
        http: createHttpClient({ timeoutMs: CONTRACT_TIMEOUT_MS }),
        webhookBaseUrl: `${capture.url}/webhooks/contract-token`,
        timeoutMs: CONTRACT_TIMEOUT_MS,
      }
      current = await setup(env)
    })

    afterEach(async () => {
      await current.teardown?.()
      await current.fake.close()
      await env.http.close()
      await capture.close()
    })

    it('sends: returns a provider message id and makes exactly one request with to, from and body', async () => {
      const { provider, fake, fixtures } = current
      const result = await provider.send(fixtures.outbound)
      expect(typeof result.providerMessageId).toBe('string')
      expect(result.providerMessageId.length).toBeGreaterThan(0)
      expect(fake.requests).toHaveLength(1)
      const sms = fake.requests[0]?.sms
      expect(sms, 'the fake did not recognise the request as a send').toBeDefined()
      expect(digits(sms?.to ?? '')).toBe(digits(fixtures.outbound.to))
      expect(sms?.from).toBe(fixtures.outbound.from)
      expect(sms?.body).toBe(fixtures.outbound.body)
    })

    for (const [kind, expected] of Object.entries(FAILURE_EXPECTATIONS) as Array<
      [FailureKind, { code: ProviderErrorCode; retryable: boolean }]
    >) {
      it(`maps failure "${kind}" to ${expected.code} (retryable: ${expected.retryable})`, async (ctx) => {
        const { provider, fake, fixtures } = current
        const unsupported = fixtures.unsupportedFailures?.[kind]
        if (unsupported !== undefined) ctx.skip(unsupported)
        fake.failNext(kind, { retryAfterSeconds: 7 })
        const error = await expectProviderError(() => provider.send(fixtures.outbound))
        expect({ code: error.code, retryable: error.retryable }).toEqual(expected)
        expect(error.message.length).toBeGreaterThan(0)
        if (kind === 'rate_limit') expect(error.retryAfterMs).toBe(7000)
        const retried = await provider.send(fixtures.outbound)
        expect(retried.providerMessageId.length).toBeGreaterThan(0)
      })
    }

    const sentQuery = (sms: OutboundSms, after: Date) => ({
      reference: sms.reference,
      to: sms.to,
      from: sms.from,
      body: sms.body,
      after: after.toISOString(),
    })

    it('finds a message the provider stored before the connection dropped (accept_then_drop)', async (ctx) => {
      const { provider, fake, fixtures } = current
      const started = new Date()
      fake.failNext('accept_then_drop')
      const error = await expectProviderError(() => provider.send(fixtures.outbound))
      expect(mayHaveBeenSent(error), error.message).toBe(true)
      if (!provider.findSent) ctx.skip(`${name} cannot be asked whether it has a message`)
      const found = await provider.findSent!(sentQuery(fixtures.outbound, started))
      expect(found?.providerMessageId.length).toBeGreaterThan(0)
    })

    it('finds nothing after a reset before the provider stored it (reset_before_accept)', async (ctx) => {
      const { provider, fake, fixtures } = current
      const started = new Date()
      fake.failNext('reset_before_accept')
      const error = await expectProviderError(() => provider.send(fixtures.outbound))
      expect(mayHaveBeenSent(error), error.message).toBe(true)
      if (!provider.findSent) ctx.skip(`${name} cannot be asked whether it has a message`)
      expect(await provider.findSent!(sentQuery(fixtures.outbound, started))).toBeNull()
    })

    it('parses inbound fixtures to E.164 numbers and text', () => {
      const { provider, fixtures } = current
      expect(fixtures.inbound.length).toBeGreaterThan(0)
      for (const fixture of fixtures.inbound) {
        const parsed = provider.parseInbound(fixture.request)
        expect(parsed, fixture.name).toMatchObject(fixture.expected)
        for (const sms of parsed) {
          expect(sms.from, fixture.name).toMatch(E164)
          expect(sms.to, fixture.name).toMatch(E164)
          expect(sms.providerMessageId.length, fixture.name).toBeGreaterThan(0)
          expect(Number.isNaN(Date.parse(sms.receivedAt)), `${fixture.name} receivedAt`).toBe(false)
        }
      }
    })

    it("maps status fixtures to Parley's status vocabulary", () => {
      const { provider, fixtures } = current
      expect(fixtures.statuses.length).toBeGreaterThan(0)
      const vocabulary: ProviderStatus[] = ['queued', 'sent', 'delivered', 'undelivered', 'failed']
      for (const fixture of fixtures.statuses) {
        const parsed = provider.parseStatus(fixture.request)
        expect(parsed, fixture.name).toMatchObject(fixture.expected)
        for (const update of parsed) expect(vocabulary, fixture.name).toContain(update.status)
      }
    })

    it('parses an inbound message the fake delivers over HTTP', async () => {
      const { provider, fake, fixtures } = current
      const text = 'Contract check: original text, café ✓'
      const delivery = await fake.sendInbound(`${env.webhookBaseUrl}/inbound`, {
        from: fixtures.candidateNumber,
        to: fixtures.ourNumber,
        body: text,
      })
      expect(delivery.status).toBe(200)
      expect(capture.received).toHaveLength(1)
      const [sms] = provider.parseInbound(capture.received[0]!)
      expect(sms?.body).toBe(text)
      expect(sms?.from).toBe(fixtures.candidateNumber)
      expect(sms?.to).toBe(fixtures.ourNumber)
    })

    it('parses a status callback the fake delivers for a sent message', async () => {
      const { provider, fake, fixtures } = current
      const { providerMessageId } = await provider.send(fixtures.outbound)
      await fake.sendStatus(`${env.webhookBaseUrl}/status`, { providerMessageId, status: 'delivered' })
      expect(capture.received).toHaveLength(1)
      const updates = provider.parseStatus(capture.received[0]!)
      expect(updates).toMatchObject([{ providerMessageId, status: 'delivered' }])
    })

    it('verifies webhook signatures: valid, tampered, missing', async (ctx) => {
      const { provider, fake, fixtures } = current
      if (!provider.capabilities.signedWebhooks) ctx.skip(`${name} does not sign its webhooks`)
      await fake.sendInbound(`${env.webhookBaseUrl}/inbound`, {
        from: fixtures.candidateNumber,
        to: fixtures.ourNumber,
        body: 'Contract check: original text',
      })
      const signed = capture.received[0]!
      expect(provider.verifyWebhook(signed)).toBe('valid')
      const tampered = buildWebhookRequest({
        method: signed.method,
        url: signed.url.replace('original', 'tampered'),
        headers: signed.headers,
        rawBody: signed.rawBody.replace('original', 'tampered'),
      })
      expect(tampered.rawBody + tampered.url).toContain('tampered')
      expect(provider.verifyWebhook(tampered)).toBe('invalid_signature')
      const strip = fixtures.stripSignature ?? dropSignatureHeaders
      expect(provider.verifyWebhook(strip(signed))).toBe('missing_signature')
    })

    it('checks the account: a balance with good credentials, ok:false with bad ones', async (ctx) => {
      const { provider, fake } = current
      if (!provider.capabilities.balance || !provider.checkAccount) {
        ctx.skip(`${name} has no balance check`)
      }
      const check = provider.checkAccount!
      const good = await check.call(provider)
      expect(good.ok).toBe(true)
      expect(Number.isFinite(good.balance)).toBe(true)
      fake.failNext('auth')
      const bad = await check.call(provider)
      expect(bad.ok).toBe(false)
      expect(bad.message.length).toBeGreaterThan(0)
    })

    it('fetches the status of a sent message', async (ctx) => {
      const { provider, fixtures } = current
      if (!provider.capabilities.statusPolling || !provider.fetchStatus) {
        ctx.skip(`${name} cannot poll message status`)
      }
      const { providerMessageId } = await provider.send(fixtures.outbound)
      const update = await provider.fetchStatus!(providerMessageId)
      expect(update?.providerMessageId).toBe(providerMessageId)
      expect(['queued', 'sent', 'delivered', 'undelivered', 'failed']).toContain(update?.status)
    })

    it('has a scheduling API exactly when it claims provider-side scheduling', () => {
      const { provider } = current
      expect(Boolean(provider.scheduling)).toBe(provider.capabilities.providerScheduling)
    })

    const holdOne = async () => {
      const { provider, fake, fixtures } = current
      const scheduling = provider.scheduling!
      expect(fake.heldMessages, `${name} schedules, so its fake must implement heldMessages`).toBeDefined()
      const sendAt = new Date(Date.now() + scheduling.window.minLeadMs + 30 * 60_000)
      sendAt.setUTCSeconds(20, 0)
      const { providerMessageId } = await provider.send({
        ...fixtures.outbound,
        sendAt: sendAt.toISOString(),
      })
      const held = fake.heldMessages!()
      expect(held.map((h) => h.providerMessageId)).toEqual([providerMessageId])
      const delay = Date.parse(held[0]!.sendAt) - sendAt.getTime()
      expect(delay, 'held for a time before the one asked').toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(60_000)
      return { scheduling, providerMessageId, sendAt }
    }

    it('holds a message for later and cancels it (provider-side scheduling)', async (ctx) => {
      const { provider, fake, fixtures } = current
      if (!provider.scheduling) ctx.skip(`${name} does not schedule on its side`)
      const { scheduling, providerMessageId } = await holdOne()
      const reference = fixtures.outbound.reference
      await scheduling.cancel({ providerMessageId, reference })
      expect(fake.heldMessages!()).toEqual([])
      const again = await expectProviderError(() => scheduling.cancel({ providerMessageId, reference }))
      expect({ code: again.code, retryable: again.retryable }).toEqual({ code: 'REJECTED', retryable: false })
    })

    it('sends a held message at its time and reports it', async (ctx) => {
      const { provider, fake } = current
      if (!provider.scheduling) ctx.skip(`${name} does not schedule on its side`)
      expect(fake.releaseDue, `${name} schedules, so its fake must implement releaseDue`).toBeDefined()
      const { providerMessageId, sendAt } = await holdOne()
      expect(await fake.releaseDue!(new Date(sendAt.getTime() - 60_000))).toEqual([])
      const deliveries = await fake.releaseDue!(new Date(sendAt.getTime() + 60_000))
      expect(deliveries.map((d) => d.status)).toEqual([200])
      const updates = capture.received.flatMap((req) => provider.parseStatus(req))
      expect(updates).toHaveLength(1)
      expect(updates[0]?.providerMessageId).toBe(providerMessageId)
      expect(['sent', 'delivered']).toContain(updates[0]?.status)
      expect(fake.heldMessages!()).toEqual([])
    })

    it('polls inbound messages once each, moving the cursor on', async (ctx) => {
      const { provider, fake, fixtures } = current
      if (!provider.capabilities.inboundPolling || !provider.fetchInbound) {
        ctx.skip(`${name} cannot poll inbound messages`)
      }
      const fetchInbound = provider.fetchInbound!.bind(provider)
      const id = fake.addInbound({
        from: fixtures.candidateNumber,
        to: fixtures.ourNumber,
        body: 'Polled reply',
      })
      const first = await fetchInbound(null)
      expect(first.messages).toMatchObject([
        {
          providerMessageId: id,
          from: fixtures.candidateNumber,
          to: fixtures.ourNumber,
          body: 'Polled reply',
        },
      ])
      const second = await fetchInbound(first.cursor)
      expect(second.messages.map((m) => m.providerMessageId)).not.toContain(id)
    })
  })
}
