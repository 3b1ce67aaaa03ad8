import type { RecordDeps } from '../service-deps'
import { deleteLoginAttemptsBefore, recordLoginAttempt } from './auth.repository'

export const LOGIN_WINDOW_MS = 60_000

/**
 * The sign-in rate limit, counted in the database so every instance shares it: at most `max` attempts
 * per key (the client's address) in each fixed minute. A key's first attempt of a minute clears the
 * rows of earlier minutes, so the table holds about one minute of keys.
 */
export async function countLoginAttempt(
  deps: RecordDeps,
  key: string,
  max: number,
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const now = deps.clock.now().getTime()
  const windowStart = now - (now % LOGIN_WINDOW_MS)
  const count = await recordLoginAttempt(deps.db, windowStart, key)
  if (count === 1) await deleteLoginAttemptsBefore(deps.db, windowStart)
  return { allowed: count <= max, retryAfterMs: windowStart + LOGIN_WINDOW_MS - now }
}
