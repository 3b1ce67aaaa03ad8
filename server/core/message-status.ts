/**
 * Message statuses and the one transition function every status source goes through (dispatcher,
 * provider callbacks, polls, the simulator), so a late `sent` never overwrites `delivered`.
 */
export const OUTBOUND_STATUSES = [
  'scheduled', // waiting for send_at
  'queued', // due; the dispatcher will claim it
  'sending', // claimed by a dispatcher; the provider call is in flight
  'sent', // the provider accepted it
  'delivered',
  'undelivered', // the provider accepted it but the handset never got it
  'failed', // never accepted, or rejected; credits refunded when never accepted
  'unknown', // a crash left the outcome unknown: a person decides (resend or mark sent)
  'cancelled',
  'not_triggered', // a bulk recipient that was skipped (no mobile, opted out...): "did not trigger"
] as const
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number]
export type MessageStatus = OutboundStatus | 'received'

/**
 * Statuses a provider can report for a message it has seen; `cancelled` only for a message it was
 * holding to send later (provider-side scheduling).
 */
export type ProviderReportedStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'cancelled'

const RANK: Record<string, number> = {
  scheduled: 0,
  queued: 1,
  sending: 2,
  unknown: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  cancelled: 5,
  not_triggered: 5,
}

export function isFinal(status: string): boolean {
  return (RANK[status] ?? 0) >= 4
}

/**
 * The status after a provider report, or null when the report must be ignored: reports never move
 * a message backwards, and a final status is never replaced by another one.
 */
export function nextStatus(current: string, reported: ProviderReportedStatus): MessageStatus | null {
  if (current === 'cancelled' || current === 'not_triggered' || current === 'received') return null
  if (isFinal(current)) return null
  // Only a message still waiting for its time can be called off; a late report for one sent is ignored.
  if (reported === 'cancelled') return current === 'scheduled' ? 'cancelled' : null
  const target: MessageStatus = reported === 'queued' ? 'sent' : reported
  return (RANK[target] ?? 0) > (RANK[current] ?? 0) ? target : null
}

/** The message views of the inbox (seed 002) and the statuses each one shows. */
export const MESSAGE_VIEWS = {
  all: null,
  received: ['received'],
  sent: ['sent', 'delivered', 'undelivered'],
  failed: ['failed', 'undelivered', 'unknown'],
  pending: ['scheduled', 'queued', 'sending'],
  did_not_trigger: ['not_triggered'],
  deleted: null,
} as const satisfies Record<string, readonly MessageStatus[] | null>
export type MessageView = keyof typeof MESSAGE_VIEWS
