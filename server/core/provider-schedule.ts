/**
 * When a scheduled message is handed to a provider that can hold it (provider-side scheduling), as
 * pure functions of the send time, the clock and the provider's window. Parley's own scheduler is
 * the fallback for every time outside the window.
 */

/** How far ahead a provider accepts a message to hold, in milliseconds from the request. */
export interface SchedulingWindow {
  minLeadMs: number
  maxAheadMs: number
}

/**
 * Kept clear of both edges of the window, so the request is still inside it when it reaches the
 * provider (network time, clock drift between us and them).
 */
export const WINDOW_MARGIN_MS = 60_000

/** The send times a message may have to be handed over now: [from, to], ISO UTC. */
export function handoverRange(now: Date, window: SchedulingWindow): { from: string; to: string } | null {
  const from = now.getTime() + window.minLeadMs + WINDOW_MARGIN_MS
  const to = now.getTime() + window.maxAheadMs - WINDOW_MARGIN_MS
  if (to < from) return null
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() }
}

/** True when a message due at `sendAt` can be handed over now. */
export function canHandOver(sendAt: string | null, now: Date, window: SchedulingWindow): boolean {
  if (!sendAt) return false
  const lead = new Date(sendAt).getTime() - now.getTime()
  return lead >= window.minLeadMs + WINDOW_MARGIN_MS && lead <= window.maxAheadMs - WINDOW_MARGIN_MS
}

/** The ISO time without milliseconds, as providers take it: "2026-11-23T09:00:00Z". */
export function wholeSecondsIso(at: string): string {
  return `${new Date(at).toISOString().slice(0, 19)}Z`
}
