import type { InboundSms } from '../provider'
import { fromFireTextNumber, parseUkLocal, ukDateOf } from './firetext.format'

/**
 * Polling /api/receivedmessages. FireText filters by calendar day only (`from=YYYY-MM-DD`, UK time), so
 * the cursor keeps that day plus the newest receive time seen and the ids received at that exact time:
 * the next poll asks from that day again and drops what it already returned. (`from=last`, FireText's
 * server-side "new since the last call", is avoided: a second reader of the same account would steal
 * messages from the first.)
 */
export interface PollCursor {
  /** UK date to ask from. */
  from: string
  /** ISO time of the newest message returned so far. */
  since?: string
  /** Ids of the messages received exactly at `since`. */
  seen?: string[]
}

export function decodeCursor(cursor: string | null, now: Date): PollCursor {
  if (cursor) {
    try {
      const parsed = JSON.parse(cursor) as Partial<PollCursor>
      if (typeof parsed.from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parsed.from)) {
        return {
          from: parsed.from,
          ...(typeof parsed.since === 'string' ? { since: parsed.since } : {}),
          ...(Array.isArray(parsed.seen) ? { seen: parsed.seen.filter((id) => typeof id === 'string') } : {}),
        }
      }
    } catch {
      // An unreadable cursor starts again from today; the hub stores each message once anyway.
    }
  }
  return { from: ukDateOf(now) }
}

export function encodeCursor(cursor: PollCursor): string {
  return JSON.stringify(cursor)
}

/** One item of /api/receivedmessages/json `data`. */
export function toInboundSms(item: unknown, now: Date): InboundSms | null {
  if (typeof item !== 'object' || item === null) return null
  const fields = item as Record<string, unknown>
  const id = fields.messageId
  const from = fields.receivedFrom
  const to = fields.sentTo
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof from !== 'string') return null
  return {
    providerMessageId: String(id),
    from: fromFireTextNumber(from),
    to: typeof to === 'string' ? fromFireTextNumber(to) : '',
    body: typeof fields.message === 'string' ? fields.message : '',
    receivedAt:
      parseUkLocal(typeof fields.receivedOn === 'string' ? fields.receivedOn : undefined) ??
      now.toISOString(),
  }
}

/** Drops what the cursor says was returned before, and moves the cursor to the newest message. */
export function selectNew(
  messages: InboundSms[],
  cursor: PollCursor,
): { messages: InboundSms[]; cursor: PollCursor } {
  const seen = new Set(cursor.since ? (cursor.seen ?? []) : [])
  const fresh = messages.filter((sms) => {
    if (!cursor.since) return true
    if (sms.receivedAt < cursor.since) return false
    return !(sms.receivedAt === cursor.since && seen.has(sms.providerMessageId))
  })
  if (fresh.length === 0) return { messages: [], cursor }
  // ISO strings of one format sort as times do.
  const newest = [cursor.since ?? '', ...fresh.map((sms) => sms.receivedAt)].sort().at(-1)!
  const seenAtNewest = fresh.filter((sms) => sms.receivedAt === newest).map((sms) => sms.providerMessageId)
  const carried = newest === cursor.since ? [...seen] : []
  return {
    messages: fresh,
    cursor: { from: ukDateOf(new Date(newest)), since: newest, seen: [...carried, ...seenAtNewest] },
  }
}
