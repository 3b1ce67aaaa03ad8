import type { Db } from '../db/database'
import { groupBy } from './collections'
import type { InboundItem } from './inbound.service'
import { findPartReceipts, itemOfReceipt } from './inbound-receipt.repository'
import type { InboundReceiptRow } from './inbound-receipt.table'

/** Parts of one text that do not all arrive within this time are stored as they are, gaps marked. */
export const PART_PATIENCE_MS = 10 * 60_000
/** Where a part never came. */
export const MISSING_PART = '[…]'

/** A text ready to store, and every receipt it stands for. */
export interface Assembled {
  item: InboundItem
  receiptIds: string[]
}

/**
 * The body of a text joined from its parts, in part order, with a mark where one is missing; the
 * first copy of a part number counts.
 */
export function joinParts(
  parts: readonly Pick<InboundReceiptRow, 'part_number' | 'body'>[],
  total: number,
): string {
  const byNumber = new Map<number, string>()
  for (const part of parts) {
    if (part.part_number !== null && !byNumber.has(part.part_number))
      byNumber.set(part.part_number, part.body)
  }
  return Array.from({ length: total }, (_, i) => byNumber.get(i + 1) ?? MISSING_PART).join('')
}

/**
 * The texts among `parts` whose parts are all in (as receipts: step 1 has committed every part it
 * answered for), or whose first part waited `PART_PATIENCE_MS`, each joined into one text that stands
 * for all its receipts. The others wait: their receipts stay, and the part that completes them, or
 * the sweep, comes back here. Two batches may join the same text at once; storing it is idempotent.
 */
export async function assembleParts(
  db: Db,
  parts: readonly { item: InboundItem }[],
  now: Date,
): Promise<Assembled[]> {
  const groups = groupBy(parts, ({ item }) => `${item.connection.id} ${item.sms.from} ${item.sms.part?.ref}`)
  const out: Assembled[] = []
  for (const [first] of groups.values()) {
    const { connection, sms } = first!.item
    if (!sms.part) continue
    const rows = await findPartReceipts(db, {
      connectionId: connection.id,
      from: sms.from,
      ref: sms.part.ref,
    })
    if (rows.length === 0) continue // stored already, by a batch beside this one
    const total = rows[0]!.part_total ?? sms.part.total
    const numbers = new Set(rows.map((r) => r.part_number))
    const waited = now.getTime() - Math.min(...rows.map((r) => Date.parse(r.created_at)))
    if (numbers.size < total && waited < PART_PATIENCE_MS) continue
    // The text is the lowest part's, with the joined body and no part of its own any more.
    const lead = rows.reduce((a, b) => ((b.part_number ?? 0) < (a.part_number ?? 0) ? b : a))
    const item = itemOfReceipt(lead)
    const { part: _lead, ...whole } = item.sms
    out.push({
      receiptIds: rows.map((r) => r.id),
      item: {
        ...item,
        partIds: rows.map((r) => r.provider_message_id),
        sms: {
          ...whole,
          body: joinParts(rows, total),
          ...(rows.some((r) => r.body_cleaned === 1) ? { bodyCleaned: true } : {}),
        },
      },
    })
  }
  return out
}
