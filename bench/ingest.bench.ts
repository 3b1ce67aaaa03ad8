/**
 * Inbound ingestion: simulated replies POSTed over real HTTP to /webhooks/simulator/<token>/inbound,
 * against a bare Fastify route that does nothing, with the same client in its own process; five pairs
 * of runs per dialect, each Parley run right after a bare one, and the median share is judged. Then
 * checks that nothing was lost or stored twice, and that posting ids again stores nothing.
 */
import Fastify from 'fastify'
import { buildApp } from '../server/app'
import type { Dialect } from '../server/db/database'
import { newId } from '../server/ids'
import { buildCorpus } from './corpus'
import { type BenchDatabase, benchDeps, benchDialects, openBenchDatabase } from './lib/bench-database'
import { createBenchOrg } from './lib/bench-org'
import { openBulkWriter } from './lib/bulk-insert'
import { type LoadClient, type LoadRequest, type LoadResult, startLoadClient } from './lib/load'
import { benchPerson, peopleSpec } from './lib/rows'
import { describeMachine, formatCount, formatMs, verdict } from './lib/stats'

const CONCURRENCY = 48
const PARLEY_REQUESTS = 5_000
const PARLEY_MS = 10_000
const BARE_REQUESTS = 30_000
const BARE_MS = 5_000
const WARM_UP_REQUESTS = 300
/** The bare route is warmed longer: measured cold (the first thing the process runs) it read a third slow. */
const BARE_WARM_UP_REQUESTS = 5_000
const DISTINCT_NUMBERS = 3_000
/** People are created for the first numbers; a few numbers are shared by two people. */
const NUMBERS_WITH_PEOPLE = 1_000
const SHARED_NUMBERS = 50
const REPOST_SAMPLE = 200
const TARGET_SHARE = 0.25
const SENDER = '+447700900001'

function phoneOf(n: number): string {
  return `+4478${String(10_000_000 + n)}`
}

/** Reply `i` of a run: a unique provider id, a number from the pool, a corpus body. */
function replies(runId: string, from: number, count: number, path: string): LoadRequest[] {
  const bodies = buildCorpus(500).map((m) => m.body)
  const base = Date.now()
  return Array.from({ length: count }, (_, k) => {
    const i = from + k
    const payload = {
      id: `${runId}-${i}`,
      from: phoneOf((i * 7919) % DISTINCT_NUMBERS),
      to: SENDER,
      body: bodies[i % bodies.length],
      receivedAt: new Date(base + i).toISOString(),
    }
    return { path, body: JSON.stringify(payload) }
  })
}

function rateLine(label: string, result: LoadResult): string {
  const failures = result.failed > 0 ? `, ${result.failed} failed (${result.firstError})` : ''
  return (
    `  ${label.padEnd(26)} ${formatCount(result.perSecond).padStart(7)} req/s, ` +
    `p50 ${formatMs(result.latency.p50)} ms, p99 ${formatMs(result.latency.p99)} ms ` +
    `(${formatCount(result.sent)} in ${result.seconds.toFixed(2)} s${failures})`
  )
}

async function measureBare(client: LoadClient): Promise<LoadResult> {
  const app = Fastify({ logger: false })
  app.post('/webhooks/:provider/:token/inbound', async () => ({ stored: 1, duplicates: 0 }))
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  try {
    const path = '/webhooks/simulator/bare/inbound'
    const job = { origin, contentType: 'application/json', concurrency: CONCURRENCY }
    await client.run({ ...job, requests: replies('warm', 0, BARE_WARM_UP_REQUESTS, path), maxMs: BARE_MS })
    return await client.run({ ...job, requests: replies('bare', 0, BARE_REQUESTS, path), maxMs: BARE_MS })
  } finally {
    await app.close()
  }
}

async function addPeople(database: BenchDatabase, orgId: string): Promise<void> {
  const at = new Date().toISOString()
  const rows = Array.from({ length: NUMBERS_WITH_PEOPLE + SHARED_NUMBERS }, (_, n) =>
    peopleSpec.cells(
      benchPerson({
        id: newId(),
        orgId,
        n,
        mobile: phoneOf(n % NUMBERS_WITH_PEOPLE),
        companyId: null,
        createdAt: at,
      }),
    ),
  )
  const writer = await openBulkWriter(database)
  try {
    await writer.write(peopleSpec, rows)
  } finally {
    await writer.close()
  }
}

/** Pairs of runs, bare route then Parley: the share is each pair's, and the median of them is judged. */
const ROUNDS = 5

async function measureParley(client: LoadClient, dialect: Dialect): Promise<void> {
  const database = await openBenchDatabase(dialect)
  const deps = benchDeps(database)
  const app = await buildApp(deps)
  try {
    const org = await createBenchOrg(deps)
    await addPeople(database, org.orgId)
    const origin = await app.listen({ host: '127.0.0.1', port: 0 })
    const path = `/webhooks/simulator/${org.simulator.webhook_token}/inbound`
    const runId = `bench-${dialect}`
    const job = { origin, contentType: 'application/json', concurrency: CONCURRENCY }
    const warm = await client.run({
      ...job,
      requests: replies(runId, 0, WARM_UP_REQUESTS, path),
      maxMs: PARLEY_MS,
    })
    await deps.inbound.settled()

    let posted = warm.sent - warm.failed
    let failed = 0
    const shares: number[] = []
    const rounds: { from: number; sent: number }[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      // The bare route right before each Parley run: on a shared machine its rate drifts by a third
      // within a minute, and each share should compare like with like.
      const bare = await measureBare(client)
      console.log(rateLine(`${round}. bare Fastify route:`, bare))
      const from = WARM_UP_REQUESTS + (round - 1) * PARLEY_REQUESTS
      const started = performance.now()
      const result = await client.run({
        ...job,
        requests: replies(runId, from, PARLEY_REQUESTS, path),
        maxMs: PARLEY_MS,
      })
      const answered = performance.now()
      // Answered webhooks are receipts; the texts are in their conversations once the pipeline settles.
      await deps.inbound.settled()
      const settled = performance.now()
      // Only webhooks answered 2xx count.
      const share = (result.sent - result.failed) / result.seconds / bare.perSecond
      shares.push(share)
      posted += result.sent - result.failed
      failed += result.failed
      rounds.push({ from, sent: result.sent })
      const storedPerSecond = (result.sent - result.failed) / ((settled - started) / 1000)
      console.log(rateLine(`   Parley on ${dialect}:`, result))
      console.log(
        `     share ${(100 * share).toFixed(1)}%; in their conversations ${formatCount(storedPerSecond)} texts/s ` +
          `from the first request to the last stored (${((settled - answered) / 1000).toFixed(2)} s after ` +
          `the last answer), ${(100 * (storedPerSecond / bare.perSecond)).toFixed(1)}% of the bare route`,
      )
    }
    const sorted = [...shares].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0
    // A run with any failure does not meet the target.
    const met = median >= TARGET_SHARE && failed === 0
    console.log(
      `  share of the bare route:    median ${(100 * median).toFixed(1)}% of ${ROUNDS} pairs ` +
        `(${sorted.map((x) => `${(100 * x).toFixed(1)}%`).join(', ')}; target ${100 * TARGET_SHARE}%: ${verdict(met)})`,
    )

    const db = deps.database.db
    const countStored = async () => {
      const row = await db
        .selectFrom('messages')
        .select((eb) => [
          eb.fn.countAll<number>().as('messages'),
          eb.fn.count<number>('provider_message_id').distinct().as('ids'),
        ])
        .where('connection_id', '=', org.simulator.id)
        .where('direction', '=', 'inbound')
        .executeTakeFirstOrThrow()
      return { messages: Number(row.messages), ids: Number(row.ids) }
    }
    const stored = await countStored()
    const perRound = Math.max(1, Math.floor(REPOST_SAMPLE / ROUNDS))
    const sample = rounds.flatMap(({ from, sent }) => {
      const step = Math.max(1, Math.floor(sent / perRound))
      return replies(runId, from, sent, path).filter((_, k) => k % step === 0)
    })
    const repost = await client.run({ ...job, requests: sample, maxMs: PARLEY_MS, keepBodies: true })
    const answeredDuplicate = (repost.bodies ?? []).filter(
      (body) => (JSON.parse(body) as { duplicates?: number }).duplicates === 1,
    ).length
    const after = await countStored()
    const exact = stored.messages === posted && stored.ids === posted
    const noop = after.messages === stored.messages && answeredDuplicate === sample.length
    console.log(
      `  lost or duplicated:         ${formatCount(posted)} unique ids answered 2xx, ` +
        `${formatCount(stored.messages)} inbound rows, ${formatCount(stored.ids)} distinct ids: ${exact ? 'none' : 'MISMATCH'}`,
    )
    console.log(
      `  re-posting ${sample.length} ids:         ${after.messages - stored.messages} rows added, ` +
        `${answeredDuplicate}/${sample.length} answered as duplicates: ${noop ? 'ok' : 'NOT ok'}`,
    )
  } finally {
    await app.close()
    await database.destroy()
  }
}

export async function run(): Promise<void> {
  console.log(
    `ingest: simulated replies to the inbound webhook vs a bare Fastify route, ${describeMachine()}`,
  )
  console.log(
    `  client: undici Pool in a child process, ${CONCURRENCY} requests in flight; ` +
      `${formatCount(DISTINCT_NUMBERS)} numbers, ${formatCount(NUMBERS_WITH_PEOPLE)} of them people's`,
  )
  const dialects = await benchDialects()
  const client = startLoadClient()
  try {
    for (const dialect of dialects) await measureParley(client, dialect)
  } finally {
    client.close()
  }
}
