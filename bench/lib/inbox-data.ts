/**
 * A year of texting for the inbox benchmark: companies, people (one mobile each), one conversation per
 * person and messages spread evenly over the year in time order, each linked to its person. Every
 * conversation has at least one message; a hot twentieth of them gets about a third of the rest.
 * Deterministic apart from the ids, so runs compare.
 */
import { v7 } from 'uuid'
import { NO_DIRECT_MESSAGE } from '../../server/conversation/conversation.repository'
import { seededRandom } from '../../server/core/seeded-random'
import { countSegments } from '../../server/core/segments'
import { newId } from '../../server/ids'
import { buildCorpus } from '../corpus'
import type { BenchDatabase } from './bench-database'
import type { BenchOrg } from './bench-org'
import { type CellValue, openBulkWriter } from './bulk-insert'
import {
  benchPerson,
  blankMessage,
  companiesSpec,
  conversationsSpec,
  messagePeopleSpec,
  messagesSpec,
  peopleSpec,
} from './rows'

export interface InboxSizes {
  companies: number
  people: number
  messages: number
}

export interface InboxData {
  conversationIds: string[]
  /** Every 997th message id, for the primary-key baseline. */
  sampleMessageIds: string[]
  /** Seconds of each phase: a table's rows (built and written), then the indexes. */
  seconds: Record<string, number>
}

const BATCH = 10_000
const YEAR_MS = 365 * 24 * 3600 * 1000
const INBOUND = 1
const BULK = 2

export function phoneOfPerson(n: number): string {
  return `+447${String(700_000_000 + n)}`
}

/**
 * Who each message belongs to and what it is, decided up front so that each conversation row can be
 * written with its final summary before its messages.
 */
interface MessagePlan {
  conversationOf: Int32Array
  flags: Uint8Array
  /** Per conversation: its first, last and last non-bulk message (-1 for none). */
  first: Int32Array
  last: Int32Array
  lastDirect: Int32Array
}

function planMessages(sizes: InboxSizes, random: () => number): MessagePlan {
  const conversationOf = new Int32Array(sizes.messages)
  const flags = new Uint8Array(sizes.messages)
  const every = Math.max(1, Math.floor(sizes.messages / sizes.people))
  const hot = Math.max(1, Math.floor(sizes.people / 20))
  for (let k = 0; k < sizes.messages; k++) {
    const guaranteed = k % every === 0 && k / every < sizes.people
    conversationOf[k] = guaranteed ? k / every : Math.floor(random() * (random() < 0.3 ? hot : sizes.people))
    flags[k] = random() < 0.45 ? INBOUND : random() < 0.15 ? BULK : 0
  }
  const first = new Int32Array(sizes.people).fill(-1)
  const last = new Int32Array(sizes.people).fill(-1)
  const lastDirect = new Int32Array(sizes.people).fill(-1)
  for (let k = 0; k < sizes.messages; k++) {
    const c = conversationOf[k]!
    if (first[c] === -1) first[c] = k
    last[c] = k
    if ((flags[k]! & BULK) === 0) lastDirect[c] = k
  }
  return { conversationOf, flags, first, last, lastDirect }
}

export async function generateInbox(
  database: BenchDatabase,
  org: BenchOrg,
  sizes: InboxSizes,
): Promise<InboxData> {
  const random = seededRandom(20_261_122)
  const writer = await openBulkWriter(database)
  const seconds: Record<string, number> = {}
  const phase = async (name: string, work: () => Promise<void>) => {
    const start = performance.now()
    await work()
    seconds[name] = (performance.now() - start) / 1000
  }
  const inBatches = async (count: number, write: (from: number, to: number) => Promise<void>) => {
    for (let from = 0; from < count; from += BATCH) await write(from, Math.min(count, from + BATCH))
  }
  const start = Date.now() - YEAR_MS
  const step = YEAR_MS / sizes.messages
  const timeOf = (k: number) => Math.floor(start + k * step)
  const iso = (ms: number) => new Date(ms).toISOString()
  const corpus = buildCorpus(2_000).map((m) => ({ body: m.body, count: countSegments(m.body) }))
  const companyIds = Array.from({ length: sizes.companies }, () => newId())
  const personIds = Array.from({ length: sizes.people }, () => newId())
  const conversationIds = Array.from({ length: sizes.people }, () => newId())
  const sampleMessageIds: string[] = []

  try {
    const restoreIndexes = await writer.deferIndexes([
      'people',
      'conversations',
      'messages',
      'message_people',
    ])
    await phase('companies', () => {
      const rows = companyIds.map((id, n) =>
        companiesSpec.cells({
          id,
          org_id: org.orgId,
          name: `Company ${n}`,
          phone: null,
          website: null,
          external_id: null,
          created_at: iso(start),
          updated_at: iso(start),
        }),
      )
      return writer.write(companiesSpec, rows)
    })

    await phase('people', () =>
      inBatches(sizes.people, (from, to) => {
        const rows: CellValue[][] = []
        for (let n = from; n < to; n++) {
          const companyId = random() < 0.7 ? companyIds[Math.floor(random() * companyIds.length)]! : null
          const createdAt = iso(start - Math.floor(random() * YEAR_MS))
          const id = personIds[n]!
          rows.push(
            peopleSpec.cells(
              benchPerson({ id, orgId: org.orgId, n, mobile: phoneOfPerson(n), companyId, createdAt }),
            ),
          )
        }
        return writer.write(peopleSpec, rows)
      }),
    )

    const plan = planMessages(sizes, random)
    await phase('conversations', () =>
      inBatches(sizes.people, (from, to) => {
        const rows: CellValue[][] = []
        for (let c = from; c < to; c++) {
          const lastK = Math.max(0, plan.last[c]!)
          const lastDirect = plan.lastDirect[c]!
          const inbound = (plan.flags[lastK]! & INBOUND) !== 0
          rows.push(
            conversationsSpec.cells({
              id: conversationIds[c]!,
              org_id: org.orgId,
              phone_e164: phoneOfPerson(c),
              person_id: personIds[c]!,
              person_count: 1,
              last_message_at: iso(timeOf(lastK)),
              last_direct_message_at: lastDirect >= 0 ? iso(timeOf(lastDirect)) : NO_DIRECT_MESSAGE,
              last_message_preview: corpus[lastK % corpus.length]!.body.slice(0, 160),
              last_message_direction: inbound ? 'inbound' : 'outbound',
              unread_count: inbound ? 1 + (c % 3) : 0,
              // A few restorable deletions, so the "not deleted" filter has something to skip.
              deleted_at: c % 200 === 7 ? iso(timeOf(lastK) + 3_600_000) : null,
              created_at: iso(timeOf(Math.max(0, plan.first[c]!))),
            }),
          )
        }
        return writer.write(conversationsSpec, rows)
      }),
    )

    await phase('messages', () =>
      inBatches(sizes.messages, async (from, to) => {
        const messages: CellValue[][] = []
        const links: CellValue[][] = []
        for (let k = from; k < to; k++) {
          const c = plan.conversationOf[k]!
          const t = timeOf(k)
          const id = v7({ msecs: t })
          const inbound = (plan.flags[k]! & INBOUND) !== 0
          const text = corpus[k % corpus.length]!
          const phone = phoneOfPerson(c)
          const row = blankMessage({
            id,
            org_id: org.orgId,
            direction: inbound ? 'inbound' : 'outbound',
            kind: inbound ? 'reply' : (plan.flags[k]! & BULK) !== 0 ? 'bulk' : 'one_to_one',
            status: inbound ? 'received' : 'delivered',
            conversation_id: conversationIds[c]!,
            person_id: personIds[c]!,
            to_number: inbound ? org.simulator.sender : phone,
            from_number: inbound ? phone : org.simulator.sender,
            body: text.body,
            encoding: text.count.encoding,
            segments: text.count.segments,
            credits: inbound ? 0 : text.count.segments,
            sender_user_id: inbound ? null : org.userId,
            connection_id: org.simulator.id,
            provider_message_id: `SIM${String(k).padStart(9, '0')}`,
            attempts: inbound ? 0 : 1,
            created_at: iso(t),
            sent_at: inbound ? null : iso(t),
            delivered_at: inbound ? null : iso(t + 2_000),
          })
          messages.push(messagesSpec.cells(row))
          links.push(messagePeopleSpec.cells({ message_id: id, person_id: personIds[c]! }))
          if (k % 997 === 0) sampleMessageIds.push(id)
        }
        await writer.write(messagesSpec, messages)
        await writer.write(messagePeopleSpec, links)
      }),
    )
    await phase('indexes', restoreIndexes)
    return { conversationIds, sampleMessageIds, seconds }
  } finally {
    await writer.close()
  }
}
