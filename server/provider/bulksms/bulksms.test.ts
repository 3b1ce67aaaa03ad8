import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeProviderContract, expectProviderError } from '../contract'
import { type ClosableHttpClient, createHttpClient } from '../http'
import type { OutboundSms, SmsProvider } from '../provider'
import { type BulkSmsFake, startBulkSmsFake } from './bulksms.fake'
import { userSuppliedIdOf } from './bulksms.messages'
import { bulkSmsDefinition } from './bulksms.provider'
import { bulkSmsInboundFixtures, bulkSmsStatusFixtures } from './fixtures/bulksms.fixtures'

const outbound: OutboundSms = {
  reference: '0194a3b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b',
  to: '+447700900123',
  from: '+447700900001',
  body: 'Hi Sam, are you free for a call about the Leeds role?',
}

/** The lookup after an unknown outcome, as the dispatcher asks it (this provider goes by the reference). */
const sentQuery = (reference: string) => ({ ...outbound, reference, after: '2026-01-01T00:00:00.000Z' })

describeProviderContract('bulksms', async (env) => {
  const fake = await startBulkSmsFake()
  const provider = bulkSmsDefinition.create(
    { username: fake.username, password: fake.password },
    { http: env.http, baseUrl: fake.url, webhookBaseUrl: env.webhookBaseUrl },
  )
  return {
    provider,
    fake,
    fixtures: {
      outbound,
      ourNumber: '+447700900001',
      candidateNumber: '+447700900456',
      inbound: bulkSmsInboundFixtures,
      statuses: bulkSmsStatusFixtures,
    },
  }
})

describe('bulksms adapter', () => {
  let fake: BulkSmsFake
  let http: ClosableHttpClient
  let provider: SmsProvider

  async function start(options: { maxPerPage?: number } = {}) {
    fake = await startBulkSmsFake(options)
    provider = bulkSmsDefinition.create(
      { username: fake.username, password: fake.password },
      { http, baseUrl: fake.url },
    )
  }

  beforeEach(async () => {
    http = createHttpClient({ timeoutMs: 2000 })
    await start()
  })
  afterEach(async () => {
    await fake.close()
    await http.close()
  })

  it('sends one JSON SubmissionEntry with Basic auth, auto-unicode and our reference', async () => {
    const result = await provider.send(outbound)
    expect(result).toEqual({ providerMessageId: fake.messages[0]?.id, status: 'queued' })
    const [req] = fake.requests
    expect(req).toMatchObject({ method: 'POST', path: '/v1/messages', query: { 'auto-unicode': 'true' } })
    expect(req?.headers.authorization).toBe(
      `Basic ${Buffer.from('fake-token-id:fake-token-secret').toString('base64')}`,
    )
    expect(req?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(req?.rawBody ?? '')).toEqual({
      to: '+447700900123',
      body: outbound.body,
      from: '+447700900001',
      userSuppliedId: userSuppliedIdOf(outbound.reference),
      longMessageMaxParts: 10,
    })
  })

  it('is stored as TEXT when GSM-7 can carry it, else as UNICODE (the fake asks core/gsm7)', async () => {
    for (const body of ['Form feed \f, ¤ and € are GSM-7', 'A backtick ` is not']) {
      await provider.send({ ...outbound, body })
    }
    expect(fake.messages.map((m) => m.encoding)).toEqual(['TEXT', 'UNICODE'])
  })

  it('asks for a repliable sender when the connection has no sender id', async () => {
    await provider.send({ ...outbound, from: '' })
    expect(JSON.parse(fake.requests[0]?.rawBody ?? '').from).toEqual({ type: 'REPLIABLE' })
  })

  it('keeps references of up to 20 characters and hashes longer ones to 20', () => {
    expect(userSuppliedIdOf('msg-42')).toBe('msg-42')
    const hashed = userSuppliedIdOf(outbound.reference)
    expect(hashed).toMatch(/^[0-9a-f]{20}$/)
    expect(userSuppliedIdOf('0194a3b2-7c1d-7e2f-8a9b-0c1d2e3f4a5c')).not.toBe(hashed)
  })

  it.each([
    [
      403,
      {
        type: 'https://developer.bulksms.com/json/v1/errors#insufficient-credits',
        title: 'Insufficient Credits',
        status: 403,
      },
      'INSUFFICIENT_FUNDS',
      'insufficient-credits',
    ],
    [
      400,
      {
        type: 'https://developer.bulksms.com/json/v1/errors#bad-request',
        title: 'Bad Request',
        status: 400,
        detail: 'The "from" address "Acme Recruitment" is too long',
      },
      'INVALID_SENDER',
      'bad-request',
    ],
    [
      400,
      {
        type: 'https://developer.bulksms.com/json/v1/errors/#bad-request',
        title: 'Bad Request',
        status: 400,
        detail: 'Unable to parse the body',
      },
      'REJECTED',
      'bad-request',
    ],
  ] as const)('classifies HTTP %i problem documents (%#)', async (status, problem, code, providerCode) => {
    fake.failNextWith(status, problem)
    const error = await expectProviderError(() => provider.send(outbound))
    expect(error).toMatchObject({ code, retryable: false, httpStatus: status, providerCode })
  })

  it('turns a 201 with FAILED.BLOCKED into RECIPIENT_UNSUBSCRIBED', async () => {
    fake.failNext('unsubscribed')
    const error = await expectProviderError(() => provider.send(outbound))
    expect(error).toMatchObject({
      code: 'RECIPIENT_UNSUBSCRIBED',
      providerCode: 'FAILED.BLOCKED',
      retryable: false,
    })
    expect(error.message).toMatch(/STOP/)
  })

  it('polls replies page by page while pages are short, then only newer ones', async () => {
    await fake.close()
    await start({ maxPerPage: 3 })
    const ids = Array.from({ length: 8 }, (_, i) =>
      fake.addInbound({ from: '+447700900456', to: '+447700900001', body: `Reply ${i}` }),
    )
    const first = await provider.fetchInbound!(null)
    expect(first.messages.map((m) => m.providerMessageId)).toEqual(ids)
    expect(first.cursor).toBe(ids[7])
    const filters = fake.requests.map((r) => r.query.filter)
    expect(filters[0]).toMatch(/^type=RECEIVED&submission\.date>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(filters.slice(1)).toEqual([
      `type=RECEIVED&id>${ids[2]}`,
      `type=RECEIVED&id>${ids[5]}`,
      `type=RECEIVED&id>${ids[7]}`,
    ])
    expect(fake.requests.every((r) => r.query.sortOrder === 'ASCENDING')).toBe(true)

    const none = await provider.fetchInbound!(first.cursor)
    expect(none).toEqual({ messages: [], cursor: ids[7] })
    const later = fake.addInbound({ from: '+447700900789', to: '+447700900001', body: 'Late reply' })
    const next = await provider.fetchInbound!(none.cursor)
    expect(next.messages).toMatchObject([
      { providerMessageId: later, from: '+447700900789', body: 'Late reply' },
    ])
  })

  it('fetches one message status, and null when BulkSMS does not know the id', async () => {
    const { providerMessageId } = await provider.send(outbound)
    fake.setStatus(providerMessageId, 'undelivered', 'HANDSET_ERROR')
    expect(await provider.fetchStatus!(providerMessageId)).toMatchObject({
      providerMessageId,
      status: 'undelivered',
      errorCode: 'FAILED.HANDSET_ERROR',
    })
    expect(await provider.fetchStatus!('1')).toBeNull()
  })

  it('finds a sent message by our reference through userSuppliedId', async () => {
    const { providerMessageId } = await provider.send(outbound)
    expect(await provider.findSent!(sentQuery(outbound.reference))).toEqual({
      providerMessageId,
      status: 'queued',
    })
    expect(fake.requests.at(-1)?.query.filter).toBe(
      `type=SENT&userSuppliedId=${userSuppliedIdOf(outbound.reference)}`,
    )
    expect(await provider.findSent!(sentQuery('never-sent'))).toBeNull()
  })

  it('reads the credit balance from the profile, and reports bad credentials without throwing', async () => {
    expect(await provider.checkAccount!()).toMatchObject({ ok: true, balance: 1250.5 })
    const wrong = bulkSmsDefinition.create(
      { username: fake.username, password: 'nope' },
      { http, baseUrl: fake.url },
    )
    const check = await wrong.checkAccount!()
    expect(check.ok).toBe(false)
    expect(check.message).toMatch(/did not accept/)
  })

  it('keeps status and reply posts apart when both arrive on one URL', () => {
    const mixed = { ...bulkSmsStatusFixtures[0]!.request }
    const receivedItems = (bulkSmsInboundFixtures[0]!.request.body as unknown[]) ?? []
    mixed.body = [...(mixed.body as unknown[]), ...receivedItems]
    expect(provider.parseStatus(mixed)).toHaveLength(1)
    expect(provider.parseInbound(mixed)).toHaveLength(1)
    expect(provider.verifyWebhook(mixed)).toBe('valid')
  })
})
