import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  buildWebhookRequest,
  describeProviderContract,
  expectProviderError,
  startCaptureServer,
} from '../contract'
import { type ClosableHttpClient, createHttpClient } from '../http'
import type { OutboundSms, SmsProvider, WebhookRequest } from '../provider'
import { vonageInboundFixtures, vonageJson, vonageStatusFixtures } from './fixtures/vonage.fixtures'
import type { VonageSignatureMethod } from './vonage.config'
import { startVonageFake, type VonageFake, type WebhookStyle } from './vonage.fake'
import { vonageDefinition } from './vonage.provider'
import { signVonageParams } from './vonage.signature'

const outbound: OutboundSms = {
  reference: '0194a3b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b',
  to: '+447700900123',
  from: 'AcmeJobs',
  body: 'Hi Sam, are you free for a call about the Leeds role?',
}
const SIGNATURE_SECRET = 'vonage-signature-secret'

/** Drops `sig` from a JSON, form or query webhook. */
function stripSig(req: WebhookRequest): WebhookRequest {
  const url = new URL(req.url)
  url.searchParams.delete('sig')
  const body = { ...(req.body as Record<string, string>) }
  delete body.sig
  const isJson = (req.headers['content-type'] ?? '').includes('json')
  const rawBody = isJson ? JSON.stringify(body) : new URLSearchParams(body).toString()
  return buildWebhookRequest({ method: req.method, url: url.toString(), headers: req.headers, rawBody })
}

describeProviderContract('vonage', async (env) => {
  const fake = await startVonageFake({ signatureSecret: SIGNATURE_SECRET })
  const provider = vonageDefinition.create(
    { apiKey: fake.apiKey, apiSecret: fake.apiSecret, signatureSecret: SIGNATURE_SECRET },
    { http: env.http, baseUrl: fake.url, webhookBaseUrl: env.webhookBaseUrl },
  )
  return {
    provider,
    fake,
    fixtures: {
      outbound,
      ourNumber: '+447700900001',
      candidateNumber: '+447700900456',
      inbound: vonageInboundFixtures,
      statuses: vonageStatusFixtures,
      stripSignature: stripSig,
    },
  }
})

describe('vonage adapter', () => {
  let fake: VonageFake
  let http: ClosableHttpClient
  let provider: SmsProvider
  const webhookBaseUrl = 'https://parley.example/webhooks/vonage/tok_1'

  beforeEach(async () => {
    fake = await startVonageFake()
    http = createHttpClient({ timeoutMs: 2000 })
    provider = vonageDefinition.create(
      { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
      { http, baseUrl: fake.url, webhookBaseUrl },
    )
  })
  afterEach(async () => {
    await fake.close()
    await http.close()
  })

  it('sends a form POST to /sms/json with key, secret, digits-only number, client-ref and callback', async () => {
    const result = await provider.send(outbound)
    expect(result).toEqual({ providerMessageId: fake.sent[0]?.messageId })
    const [req] = fake.requests
    expect(req).toMatchObject({ method: 'POST', path: '/sms/json', query: {} })
    expect(Object.fromEntries(new URLSearchParams(req?.rawBody))).toEqual({
      api_key: fake.apiKey,
      api_secret: fake.apiSecret,
      from: 'AcmeJobs',
      to: '447700900123',
      text: outbound.body,
      type: 'text',
      'client-ref': outbound.reference,
      callback: `${webhookBaseUrl}/status`,
    })
  })

  it('sends non-GSM text as unicode and a numeric sender without "+"', async () => {
    await provider.send({ ...outbound, from: '+447700900001', body: 'Entretien confirmé ✅' })
    const fields = new URLSearchParams(fake.requests[0]?.rawBody)
    expect([fields.get('type'), fields.get('from')]).toEqual(['unicode', '447700900001'])
  })

  it('keeps the first part id of a long text', async () => {
    const result = await provider.send({ ...outbound, body: 'x'.repeat(400) })
    expect(fake.sent).toHaveLength(3)
    expect(result.providerMessageId).toBe(fake.sent[0]?.messageId)
  })

  it('reads the wait out of a throttled reply, in ms, or waits a second', async () => {
    fake.failNextWithStatus('1', 'Throughput Rate Exceeded - please wait [ 250 ] and retry')
    const named = await expectProviderError(() => provider.send(outbound))
    expect(named).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterMs: 250,
      providerCode: '1',
    })
    fake.failNextWithStatus('1', 'Throttled')
    expect((await expectProviderError(() => provider.send(outbound))).retryAfterMs).toBe(1000)
  })

  it.each([
    ['9', 'Partner Quota Violation', 'INSUFFICIENT_FUNDS', false],
    ['15', 'Illegal Sender Address - rejected', 'INVALID_SENDER', false],
    ['3', 'Invalid to address', 'INVALID_NUMBER', false],
    ['3', 'Invalid ttl', 'REJECTED', false],
    ['33', 'Number De-activated', 'INVALID_NUMBER', false],
    ['29', 'Non White-listed Destination - rejected', 'REJECTED', false],
    ['10', 'Too Many Existing Binds', 'RATE_LIMITED', true],
    ['99', 'Something new', 'REJECTED', false],
  ] as const)('classifies send status %s (%s) as %s', async (status, text, code, retryable) => {
    fake.failNextWithStatus(status, text)
    const error = await expectProviderError(() => provider.send(outbound))
    expect(error).toMatchObject({ code, retryable, providerCode: status, httpStatus: 200 })
  })

  it('classifies gateway answers by HTTP status, with Retry-After', async () => {
    fake.failNextWithHttp(429, { 'retry-after': '3' }, 'Too Many Requests')
    expect(await expectProviderError(() => provider.send(outbound))).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 3000,
      httpStatus: 429,
    })
    fake.failNextWithHttp(503, {}, 'Service Unavailable')
    expect(await expectProviderError(() => provider.send(outbound))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    })
  })

  it('reads the balance, and reports a wrong secret without throwing', async () => {
    const good = await provider.checkAccount!()
    expect(good).toMatchObject({ ok: true, balance: 12.5 })
    expect(fake.requests[0]?.headers.authorization).toMatch(/^Basic /)
    expect(fake.requests[0]?.query).toEqual({})
    const wrong = vonageDefinition.create(
      { apiKey: fake.apiKey, apiSecret: 'wrong-secret-000' },
      { http, baseUrl: fake.url },
    )
    const check = await wrong.checkAccount!()
    expect(check.ok).toBe(false)
    expect(check.message).toMatch(/API key and secret/)
  })

  it('accepts every webhook when no signature secret is set', () => {
    expect(provider.capabilities.signedWebhooks).toBe(false)
    expect(provider.verifyWebhook(vonageStatusFixtures[0]!.request)).toBe('valid')
  })
})

describe('vonage signatures', () => {
  const params = { a: '1', b: '2', timestamp: '1461605396' }

  it.each([
    ['md5hash', '6af838ef94998832dbfc29020b564830'],
    ['sha1', '3e19a4e6880fdc2c1426bfd0587c98b9532f0210'],
    ['sha256', 'a321e824b9b816be7c3f28859a31749a098713d39f613c80d455bbaffae1cd24'],
  ] as const)('matches the Vonage SDK test vector for %s', (method, expected) => {
    expect(signVonageParams(params, 'secret', method)).toBe(expected)
  })

  it('replaces "&" and "=" inside values before hashing', () => {
    expect(signVonageParams({ text: 'a=b&c' }, 's')).toBe(signVonageParams({ text: 'a_b_c' }, 's'))
    expect(signVonageParams({ text: 'a=b&c' }, 's')).not.toBe(signVonageParams({ text: 'a-b-c' }, 's'))
  })

  it.each([
    ['json', 'md5hash'],
    ['form', 'sha256'],
    ['get', 'sha512'],
  ] as Array<[WebhookStyle, VonageSignatureMethod]>)(
    'verifies %s webhooks signed with %s, and refuses altered or unsigned ones',
    async (style, method) => {
      const hub = await startCaptureServer()
      const fake = await startVonageFake({
        signatureSecret: SIGNATURE_SECRET,
        signatureMethod: method,
        webhookStyle: style,
      })
      const http = createHttpClient({ timeoutMs: 2000 })
      try {
        const config = {
          apiKey: fake.apiKey,
          apiSecret: fake.apiSecret,
          signatureSecret: SIGNATURE_SECRET,
          signatureMethod: method,
        }
        const provider = vonageDefinition.create(config, { http, baseUrl: fake.url })
        const { providerMessageId } = await provider.send(outbound)
        await fake.sendStatus(`${hub.url}/status`, {
          providerMessageId,
          status: 'undelivered',
          errorCode: '9',
        })
        const [req] = hub.received
        expect(req?.method).toBe(style === 'get' ? 'GET' : 'POST')
        expect(provider.verifyWebhook(req!)).toBe('valid')
        expect(provider.parseStatus(req!)).toMatchObject([
          { providerMessageId, status: 'undelivered', errorCode: '9' },
        ])
        const altered = buildWebhookRequest({
          method: req!.method,
          url: req!.url.replace('err-code=9', 'err-code=0'),
          headers: req!.headers,
          rawBody: req!.rawBody.replace(/err-code("?[:=]"?)9/, 'err-code$10'),
        })
        expect(provider.verifyWebhook(altered)).toBe('invalid_signature')
        expect(provider.verifyWebhook(stripSig(req!))).toBe('missing_signature')
      } finally {
        await fake.close()
        await http.close()
        await hub.close()
      }
    },
  )

  it('refuses a signature made with another secret', () => {
    const signed = { ...params, sig: signVonageParams(params, 'another-secret') }
    const provider = vonageDefinition.create(
      { apiKey: 'k', apiSecret: 's', signatureSecret: 'secret' },
      { http: { request: () => Promise.reject(new Error('no HTTP in this test')) } },
    )
    expect(provider.verifyWebhook(vonageJson('status', signed))).toBe('invalid_signature')
    expect(
      provider.verifyWebhook(
        vonageJson('status', { ...params, sig: signVonageParams(params, 'secret').toUpperCase() }),
      ),
    ).toBe('valid')
  })
})
