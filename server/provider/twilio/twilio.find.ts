/**
 * Looking for a message Parley may have sent, after a send whose outcome is unknown. Twilio keeps no
 * reference of ours, so the Messages list is filtered by `To` and `From` and the rest is compared here:
 * an outbound message with the same body, created at or after the attempt (less the clocks' difference).
 * `DateSent` is not used as a filter: a message Twilio holds for later has no `date_sent` yet, and the
 * filter is documented at day granularity. A recruiter's earlier identical text to the same number within
 * that margin would be taken for this one: the message is then recorded as sent, never texted twice.
 */
import type { SendResult, SentQuery } from '../provider'
import { toParleyStatus } from './twilio.codes'
import { malformed, readMessage, rfc2822ToIso, type TwilioApi } from './twilio.http'

/** How far Twilio's clock may be behind ours. */
const CLOCK_SKEW_MS = 5 * 60_000
const PAGE_SIZE = 1000
const MAX_PAGES = 5

export async function findTwilioSent(
  api: TwilioApi,
  query: SentQuery,
  signal?: AbortSignal,
): Promise<SendResult | null> {
  const afterMs = Date.parse(query.after) - CLOCK_SKEW_MS
  const filter = new URLSearchParams({ To: query.to })
  if (query.from) filter.set('From', query.from)
  filter.set('PageSize', String(PAGE_SIZE))
  let url: string | null = api.accountUrl(`/Messages.json?${filter.toString()}`)
  let oldest: { sid: string; status: string; createdMs: number } | null = null
  for (let page = 0; url !== null && page < MAX_PAGES; page++) {
    const { status, json } = await api.call('look up a sent message', 'GET', url, { signal })
    if (!Array.isArray(json.messages)) throw malformed('look up a sent message', status, JSON.stringify(json))
    for (const row of json.messages) {
      const message =
        typeof row === 'object' && row !== null ? readMessage(row as Record<string, unknown>) : null
      if (!message?.direction.startsWith('outbound') || message.body !== query.body) continue
      const createdMs = Date.parse(rfc2822ToIso(message.date_created) ?? '')
      if (Number.isNaN(createdMs) || createdMs < afterMs) continue
      if (!oldest || createdMs < oldest.createdMs)
        oldest = { sid: message.sid, status: message.status, createdMs }
    }
    url = typeof json.next_page_uri === 'string' ? api.absoluteUrl(json.next_page_uri) : null
  }
  if (!oldest) return null
  const mapped = toParleyStatus(oldest.status)
  return { providerMessageId: oldest.sid, ...(mapped && mapped !== 'cancelled' ? { status: mapped } : {}) }
}
