/**
 * Exponential backoff with full jitter, bounded, honouring a provider's Retry-After when longer.
 * `random` is injected so tests are deterministic.
 */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
  maxAttempts: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 10 * 60_000, maxAttempts: 6 }

export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2)
  return Math.max(jittered, retryAfterMs ?? 0)
}

export function shouldRetry(attempt: number, policy: BackoffPolicy): boolean {
  return attempt < policy.maxAttempts
}
