/**
 * Dispatch: queued messages to "accepted" by the loopback Twilio fake through Dispatcher.runOnce()
 * (claim, provider call, record), against raw undici requests with the same form bodies and the same
 * concurrency to the same fake. Then checks every message went out exactly once.
 */
import { Agent, request } from 'undici'
import { createConnection } from '../server/connection/connection.service'
import type { Dialect } from '../server/db/database'
import { Dispatcher } from '../server/dispatcher/dispatcher'
import { newId } from '../server/ids'
import { createHttpClient } from '../server/provider/http'
import { startTwilioFake, type TwilioFake } from '../server/provider/twilio/twilio.fake'
import { buildCorpus } from './corpus'
import { type BenchDatabase, benchDeps, benchDialects, openBenchDatabase } from './lib/bench-database'
import { createBenchOrg } from './lib/bench-org'
import { openBulkWriter } from './lib/bulk-insert'
import { type LoadResult, runClosedLoop } from './lib/load'
import { blankMessage, conversationsSpec, messagesSpec } from './lib/rows'
import { describeMachine, formatCount, formatMs, verdict } from './lib/stats'

const MESSAGES = 5_000
const RECIPIENTS = 1_000
const CONCURRENCY = 32
const RATE_PER_SECOND = 10_000
const WARM_UP_REQUESTS = 300
const RAW_REQUESTS = 20_000
const RAW_MS = 5_000
const TARGET_SHARE = 0.2
const ACCOUNT_SID = `AC${'b'.repeat(32)}`
const AUTH_TOKEN = 'bench-auth-token-0123456789'
const SENDER = '+447700900123'
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`

function recipientOf(n: number): string {
  return `+4477${String(10_000_000 + (n % RECIPIENTS))}`
}

/** The form Parley's Twilio adapter sends for message `i`. */
function twilioForm(i: number, body: string, callback: string): string {
  return new URLSearchParams({
    To: recipientOf(i),
    From: SENDER,
    Body: body,
    StatusCallback: callback,
  }).toString()
}

async function measureRaw(fake: TwilioFake, bodies: string[], callback: string): Promise<LoadResult> {
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 10_000 })
  const headers = {
    authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  }
  const url = `${fake.url}${MESSAGES_PATH}`
  const send = async (i: number) => {
    const res = await request(url, {
      method: 'POST',
      headers,
      body: twilioForm(i, bodies[i % bodies.length]!, callback),
      dispatcher: agent,
    })
    return { status: res.statusCode, body: await res.body.text() }
  }
  try {
    await runClosedLoop({ concurrency: CONCURRENCY, total: WARM_UP_REQUESTS, maxMs: RAW_MS, send })
    return await runClosedLoop({ concurrency: CONCURRENCY, total: RAW_REQUESTS, maxMs: RAW_MS, send })
  } finally {
    await agent.close()
  }
}

/** N queued messages to RECIPIENTS numbers, each in its conversation, due a second ago. */
async function queueMessages(
  database: BenchDatabase,
  input: { orgId: string; userId: string; connectionId: string; bodies: string[] },
): Promise<void> {
  const now = Date.now()
  const at = new Date(now - 1_000).toISOString()
  const conversationIds = Array.from({ length: RECIPIENTS }, () => newId())
  const conversations = conversationIds.map((id, n) =>
    conversationsSpec.cells({
      id,
      org_id: input.orgId,
      phone_e164: recipientOf(n),
      person_id: null,
      person_count: 0,
      last_message_at: at,
      last_direct_message_at: at,
      last_message_preview: '',
      last_message_direction: 'outbound',
      unread_count: 0,
      deleted_at: null,
      created_at: at,
    }),
  )
  const messages = Array.from({ length: MESSAGES }, (_, i) =>
    messagesSpec.cells(
      blankMessage({
        id: newId(),
        org_id: input.orgId,
        direction: 'outbound',
        kind: 'one_to_one',
        status: 'queued',
        conversation_id: conversationIds[i % RECIPIENTS]!,
        to_number: recipientOf(i),
        from_number: SENDER,
        body: input.bodies[i % input.bodies.length]!,
        credits: 1,
        sender_user_id: input.userId,
        connection_id: input.connectionId,
        next_attempt_at: at,
        created_at: at,
      }),
    ),
  )
  const writer = await openBulkWriter(database)
  try {
    await writer.write(conversationsSpec, conversations)
    await writer.write(messagesSpec, messages)
  } finally {
    await writer.close()
  }
}

async function measureDialect(dialect: Dialect, bodies: string[]): Promise<void> {
  const database = await openBenchDatabase(dialect)
  const fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, numbers: [SENDER] })
  const http = createHttpClient({ connectionsPerOrigin: CONCURRENCY })
  const deps = benchDeps(database, { http })
  try {
    const org = await createBenchOrg(deps)
    const connection = await createConnection(
      { db: deps.database.db, clock: deps.clock, secretKey: deps.config.secretKey },
      org.orgId,
      {
        provider: 'twilio',
        name: 'Twilio (loopback fake)',
        sender: SENDER,
        config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: SENDER, baseUrl: fake.url },
        isDefault: true,
        ratePerSecond: RATE_PER_SECOND,
      },
    )
    const callback = `${deps.providers.webhookBaseUrl('twilio', connection.webhookToken)}/status`
    const raw = await measureRaw(fake, bodies, callback)
    await queueMessages(database, {
      orgId: org.orgId,
      userId: org.userId,
      connectionId: connection.id,
      bodies,
    })

    const before = fake.messages.length
    const dispatcher = new Dispatcher(deps, deps.providers, { concurrency: CONCURRENCY })
    const start = performance.now()
    let handled = 0
    let rounds = 0
    for (let n = await dispatcher.runOnce(); n > 0; n = await dispatcher.runOnce()) {
      handled += n
      rounds++
    }
    const elapsed = (performance.now() - start) / 1000
    const perSecond = handled / elapsed
    const share = perSecond / raw.perSecond

    const rows = await deps.database.db
      .selectFrom('messages')
      .select(['status', 'attempts', 'provider_message_id'])
      .where('connection_id', '=', connection.id)
      .execute()
    const accepted = fake.messages.slice(before).map((m) => m.sid)
    const sentOnce = rows.filter((r) => r.status === 'sent' && r.attempts === 1).length
    const stored = new Set(rows.map((r) => r.provider_message_id))
    const sameIds = accepted.length === stored.size && accepted.every((sid) => stored.has(sid))
    const exact = sentOnce === MESSAGES && accepted.length === MESSAGES && sameIds

    console.log(`  ${dialect}:`)
    console.log(
      `    raw undici to the fake:  ${formatCount(raw.perSecond).padStart(7)} req/s, p50 ${formatMs(raw.latency.p50)} ms ` +
        `(${formatCount(raw.sent)} in ${raw.seconds.toFixed(2)} s${raw.failed ? `, ${raw.failed} failed: ${raw.firstError}` : ''})`,
    )
    console.log(
      `    Dispatcher.runOnce():    ${formatCount(perSecond).padStart(7)} messages/s ` +
        `(${formatCount(handled)} in ${elapsed.toFixed(2)} s, ${rounds} claims)`,
    )
    console.log(
      `    share of raw:            ${(100 * share).toFixed(1)}% (target ${100 * TARGET_SHARE}%: ${verdict(share >= TARGET_SHARE)})`,
    )
    console.log(
      `    sent exactly once:       ${formatCount(sentOnce)}/${formatCount(MESSAGES)} sent after 1 attempt, ` +
        `${formatCount(accepted.length)} accepted by the fake, ${formatCount(stored.size)} distinct provider ids, ` +
        `ids match: ${sameIds ? 'yes' : 'NO'} => ${exact ? 'ok' : 'NOT ok'}`,
    )
  } finally {
    await http.close()
    await fake.close()
    await database.destroy()
  }
}

export async function run(): Promise<void> {
  console.log(
    `dispatch: queued messages to accepted by a loopback Twilio fake vs raw undici requests, ${describeMachine()}`,
  )
  console.log(
    `  ${formatCount(MESSAGES)} messages to ${formatCount(RECIPIENTS)} numbers; dispatcher concurrency ${CONCURRENCY}, ` +
      `rate ${formatCount(RATE_PER_SECOND)}/s, ${CONCURRENCY} sockets; raw: same form bodies, ${CONCURRENCY} in flight`,
  )
  const bodies = buildCorpus(500).map((m) => m.body)
  for (const dialect of await benchDialects()) await measureDialect(dialect, bodies)
}
