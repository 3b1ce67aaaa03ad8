/**
 * Fidelity of the fake and of our signature check, judged by Twilio's own Node SDK: if the official client
 * can create, fetch and list messages against the fake and reads its errors as RestException, the fake
 * speaks Twilio; if webhooks signed by the SDK's function pass our check, our check is Twilio's.
 */
import twilio from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildWebhookRequest, startCaptureServer } from '../contract'
import { createHttpClient } from '../http'
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CANDIDATE,
  OUR_NUMBER,
  SERVICE_SID,
  twilioTestConfig,
} from './fixtures/twilio.fixtures'
import { startTwilioFake, type TwilioFake } from './twilio.fake'
import { twilioDefinition } from './twilio.provider'

/** The SDK has no base-URL option; its documented httpClient hook lets us swap the origin (api.twilio.com). */
class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super()
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const target = new URL(opts.uri)
    return super.request<TData>({ ...opts, uri: this.base + target.pathname + target.search })
  }
}

describe('twilio SDK against the Twilio fake', () => {
  let fake: TwilioFake
  let client: twilio.Twilio

  beforeEach(async () => {
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, numbers: [OUR_NUMBER] })
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LoopbackRequestClient(fake.url) })
  })
  afterEach(() => fake.close())

  it('creates and fetches a message', async () => {
    const created = await client.messages.create({
      to: CANDIDATE,
      from: OUR_NUMBER,
      body: 'Interview confirmed for Tuesday 10:00 ✓',
      statusCallback: 'https://parley.example/webhooks/twilio/tok/status',
    })
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(created.status).toBe('queued')
    expect(created.numSegments).toBe('1')
    expect(created.dateCreated).toBeInstanceOf(Date)
    expect(created.dateCreated.getTime()).not.toBeNaN()
    expect(fake.requests[0]?.headers['user-agent']).toMatch(/^twilio-node\//)

    const fetched = await client.messages(created.sid).fetch()
    expect(fetched).toMatchObject({
      sid: created.sid,
      to: CANDIDATE,
      from: OUR_NUMBER,
      direction: 'outbound-api',
    })
  })

  it('schedules through a Messaging Service, cancels, and gets 30409 for a second cancel', async () => {
    const sendAt = new Date(Date.now() + 3_600_000)
    sendAt.setUTCMilliseconds(0)
    const created = await client.messages.create({
      to: CANDIDATE,
      messagingServiceSid: SERVICE_SID,
      body: 'Reminder: interview tomorrow at 10:00',
      scheduleType: 'fixed',
      sendAt,
    })
    expect(created.status).toBe('scheduled')
    expect(created.dateSent).toBeNull()
    expect(fake.heldMessages()).toEqual([{ providerMessageId: created.sid, sendAt: sendAt.toISOString() }])
    const cancelled = await client.messages(created.sid).update({ status: 'canceled' })
    expect(cancelled.status).toBe('canceled')
    const again: unknown = await client
      .messages(created.sid)
      .update({ status: 'canceled' })
      .catch((e: unknown) => e)
    expect(again).toBeInstanceOf(twilio.RestException)
    expect(again).toMatchObject({ status: 400, code: 30409 })
    const tooSoon: unknown = await client.messages
      .create({
        to: CANDIDATE,
        messagingServiceSid: SERVICE_SID,
        body: 'x',
        scheduleType: 'fixed',
        sendAt: new Date(Date.now() + 60_000),
      })
      .catch((e: unknown) => e)
    expect(tooSoon).toMatchObject({ status: 400, code: 35115 })
  })

  it('lists messages following next_page_uri', async () => {
    for (let i = 0; i < 5; i++) fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: `reply ${i}` })
    const listed = await client.messages.list({
      to: OUR_NUMBER,
      dateSentAfter: new Date(Date.now() - 60_000),
      pageSize: 2,
    })
    expect(listed.map((m) => m.body).sort()).toEqual(['reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4'])
    const pages = fake.requests.filter((r) => r.method === 'GET')
    expect(pages).toHaveLength(3)
    expect(pages[2]?.query).toMatchObject({ Page: '2', PageSize: '2' })
  })

  it('filters the list by To and From, as the lookup before a resend asks it to', async () => {
    const other = '+447911000222'
    await client.messages.create({ to: CANDIDATE, from: OUR_NUMBER, body: 'Shift on Friday?' })
    await client.messages.create({ to: other, from: OUR_NUMBER, body: 'Shift on Friday?' })
    fake.addInbound({ from: CANDIDATE, to: OUR_NUMBER, body: 'Yes' })
    const listed = await client.messages.list({ to: CANDIDATE, from: OUR_NUMBER })
    expect(listed.map((m) => [m.to, m.from, m.body, m.direction])).toEqual([
      [CANDIDATE, OUR_NUMBER, 'Shift on Friday?', 'outbound-api'],
    ])
    expect(fake.requests.at(-1)?.query).toMatchObject({ To: CANDIDATE, From: OUR_NUMBER })
  })

  it('surfaces the fake errors as RestException with Twilio codes', async () => {
    fake.failNext('invalid_number')
    const error: unknown = await client.messages
      .create({ to: '5551234567', from: OUR_NUMBER, body: 'x' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(twilio.RestException)
    expect(error).toMatchObject({
      status: 400,
      code: 21211,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    })

    const wrong = twilio(ACCOUNT_SID, 'f'.repeat(32), { httpClient: new LoopbackRequestClient(fake.url) })
    await expect(wrong.balance.fetch()).rejects.toMatchObject({ status: 401, code: 20003 })
  })

  it('reads the balance', async () => {
    const balance = await client.balance.fetch()
    expect(balance).toMatchObject({ accountSid: ACCOUNT_SID, balance: '12.34000', currency: 'USD' })
  })
})

describe('webhooks signed by the twilio SDK', () => {
  const provider = twilioDefinition.create(twilioTestConfig, { http: createHttpClient() })
  const url = 'https://parley.example/webhooks/twilio/tok_3f9a/inbound'
  const params = {
    MessageSid: 'SM2f0c6d1e8a9b4c3d2e1f0a9b8c7d6e5f',
    AccountSid: ACCOUNT_SID,
    From: CANDIDATE,
    To: OUR_NUMBER,
    Body: 'Yes, 3pm works – thanks! 😊',
    NumMedia: '0',
  }
  const rawBody = new URLSearchParams(params).toString()
  const headers = (signature: string) => ({
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': signature,
  })

  it('accepts a body signed with getExpectedTwilioSignature and refuses it tampered', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params)
    const signed = buildWebhookRequest({ method: 'POST', url, headers: headers(signature), rawBody })
    expect(provider.verifyWebhook(signed)).toBe('valid')
    const tampered = buildWebhookRequest({
      method: 'POST',
      url,
      headers: headers(signature),
      rawBody: rawBody.replace('3pm', '4pm'),
    })
    expect(provider.verifyWebhook(tampered)).toBe('invalid_signature')
    const otherUrl = buildWebhookRequest({
      method: 'POST',
      url: `${url}x`,
      headers: headers(signature),
      rawBody,
    })
    expect(provider.verifyWebhook(otherUrl)).toBe('invalid_signature')
  })

  it('signs its own callbacks so that the SDK validateRequest accepts them', async () => {
    const fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN })
    const hub = await startCaptureServer()
    try {
      await fake.sendInbound(`${hub.url}/webhooks/twilio/tok/inbound?x=1`, {
        from: CANDIDATE,
        to: OUR_NUMBER,
        body: "Can we move it to Thursday? I'm in Café Rouge",
      })
      const received = hub.received[0]!
      const fields = Object.fromEntries(new URLSearchParams(received.rawBody))
      const signature = received.headers['x-twilio-signature'] ?? ''
      expect(twilio.validateRequest(AUTH_TOKEN, signature, received.url, fields)).toBe(true)
      expect(twilio.validateRequest('0'.repeat(32), signature, received.url, fields)).toBe(false)
    } finally {
      await hub.close()
      await fake.close()
    }
  })
})
