/**
 * The inbox at scale: the conversation list (first page, scope shared, default sort, 50) and one
 * conversation's history (first page) over a million messages and 100,000 conversations, called
 * through the repositories and over HTTP (app.inject), against a primary-key lookup of one message
 * on the same database.
 */
import { sql } from 'kysely'
import { buildApp } from '../server/app'
import { listConversations } from '../server/conversation/conversation-list.repository'
import { seededRandom } from '../server/core/seeded-random'
import type { Dialect } from '../server/db/database'
import { listMessages } from '../server/message/message-list.repository'
import { getOrganization } from '../server/organization/organization.service'
import { benchDeps, benchDialects, openBenchDatabase } from './lib/bench-database'
import { createBenchOrg } from './lib/bench-org'
import { generateInbox, type InboxSizes } from './lib/inbox-data'
import {
  describeMachine,
  formatCount,
  formatLatency,
  formatMs,
  type LatencySummary,
  sampleLatencies,
  verdict,
} from './lib/stats'

const SIZES: InboxSizes = { companies: 1_000, people: 100_000, messages: 1_000_000 }
const CALLS = 200
const PAGE = 50
const TARGET_P95_MS = 20

function line(label: string, summary: LatencySummary, target = true): string {
  const met = target ? ` (target p95 < ${TARGET_P95_MS} ms: ${verdict(summary.p95 < TARGET_P95_MS)})` : ''
  return `    ${label.padEnd(34)} ${formatLatency(summary)}${met}`
}

async function measureDialect(dialect: Dialect): Promise<void> {
  const database = await openBenchDatabase(dialect)
  const deps = benchDeps(database)
  const app = await buildApp(deps)
  try {
    const db = deps.database.db
    const org = await createBenchOrg(deps)
    const generationStart = performance.now()
    const data = await generateInbox(database, org, SIZES)
    const generation = (performance.now() - generationStart) / 1000
    // PostgreSQL plans from statistics that autovacuum gathers after a bulk load; gather them now
    // rather than wait for it (or measure a plan no running server would keep for long).
    const analyzeStart = performance.now()
    if (dialect === 'postgres') await sql`analyze`.execute(db)
    const analyze = (performance.now() - analyzeStart) / 1000

    const counted = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const perTable = Object.entries(data.seconds)
      .map(([table, s]) => `${table} ${s.toFixed(1)} s`)
      .join(', ')
    console.log(`  ${dialect}:`)
    console.log(
      `    generated ${formatCount(Number(counted.n))} messages, ${formatCount(SIZES.people)} people and ` +
        `conversations in ${generation.toFixed(1)} s (${perTable})` +
        (dialect === 'postgres' ? `; analyze ${analyze.toFixed(1)} s` : ''),
    )

    const pick = seededRandom(7)
    const conversationAt = () => data.conversationIds[Math.floor(pick() * data.conversationIds.length)]!
    const messageAt = () => data.sampleMessageIds[Math.floor(pick() * data.sampleMessageIds.length)]!
    const settings = (await getOrganization(db, org.orgId)).settings
    const filter = {
      ownOnly: false,
      userId: org.userId,
      scope: 'shared' as const,
      includeMarketed: settings.includeMarketedWhenSorting,
    }

    const baseline = await sampleLatencies(CALLS, () =>
      db.selectFrom('messages').selectAll().where('id', '=', messageAt()).executeTakeFirstOrThrow(),
    )
    const firstPage = await listConversations(db, org.orgId, filter, { limit: PAGE })
    if (firstPage.items.length !== PAGE)
      throw new Error(`The first page has ${firstPage.items.length} conversations`)
    const list = await sampleLatencies(CALLS, () => listConversations(db, org.orgId, filter, { limit: PAGE }))
    const history = await sampleLatencies(CALLS, () =>
      listMessages(db, org.orgId, { view: 'all', conversationId: conversationAt() }, { limit: PAGE }),
    )
    const get = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: org.headers })
      if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body}`)
    }
    const listHttp = await sampleLatencies(CALLS, () =>
      get(`/api/v1/conversations?scope=shared&limit=${PAGE}`),
    )
    const historyHttp = await sampleLatencies(CALLS, () =>
      get(`/api/v1/conversations/${conversationAt()}/messages?limit=${PAGE}`),
    )

    console.log(line('baseline: message by id', baseline, false))
    console.log(line('listConversations (repository)', list))
    console.log(line('listMessages of one (repository)', history))
    console.log(line('GET /conversations (inject)', listHttp))
    console.log(line('GET /conversations/:id/messages', historyHttp))
    console.log(
      `    p95 over the baseline:             list ${formatMs(list.p95 / baseline.p95)}x, ` +
        `history ${formatMs(history.p95 / baseline.p95)}x`,
    )
  } finally {
    await app.close()
    await database.destroy()
  }
}

export async function run(): Promise<void> {
  console.log(`inbox: conversation list and history at scale vs a primary-key lookup, ${describeMachine()}`)
  console.log(
    `  ${formatCount(SIZES.messages)} messages over ${formatCount(SIZES.people)} people (one conversation each), ` +
      `${CALLS} calls per figure, first pages of ${PAGE}`,
  )
  for (const dialect of await benchDialects()) await measureDialect(dialect)
}
