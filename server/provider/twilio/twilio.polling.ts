/**
 * Polling for inbound messages: list Messages with `To=<our number>&DateSent>=<window start>`, keep
 * `direction == "inbound"`, follow `next_page_uri`. Twilio documents the date filter at day granularity
 * (the SDK sends full ISO timestamps) and does not document the sort order, so the adapter filters by time
 * itself and remembers the sids it has returned inside an overlap window instead of trusting either.
 */
import type { InboundSms } from '../provider'
import { readMessage, rfc2822ToIso, type TwilioApi } from './twilio.http'

/** Late-listed messages (Twilio's list may lag its webhooks) are still caught within this window. */
const OVERLAP_MS = 10 * 60_000
const PAGE_SIZE = 100
/** Bounds one poll; anything beyond is picked up by the next one since the cursor does not pass it. */
const MAX_PAGES = 20

interface InboundCursor {
  /** ISO time: messages sent at or after it are listed. */
  after: string
  /** Sids already returned that were sent at or after `after`. */
  seen: string[]
}

function readCursor(cursor: string | null, now: number): InboundCursor {
  if (cursor) {
    try {
      const parsed: unknown = JSON.parse(cursor)
      if (typeof parsed === 'object' && parsed !== null) {
        const { after, seen } = parsed as { after?: unknown; seen?: unknown }
        if (typeof after === 'string' && !Number.isNaN(Date.parse(after)) && Array.isArray(seen)) {
          return { after, seen: seen.filter((s): s is string => typeof s === 'string') }
        }
      }
    } catch {
      // An unreadable cursor starts a fresh window below.
    }
  }
  return { after: new Date(now - OVERLAP_MS).toISOString(), seen: [] }
}

/** `2024-01-01T00:00:00Z`, the form the Node SDK sends for dateSentAfter. */
function toTwilioDate(iso: string): string {
  return `${iso.slice(0, 19)}Z`
}

export async function pollTwilioInbound(
  api: TwilioApi,
  ourNumber: string | undefined,
  cursor: string | null,
  signal?: AbortSignal,
  now: number = Date.now(),
): Promise<{ messages: InboundSms[]; cursor: string | null }> {
  const state = readCursor(cursor, now)
  const afterMs = Date.parse(state.after)
  const query = new URLSearchParams()
  if (ourNumber) query.set('To', ourNumber)
  query.set('DateSent>', toTwilioDate(state.after))
  query.set('PageSize', String(PAGE_SIZE))

  const inWindow: Array<{ sms: InboundSms; sentMs: number }> = []
  let url: string | null = api.accountUrl(`/Messages.json?${query.toString()}`)
  for (let page = 0; url !== null && page < MAX_PAGES; page++) {
    const { json } = await api.call('list messages', 'GET', url, { signal })
    const rows = Array.isArray(json.messages) ? json.messages : []
    for (const row of rows) {
      const message =
        typeof row === 'object' && row !== null ? readMessage(row as Record<string, unknown>) : null
      if (message?.direction !== 'inbound') continue
      const sentAt = rfc2822ToIso(message.date_sent) ?? rfc2822ToIso(message.date_created)
      if (sentAt === null || Date.parse(sentAt) < afterMs) continue
      inWindow.push({
        sentMs: Date.parse(sentAt),
        sms: {
          providerMessageId: message.sid,
          from: message.from ?? '',
          to: message.to,
          body: message.body,
          receivedAt: sentAt,
        },
      })
    }
    url = typeof json.next_page_uri === 'string' ? api.absoluteUrl(json.next_page_uri) : null
  }

  // Pages are offsets into a list that grows while we read it, so a row can show up on two pages.
  const seen = new Set(state.seen)
  const fresh = inWindow.filter(({ sms }) => {
    if (seen.has(sms.providerMessageId)) return false
    seen.add(sms.providerMessageId)
    return true
  })
  fresh.sort((a, b) => a.sentMs - b.sentMs)
  const newest = Math.max(afterMs + OVERLAP_MS, ...inWindow.map((m) => m.sentMs))
  const nextAfter = newest - OVERLAP_MS
  const nextSeen = inWindow.filter((m) => m.sentMs >= nextAfter).map((m) => m.sms.providerMessageId)
  return {
    messages: fresh.map((m) => m.sms),
    cursor: JSON.stringify({ after: new Date(nextAfter).toISOString(), seen: [...new Set(nextSeen)] }),
  }
}
