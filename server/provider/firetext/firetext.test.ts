import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeProviderContract, expectProviderError } from '../contract'
import { type ClosableHttpClient, createHttpClient } from '../http'
import type { OutboundSms, SmsProvider } from '../provider'
import { type FireTextFake, startFireTextFake } from './firetext.fake'
import { fromFireTextNumber, parseUkLocal, toFireTextSchedule } from './firetext.format'
import { parseSendReply } from './firetext.http'
import { selectNew } from './firetext.polling'
import { FIRETEXT_PAGE_SIZE, fireTextDefinition } from './firetext.provider'
import { fireTextInboundFixtures, fireTextStatusFixtures } from './fixtures/firetext.fixtures'

const outbound: OutboundSms = {
  reference: '0194a3b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b',
  to: '+447700900123',
  from: 'AcmeJobs',
  body: 'Hi Sam, are you free for a call about the Leeds role?',
}

/** The lookup after an unknown outcome, as the dispatcher asks it (this provider goes by the reference). */
const sentQuery = (reference: string) => ({ ...outbound, reference, after: '2026-01-01T00:00:00.000Z' })

describeProviderContract('firetext', async (env) => {
  const fake = await startFireTextFake()
  const provider = fireTextDefinition.create(
    { apiKey: fake.apiKey },
    { http: env.http, baseUrl: fake.url, webhookBaseUrl: env.webhookBaseUrl },
  )
  return {
    provider,
    fake,
    fixtures: {
      outbound,
      ourNumber: '+447700900001',
      candidateNumber: '+447700900456',
      inbound: fireTextInboundFixtures,
      statuses: fireTextStatusFixtures,
      unsupportedFailures: {
        unsubscribed:
          "FireText documents no send reply for an unsubscribed recipient; Parley's own opt-out list stops those sends",
      },
    },
  }
})

describe('firetext adapter', () => {
  let fake: FireTextFake
  let http: ClosableHttpClient
  let provider: SmsProvider
  const webhookBaseUrl = 'https://parley.example/webhooks/firetext/tok_1'

  beforeEach(async () => {
    fake = await startFireTextFake()
    http = createHttpClient({ timeoutMs: 2000 })
    provider = fireTextDefinition.create({ apiKey: fake.apiKey }, { http, baseUrl: fake.url, webhookBaseUrl })
  })
  afterEach(async () => {
    await fake.close()
    await http.close()
  })

  it('sends a form POST with the key as a field, numbers without "+", our id as reference and the receipt URL', async () => {
    const result = await provider.send(outbound)
    expect(result).toEqual({ providerMessageId: outbound.reference })
    const [req] = fake.requests
    expect(req?.method).toBe('POST')
    expect(req?.path).toBe('/api/sendsms')
    expect(req?.query).toEqual({})
    expect(Object.fromEntries(new URLSearchParams(req?.rawBody))).toEqual({
      apiKey: fake.apiKey,
      to: '447700900123',
      from: 'AcmeJobs',
      message: outbound.body,
      reference: outbound.reference,
      receipt: `${webhookBaseUrl}/status`,
    })
  })

  it('asks for Unicode only when the text has characters outside the GSM alphabet', async () => {
    await provider.send({ ...outbound, body: 'Café at 10? Bring £5 and your CV' })
    await provider.send({ ...outbound, body: 'Great news 🎉 you got the job' })
    const unicode = fake.requests.map((r) => new URLSearchParams(r.rawBody).get('unicode'))
    expect(unicode).toEqual([null, '1'])
  })

  it('uses the per-message status URL when the hub gives one', async () => {
    await provider.send({ ...outbound, statusCallbackUrl: 'https://hub.example/s/1' })
    expect(new URLSearchParams(fake.requests[0]?.rawBody).get('receipt')).toBe('https://hub.example/s/1')
  })

  it('reads the plain-text reply "code:credits description"', () => {
    expect(parseSendReply('0:12 SMS successfully queued')).toEqual({
      code: '0',
      credits: 12,
      description: 'SMS successfully queued',
    })
    expect(parseSendReply('7:0 Insufficient credit')?.code).toBe('7')
    expect(parseSendReply('<html>')).toBeNull()
  })

  it.each([
    [3, 'INVALID_SENDER', /sender/],
    [7, 'INSUFFICIENT_FUNDS', /run out of credit/],
    [12, 'REJECTED', /loop/],
    [42, 'REJECTED', /code 42/],
  ] as const)(
    'classifies reply code %i as %s, not retryable, keeping the code',
    async (code, expected, words) => {
      fake.failNextWithCode(code, 'Some description')
      const error = await expectProviderError(() => provider.send(outbound))
      expect(error).toMatchObject({
        code: expected,
        retryable: false,
        providerCode: String(code),
        httpStatus: 200,
      })
      expect(error.message).toMatch(words)
    },
  )

  it('fetches the delivery report of a sent message by reference, and null for an unknown one', async () => {
    const { providerMessageId } = await provider.send(outbound)
    fake.setStatus(providerMessageId, 'undelivered')
    expect(await provider.fetchStatus!(providerMessageId)).toMatchObject({
      providerMessageId,
      status: 'undelivered',
      errorMessage: 'The mobile network could not deliver the message',
    })
    expect(await provider.fetchStatus!('no-such-reference')).toBeNull()
    expect(await provider.findSent!(sentQuery(outbound.reference))).toEqual({
      providerMessageId: outbound.reference,
      status: 'undelivered',
    })
    expect(await provider.findSent!(sentQuery('never-sent'))).toBeNull()
  })

  it('polls every page of received messages, then only what is new', async () => {
    const total = FIRETEXT_PAGE_SIZE * 2 + 30
    for (let i = 0; i < total; i++)
      fake.addInbound({ from: '+447700900456', to: '+447700900001', body: `Reply ${i}` })
    const first = await provider.fetchInbound!(null)
    expect(first.messages).toHaveLength(total)
    expect(new Set(first.messages.map((m) => m.providerMessageId)).size).toBe(total)
    const pages = fake.requests.map((r) => new URLSearchParams(r.rawBody))
    expect(pages.map((p) => p.get('page'))).toEqual(['1', '2', '3'])
    expect(
      pages.every(
        (p) => p.get('pp') === String(FIRETEXT_PAGE_SIZE) && /^\d{4}-\d{2}-\d{2}$/.test(p.get('from') ?? ''),
      ),
    ).toBe(true)

    const again = await provider.fetchInbound!(first.cursor)
    expect(again.messages).toEqual([])
    const id = fake.addInbound({ from: '+447700900789', to: '+447700900001', body: 'One more' })
    const next = await provider.fetchInbound!(again.cursor)
    expect(next.messages).toMatchObject([{ providerMessageId: id, from: '+447700900789', body: 'One more' }])
  })

  it('reads the credit balance, and reports a wrong key without throwing', async () => {
    expect(await provider.checkAccount!()).toMatchObject({ ok: true, balance: 1250 })
    const wrong = fireTextDefinition.create({ apiKey: 'not-the-key' }, { http, baseUrl: fake.url })
    const check = await wrong.checkAccount!()
    expect(check.ok).toBe(false)
    expect(check.message).toMatch(/API key/)
  })

  it('says webhooks are valid: the URL token is the protection', () => {
    expect(provider.capabilities.signedWebhooks).toBe(false)
    expect(provider.verifyWebhook(fireTextStatusFixtures[0]!.request)).toBe('valid')
  })
})

describe('firetext formats', () => {
  it('turns UK national and international numbers into E.164, and leaves names alone', () => {
    expect(fromFireTextNumber('07700 900123')).toBe('+447700900123')
    expect(fromFireTextNumber('447700900123')).toBe('+447700900123')
    expect(fromFireTextNumber('+33612345678')).toBe('+33612345678')
    expect(fromFireTextNumber('0033612345678')).toBe('+33612345678')
    expect(fromFireTextNumber('FireText')).toBe('FireText')
  })

  it('reads UK wall-clock times across the clock changes', () => {
    expect(parseUkLocal('2026-01-05 09:00:00')).toBe('2026-01-05T09:00:00.000Z')
    expect(parseUkLocal('2026-07-14 10:30:00')).toBe('2026-07-14T09:30:00.000Z')
    expect(parseUkLocal('2026-10-25 00:59:59')).toBe('2026-10-24T23:59:59.000Z')
    expect(parseUkLocal('2026-10-25 02:00:00')).toBe('2026-10-25T02:00:00.000Z')
    expect(parseUkLocal('2026-10-25 01:30:00')).toBe('2026-10-25T01:30:00.000Z')
    expect(parseUkLocal('yesterday')).toBeNull()
  })

  it('writes a schedule time in UK wall-clock minutes, rounding seconds up so it never goes early', () => {
    expect(toFireTextSchedule('2026-01-05T09:00:00.000Z')).toBe('2026-01-05 09:00')
    expect(toFireTextSchedule('2026-07-14T09:30:00.000Z')).toBe('2026-07-14 10:30')
    expect(toFireTextSchedule('2026-07-14T09:30:01.000Z')).toBe('2026-07-14 10:31')
    expect(toFireTextSchedule('2026-12-31T23:59:30.000Z')).toBe('2027-01-01 00:00')
  })

  it('keeps messages received in the same second as the cursor unless already returned', () => {
    const at = '2026-01-05T09:00:00.000Z'
    const sms = (id: string, receivedAt = at) => ({
      providerMessageId: id,
      from: '+1',
      to: '+2',
      body: '',
      receivedAt,
    })
    const cursor = { from: '2026-01-05', since: at, seen: ['a'] }
    const result = selectNew([sms('a'), sms('b'), sms('old', '2026-01-05T08:59:59.000Z')], cursor)
    expect(result.messages.map((m) => m.providerMessageId)).toEqual(['b'])
    expect(result.cursor).toEqual({ from: '2026-01-05', since: at, seen: ['a', 'b'] })
  })
})
