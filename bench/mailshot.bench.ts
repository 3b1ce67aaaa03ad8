/**
 * A 100,000-recipient mailshot on each dialect: preview time, launch time split into its phases
 * (render + count, then charge + insert in one transaction), peak memory, and as the baseline the
 * same number of plain message rows inserted through the same multi-row path with nothing else.
 */

import { sql } from 'kysely'
import { campaignSpecOf, createCampaign } from '../server/campaign/campaign.service'
import { launchCampaign } from '../server/campaign/campaign-launch.service'
import { insertBulkMessages } from '../server/campaign/campaign-messages.repository'
import { previewCampaign } from '../server/campaign/campaign-preview'
import { topUpCredits } from '../server/credit/credit.service'
import type { Dialect } from '../server/db/database'
import { newId } from '../server/ids'
import type { MessagesTable } from '../server/message/message.table'
import { benchDeps, benchDialects, openBenchDatabase } from './lib/bench-database'
import { createBenchOrg } from './lib/bench-org'
import { openBulkWriter } from './lib/bulk-insert'
import { benchPerson, blankMessage, peopleSpec } from './lib/rows'
import { describeMachine, formatCount, seconds } from './lib/stats'

const RECIPIENTS = Number(process.env.BENCH_MAILSHOT_RECIPIENTS ?? 100_000)
const BODY =
  'Hi {{ person.first_name }}, new {{ person.job_title | default: "care" }} shifts are open near you this week. ' +
  'Reply YES for details or STOP to opt out. {{ user.name }}, {{ organization.name }}'

/** Samples resident memory until stopped; returns the peak in MB. */
function sampleMemory(): () => number {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  return () => {
    clearInterval(timer)
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1_048_576)
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  const stop = sampleMemory()
  const start = performance.now()
  const value = await work()
  return { value, ms: performance.now() - start, peakMb: stop() }
}

async function runDialect(dialect: Dialect): Promise<void> {
  const database = await openBenchDatabase(dialect)
  try {
    const deps = benchDeps(database)
    const org = await createBenchOrg(deps)
    await topUpCredits(deps.database.db, deps.clock, {
      orgId: org.orgId,
      amount: 10 * RECIPIENTS,
      userId: null,
    })
    const at = new Date().toISOString()
    // 1 in 100 has no mobile, so the skipped path is exercised too.
    const people = Array.from({ length: RECIPIENTS }, (_, n) =>
      benchPerson({
        id: newId(),
        orgId: org.orgId,
        n,
        mobile: n % 100 === 99 ? null : `+447${String(700000000 + n).padStart(9, '0')}`,
        companyId: null,
        createdAt: at,
      }),
    )
    const writer = await openBulkWriter(database)
    await writer.write(peopleSpec, people.map(peopleSpec.cells))
    await writer.close()
    // Statistics as autovacuum would have them a minute after an import: without them PostgreSQL
    // plans each batch of the people scan as if the table were empty.
    if (dialect === 'postgres') await sql`analyze`.execute(deps.database.db)

    const sender = { orgId: org.orgId, userId: org.userId }
    const campaign = await createCampaign(deps, sender, {
      name: 'Bench',
      source: { type: 'search', filter: {} },
      body: BODY,
    })
    const rssBefore = Math.round(process.memoryUsage().rss / 1_048_576)
    const preview = await timed(() => previewCampaign(deps, campaignSpecOf(campaign, org.userId)))

    let planned = 0
    const launch = await timed(() =>
      launchCampaign(deps, sender, campaign.id, {
        expectedCredits: preview.value.credits,
        onProgress: (phase) => {
          if (phase === 'write' && planned === 0) planned = performance.now()
        },
      }),
    )
    const launchStart = performance.now() - launch.ms
    const renderMs = planned - launchStart
    const writeMs = launch.ms - renderMs
    const db = deps.database.db
    const count = async (table: 'messages' | 'message_people' | 'conversations' | 'conversation_users') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const written = {
      messages: await count('messages'),
      people: await count('message_people'),
      conversations: await count('conversations'),
      users: await count('conversation_users'),
    }
    const rowsWritten = written.messages + written.people + written.conversations + written.users

    // Baseline: the same number of ready-made rows, same multi-row batches, one transaction, nothing else.
    const rows: MessagesTable[] = people.map((p, n) =>
      blankMessage({
        id: newId(),
        org_id: org.orgId,
        direction: 'outbound',
        kind: 'bulk',
        status: 'queued',
        to_number: p.mobile_e164 ?? '',
        from_number: org.simulator.sender,
        body: `Hi ${p.first_name}, new shifts are open near you this week. Reply YES for details. ${n}`,
        created_at: at,
      }),
    )
    const baseline = await timed(() =>
      db.transaction().execute((trx) => insertBulkMessages(trx, database.dialect, rows)),
    )

    const perSecond = (ms: number) => formatCount(RECIPIENTS / (ms / 1000))
    console.log(`  ${dialect}:`)
    console.log(
      `    preview  ${seconds(preview.ms).padStart(7)}  ${perSecond(preview.ms).padStart(9)} recipients/s  ` +
        `(${formatCount(preview.value.recipients)} to text, ${formatCount(preview.value.skipped)} skipped, ` +
        `${formatCount(preview.value.credits)} credits)`,
    )
    console.log(
      `    launch   ${seconds(launch.ms).padStart(7)}  ${perSecond(launch.ms).padStart(9)} recipients/s  ` +
        `(render + count ${seconds(renderMs)}, charge + insert ${seconds(writeMs)})`,
    )
    console.log(
      `    baseline ${seconds(baseline.ms).padStart(7)}  ${perSecond(baseline.ms).padStart(9)} rows/s (plain inserts)`,
    )
    console.log(
      `    rows     ${formatCount(rowsWritten)} written: ${formatCount(written.messages)} messages (skipped ones ` +
        `included), ${formatCount(written.people)} journal links, ${formatCount(written.conversations)} ` +
        `conversations, ${formatCount(written.users)} associated-user rows`,
    )
    console.log(
      `    per row  charge + insert ${formatCount(rowsWritten / (writeMs / 1000))} rows/s vs baseline ` +
        `${perSecond(baseline.ms)} rows/s`,
    )
    console.log(
      `    ratio    launch / baseline ${(launch.ms / baseline.ms).toFixed(2)}x, charge + insert / baseline ` +
        `${(writeMs / baseline.ms).toFixed(2)}x`,
    )
    console.log(
      `    memory   RSS ${rssBefore} MB before; peak ${preview.peakMb} MB in preview, ${launch.peakMb} MB in launch, ` +
        `${baseline.peakMb} MB in baseline`,
    )
  } finally {
    await database.destroy()
  }
}

export async function run(): Promise<void> {
  console.log(`mailshot: ${formatCount(RECIPIENTS)} recipients from a saved search (${describeMachine()})`)
  for (const dialect of await benchDialects()) await runDialect(dialect)
}
