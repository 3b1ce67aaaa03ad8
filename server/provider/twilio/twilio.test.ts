import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeProviderContract, expectProviderError, formWebhook, startCaptureServer } from '../contract'
import { type ClosableHttpClient, createHttpClient } from '../http'
import type { SmsProvider } from '../provider'
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CANDIDATE,
  OUR_NUMBER,
  PUBLIC_WEBHOOKS,
  readFixture,
  SERVICE_SID,
  twilioContractFixtures,
  twilioTestConfig,
} from './fixtures/twilio.fixtures'
import type { TwilioConfig } from './twilio.config'
import { startTwilioFake, type TwilioFake } from './twilio.fake'
import { twilioDefinition } from './twilio.provider'
import { signTwilioRequest } from './twilio.signature'

describeProviderContract('twilio', async (env) => {
  const fake = await startTwilioFake({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    numbers: [OUR_NUMBER],
  })
  const provider = twilioDefinition.create(twilioTestConfig, {
    http: env.http,
    baseUrl: fake.url,
    webhookBaseUrl: env.webhookBaseUrl,
  })
  return { provider, fake, fixtures: twilioContractFixtures(`${env.webhookBaseUrl}/status`) }
})

describeProviderContract('twilio through a Messaging Service', async (env) => {
  const fake = await startTwilioFake({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    numbers: [OUR_NUMBER],
  })
  const provider = twilioDefinition.create(
    { ...twilioTestConfig, messagingServiceSid: SERVICE_SID },
    { http: env.http, baseUrl: fake.url, webhookBaseUrl: env.webhookBaseUrl },
  )
  return { provider, fake, fixtures: twilioContractFixtures(`${env.webhookBaseUrl}/status`) }
})

describe('twilio adapter specifics', () => {
  let fake: TwilioFake
  let http: ClosableHttpClient
  const build = (config: Partial<TwilioConfig> = {}, webhookBaseUrl = PUBLIC_WEBHOOKS): SmsProvider =>
    twilioDefinition.create({ ...twilioTestConfig, ...config }, { http, baseUrl: fake.url, webhookBaseUrl })
  const sms = { reference: 'msg_1', to: CANDIDATE, from: OUR_NUMBER, body: 'Hello from Parley' }

  beforeEach(async () => {
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, numbers: [OUR_NUMBER] })
    http = createHttpClient({ timeoutMs: 2000 })
  })
  afterEach(async () => {
    await fake.close()
    await http.close()
  })

  it('posts a form with Basic auth and a per-message StatusCallback', async () => {
    const result = await build().send(sms)
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' })
    const [req] = fake.requests
    expect(req?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`)
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(req?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    )
    expect(Object.fromEntries(new URLSearchParams(req?.rawBody))).toEqual({
      To: CANDIDATE,
      From: OUR_NUMBER,
      Body: 'Hello from Parley',
      StatusCallback: `${PUBLIC_WEBHOOKS}/status`,
    })
  })

  it('sends through a Messaging Service without a From, reporting accepted as queued', async () => {
    const provider = build({ from: undefined, messagingServiceSid: SERVICE_SID })
    const result = await provider.send({ ...sms, from: '' })
    expect(result.status).toBe('queued')
    const form = new URLSearchParams(fake.requests[0]?.rawBody)
    expect(form.get('MessagingServiceSid')).toBe(SERVICE_SID)
    expect(form.has('From')).toBe(false)
    expect(fake.messages[0]?.status).toBe('accepted')
  })

  it('refuses wrong credentials as AUTH_FAILED with Twilio code 20003', async () => {
    const error = await expectProviderError(() =>
      build({ authToken: 'ffffffffffffffffffffffffffffffff' }).send(sms),
    )
    expect(error).toMatchObject({
      code: 'AUTH_FAILED',
      retryable: false,
      httpStatus: 401,
      providerCode: '20003',
    })
  })

  it('blocks a candidate who texted STOP (21610) until they text START, as Twilio does', async () => {
    const provider = build()
    const hub = await startCaptureServer()
    await fake.sendInbound(`${hub.url}/inbound`, { from: CANDIDATE, to: OUR_NUMBER, body: 'stop' })
    await hub.close()
    expect(fake.isBlocked(CANDIDATE, OUR_NUMBER)).toBe(true)
    const error = await expectProviderError(() => provider.send(sms))
    expect(error).toMatchObject({ code: 'RECIPIENT_UNSUBSCRIBED', retryable: false, providerCode: '21610' })
    expect(error.message).toContain('replied STOP')
    fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'START' })
    await expect(provider.send(sms)).resolves.toHaveProperty('providerMessageId')
  })

  it('classifies unknown 4xx as REJECTED and a 2xx without a sid as MALFORMED_RESPONSE', async () => {
    const tooLong = await expectProviderError(() => build().send({ ...sms, body: 'x'.repeat(1601) }))
    expect(tooLong).toMatchObject({ code: 'REJECTED', retryable: false, providerCode: '21617' })
    const noSid = twilioDefinition.create(twilioTestConfig, {
      http: { request: async () => ({ status: 201, headers: {}, text: async () => '{"status":"queued"}' }) },
    })
    const error = await expectProviderError(() => noSid.send(sms))
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', retryable: false })
  })

  it('answers the API with the shapes of the spec (string counters, RFC 2822 dates, paging fields)', async () => {
    await build().send(sms)
    const created = JSON.parse(readFixture('message-created.json')) as Record<string, unknown>
    const auth = { authorization: fake.requests[0]?.headers.authorization ?? '' }
    const res = await http.request(
      `${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?PageSize=1`,
      {
        method: 'GET',
        headers: auth,
      },
    )
    const page = JSON.parse(await res.text()) as Record<string, unknown>
    const specPage = JSON.parse(readFixture('messages-page.json')) as Record<string, unknown>
    expect(Object.keys(page).sort()).toEqual(Object.keys(specPage).sort())
    const [message] = page.messages as Array<Record<string, unknown>>
    expect(Object.keys(message ?? {}).sort()).toEqual(Object.keys(created).sort())
    expect(message?.num_segments).toBe('1')
    expect(message?.date_created).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
    )
  })

  it('maps Twilio statuses and error codes to words a recruiter understands', () => {
    const provider = build()
    const status = (fields: Record<string, string>) =>
      provider.parseStatus(formWebhook(`${PUBLIC_WEBHOOKS}/status`, { MessageSid: 'SM1', ...fields }))
    expect(status({ MessageStatus: 'sending' })).toMatchObject([{ status: 'queued' }])
    expect(status({ MessageStatus: 'read' })).toMatchObject([{ status: 'delivered' }])
    expect(status({ MessageStatus: 'canceled' })).toMatchObject([{ status: 'cancelled', errorMessage: null }])
    expect(status({ MessageStatus: 'undelivered', ErrorCode: '30007' })).toMatchObject([
      { status: 'undelivered', errorCode: '30007', errorMessage: expect.stringContaining('spam') },
    ])
    expect(status({ MessageStatus: 'undelivered', ErrorCode: '39999' })[0]?.errorMessage).toContain('39999')
    expect(status({ MessageStatus: 'received' })).toEqual([])
    expect(status({ MessageStatus: 'delivered', ErrorCode: '0' })).toMatchObject([{ errorCode: null }])
  })

  it('replies to webhooks with empty TwiML', () => {
    expect(build().webhookReply?.('inbound')).toEqual({
      contentType: 'text/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    })
  })

  it('fetches the status Twilio holds, with the error code of an undelivered message', async () => {
    const provider = build()
    const { providerMessageId } = await provider.send(sms)
    const hub = await startCaptureServer()
    await fake.sendStatus(`${hub.url}/status`, {
      providerMessageId,
      status: 'undelivered',
      errorCode: '30005',
    })
    await hub.close()
    expect(hub.received[0]?.body).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30005' })
    await expect(provider.fetchStatus?.(providerMessageId)).resolves.toEqual({
      providerMessageId,
      status: 'undelivered',
      errorCode: '30005',
      errorMessage: 'The number does not exist or is no longer in service',
    })
    await expect(provider.fetchStatus?.(`SM${'0'.repeat(32)}`)).resolves.toBeNull()
  })

  it('polls inbound across pages, skipping outbound and other numbers', async () => {
    const provider = build()
    await provider.send(sms)
    fake.addInbound({ from: CANDIDATE, to: '+447700900999', body: 'to another number' })
    const ids = Array.from({ length: 130 }, (_, i) =>
      fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: `reply ${i}` }),
    )
    const first = await provider.fetchInbound!(null)
    expect(first.messages.map((m) => m.providerMessageId).sort()).toEqual([...ids].sort())
    const listCalls = fake.requests.filter((r) => r.method === 'GET')
    expect(listCalls).toHaveLength(2)
    expect(listCalls[0]?.query).toMatchObject({ To: OUR_NUMBER, PageSize: '100' })
    expect(listCalls[0]?.query['DateSent>']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    expect(listCalls[1]?.query).toMatchObject({ Page: '1', PageToken: expect.stringMatching(/^PA/) })
    const later = fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'one more' })
    const second = await provider.fetchInbound!(first.cursor)
    expect(second.messages.map((m) => m.providerMessageId)).toEqual([later])
  })

  it('returns a row once when the list shifts between pages', async () => {
    const row = (sid: string) => ({
      sid,
      status: 'received',
      direction: 'inbound',
      from: CANDIDATE,
      to: OUR_NUMBER,
      body: sid,
      date_sent: new Date().toUTCString().replace('GMT', '+0000'),
    })
    const pages = [
      { messages: [row('SMb'), row('SMa')], next_page_uri: '/2010-04-01/next' },
      { messages: [row('SMa')], next_page_uri: null },
    ]
    const provider = twilioDefinition.create(twilioTestConfig, {
      http: {
        request: async () => ({ status: 200, headers: {}, text: async () => JSON.stringify(pages.shift()) }),
      },
    })
    const { messages } = await provider.fetchInbound!(null)
    expect(messages.map((m) => m.providerMessageId).sort()).toEqual(['SMa', 'SMb'])
  })

  it('checks the balance from Balance.json', async () => {
    fake.setBalance('-0.75000')
    await expect(build().checkAccount?.()).resolves.toMatchObject({
      ok: true,
      balance: -0.75,
      currency: 'USD',
    })
  })
})

describe('X-Twilio-Signature', () => {
  const provider = twilioDefinition.create(
    { ...twilioTestConfig, authToken: '12345' },
    {
      http: { request: () => Promise.reject(new Error('no HTTP in signature tests')) },
    },
  )
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+14158675309',
    Digits: '1234',
    From: '+14158675309',
    To: '+18005551212',
  }

  it('matches the worked example of the Twilio SDK test suite', () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
    expect(signTwilioRequest('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=')
    const req = formWebhook(url, params, { 'X-Twilio-Signature': 'RSOYDt4T1cUTdK1PDd93/VVr8B8=' })
    expect(provider.verifyWebhook(req)).toBe('valid')
    expect(provider.verifyWebhook({ ...req, url: 'https://mycompany.com/myapp.php?foo=1&bar=3' })).toBe(
      'invalid_signature',
    )
  })

  it('accepts the URL with or without the default port, as Twilio may sign either', () => {
    const signature = signTwilioRequest('12345', 'https://mycompany.com/myapp.php', params)
    const req = formWebhook('https://mycompany.com:443/myapp.php', params, {
      'x-twilio-signature': signature,
    })
    expect(provider.verifyWebhook(req)).toBe('valid')
  })

  it('checks bodySHA256 for JSON webhooks', () => {
    const rawBody = '{"property": "value", "boolean": true}'
    const url =
      'https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'
    const req = {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-twilio-signature': 'a9nBmqA0ju/hNViExpshrM61xv4=' },
      rawBody,
      body: JSON.parse(rawBody) as unknown,
      query: {},
    }
    expect(provider.verifyWebhook(req)).toBe('valid')
    expect(provider.verifyWebhook({ ...req, rawBody: rawBody.replace('value', 'other') })).toBe(
      'invalid_signature',
    )
  })
})
