/**
 * Dispatch through each provider's loopback fake (Twilio, FireText, BulkSMS, Vonage): messages/s from
 * queued to accepted with Dispatcher.runOnce(), against raw undici requests replaying the adapter's own
 * request to the same fake at the same concurrency. Then a configured rate limit, measured from the
 * times the provider calls were made: the steady rate must be within 5% of the setting.
 */
import { Agent, request } from 'undici'
import { createConnection } from '../server/connection/connection.service'
import { topUpCredits } from '../server/credit/credit.service'
import { Dispatcher } from '../server/dispatcher/dispatcher'
import { sendMessage } from '../server/outbound/send.service'
import { startBulkSmsFake } from '../server/provider/bulksms/bulksms.fake'
import { startFireTextFake } from '../server/provider/firetext/firetext.fake'
import { createHttpClient } from '../server/provider/http'
import type { HttpClient, ProviderId } from '../server/provider/provider'
import type { ProviderFake } from '../server/provider/provider-fake'
import { startTwilioFake } from '../server/provider/twilio/twilio.fake'
import { startVonageFake } from '../server/provider/vonage/vonage.fake'
import { benchDeps, openBenchDatabase } from './lib/bench-database'
import { createBenchOrg } from './lib/bench-org'
import { type LoadResult, runClosedLoop } from './lib/load'
import { describeMachine, formatCount, verdict } from './lib/stats'

const MESSAGES = 1_500
const CONCURRENCY = 32
const TARGET_SHARE = 0.2
const RATE = 100
const RATE_MESSAGES = 600
const SENDER = '+447700900123'
const TWILIO_SID = `AC${'a'.repeat(32)}`
const TWILIO_TOKEN = 'bench-twilio-token-0123'

interface Setup {
  id: ProviderId
  start(): Promise<ProviderFake>
  config(url: string): Record<string, unknown>
}

const PROVIDERS: Setup[] = [
  {
    id: 'twilio',
    start: () => startTwilioFake({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN }),
    config: (url) => ({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: SENDER, baseUrl: url }),
  },
  {
    id: 'firetext',
    start: () => startFireTextFake({ apiKey: 'bench-firetext-key', credits: 1_000_000 }),
    config: (url) => ({ apiKey: 'bench-firetext-key', baseUrl: url }),
  },
  {
    id: 'bulksms',
    start: () => startBulkSmsFake({ username: 'bench-id', password: 'bench-secret', balance: 1_000_000 }),
    config: (url) => ({ username: 'bench-id', password: 'bench-secret', baseUrl: url }),
  },
  {
    id: 'vonage',
    start: () => startVonageFake({ apiKey: 'benchkey', apiSecret: 'benchsecret0123', balance: 1_000_000 }),
    config: (url) => ({ apiKey: 'benchkey', apiSecret: 'benchsecret0123', baseUrl: url }),
  },
]

/** An HttpClient that notes when each provider call was made. */
function timedClient(inner: HttpClient, times: number[]): HttpClient {
  return {
    request(url, init) {
      times.push(performance.now())
      return inner.request(url, init)
    },
  }
}

async function replayRaw(fake: ProviderFake, total: number): Promise<LoadResult> {
  const sample = fake.requests.find((r) => r.sms)
  if (!sample) throw new Error('The fake recorded no send to replay')
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 10_000 })
  const query = new URLSearchParams(sample.query).toString()
  const url = `${fake.url}${sample.path}${query ? `?${query}` : ''}`
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(sample.headers)) {
    if (v !== undefined && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v
  }
  const send = async () => {
    const res = await request(url, {
      method: sample.method as 'POST',
      headers,
      ...(sample.rawBody ? { body: sample.rawBody } : {}),
      dispatcher: agent,
    })
    return { status: res.statusCode, body: await res.body.text() }
  }
  try {
    await runClosedLoop({ concurrency: CONCURRENCY, total: 200, maxMs: 3_000, send })
    return await runClosedLoop({ concurrency: CONCURRENCY, total, maxMs: 4_000, send })
  } finally {
    await agent.close()
  }
}

async function queue(
  deps: ReturnType<typeof benchDeps>,
  org: { orgId: string; userId: string },
  connectionId: string,
  n: number,
) {
  for (let i = 0; i < n; i++) {
    await sendMessage(
      deps,
      { orgId: org.orgId, userId: org.userId },
      {
        to: `+4477${String(10_000_000 + (i % 500))}`,
        body: `Interview slot ${i}: are you free on Tuesday?`,
        connectionId,
      },
    )
  }
}

export async function run(): Promise<void> {
  console.log(
    `providers: dispatch through each provider's loopback fake vs raw undici to it, ${describeMachine()}`,
  )
  const database = await openBenchDatabase('sqlite')
  const times: number[] = []
  const http = createHttpClient({ connectionsPerOrigin: CONCURRENCY })
  const deps = benchDeps(database, { http: timedClient(http, times) })
  try {
    const org = await createBenchOrg(deps)
    await topUpCredits(deps.database.db, deps.clock, { orgId: org.orgId, amount: 10_000_000, userId: null })
    for (const setup of PROVIDERS) {
      const fake = await setup.start()
      try {
        const connection = await createConnection(
          { db: deps.database.db, clock: deps.clock, secretKey: deps.config.secretKey },
          org.orgId,
          {
            provider: setup.id,
            name: setup.id,
            sender: SENDER,
            config: setup.config(fake.url),
            ratePerSecond: 10_000,
          },
        )
        await queue(deps, org, connection.id, 20)
        await new Dispatcher(deps, deps.providers, { concurrency: CONCURRENCY }).runOnce()
        const raw = await replayRaw(fake, 10_000)
        await queue(deps, org, connection.id, MESSAGES)
        const dispatcher = new Dispatcher(deps, deps.providers, { concurrency: CONCURRENCY })
        const start = performance.now()
        let handled = 0
        for (let n = await dispatcher.runOnce(); n > 0; n = await dispatcher.runOnce()) handled += n
        const perSecond = handled / ((performance.now() - start) / 1000)
        const sent = await deps.database.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('connection_id', '=', connection.id)
          .where('status', 'in', ['sent', 'delivered'])
          .executeTakeFirstOrThrow()
        const share = perSecond / raw.perSecond
        console.log(
          `  ${setup.id.padEnd(9)} raw ${formatCount(raw.perSecond).padStart(6)} req/s, dispatcher ${formatCount(perSecond).padStart(6)} msg/s: ` +
            `${(100 * share).toFixed(1)}% (target ${100 * TARGET_SHARE}%: ${verdict(share >= TARGET_SHARE)}); ` +
            `${Number(sent.n)}/${MESSAGES + 20} sent`,
        )
      } finally {
        await fake.close()
      }
    }

    // Rate limit: a connection set to RATE messages/s, timed at the provider calls.
    const fake = await startTwilioFake({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN })
    try {
      const limited = await createConnection(
        { db: deps.database.db, clock: deps.clock, secretKey: deps.config.secretKey },
        org.orgId,
        {
          provider: 'twilio',
          name: 'limited',
          sender: SENDER,
          config: PROVIDERS[0]!.config(fake.url),
          ratePerSecond: RATE,
        },
      )
      await queue(deps, org, limited.id, RATE_MESSAGES)
      times.length = 0
      const dispatcher = new Dispatcher(deps, deps.providers, { concurrency: CONCURRENCY })
      while ((await dispatcher.runOnce()) > 0) {}
      // The bucket starts full (one second's burst); the steady rate is measured after it.
      const steady = times.slice(RATE)
      const rate = (steady.length - 1) / (((steady.at(-1) ?? 0) - (steady[0] ?? 0)) / 1000)
      const off = Math.abs(rate - RATE) / RATE
      console.log(
        `  rate limit ${RATE}/s:  ${times.length} provider calls, steady rate ${rate.toFixed(1)}/s ` +
          `(${(100 * off).toFixed(1)}% off; target within 5%: ${verdict(off <= 0.05)})`,
      )
    } finally {
      await fake.close()
    }
  } finally {
    await http.close()
    await database.destroy()
  }
}
