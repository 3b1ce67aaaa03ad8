import { createHash } from 'node:crypto'

/** How long a key's first answer is kept: a retry with the key within this time gets it again. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24
/** A request still unanswered this long after it took its key was interrupted (its process died). */
export const IDEMPOTENCY_KEY_INTERRUPTED_AFTER_MS = 60_000
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255

/** Keys taken before this time are forgotten (their requests may run again with the same key). */
export function expiredKeysCutoff(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000)
}

/** Visible ASCII only, as a header value can carry it unchanged through proxies. */
const KEY_PATTERN = /^[\x21-\x7e]+$/

export type KeyCheck = { ok: true; key: string } | { ok: false; reason: string }

/** Checks an `Idempotency-Key` header's value: 1 to 255 visible ASCII characters (a UUID is typical). */
export function checkIdempotencyKey(value: string | string[]): KeyCheck {
  if (Array.isArray(value)) return { ok: false, reason: 'Idempotency-Key was sent more than once' }
  if (value.length === 0) return { ok: false, reason: 'Idempotency-Key is empty' }
  if (value.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return {
      ok: false,
      reason: `Idempotency-Key is ${value.length} characters long; the most is ${IDEMPOTENCY_KEY_MAX_LENGTH}`,
    }
  }
  if (!KEY_PATTERN.test(value)) {
    return { ok: false, reason: 'Idempotency-Key may hold only visible ASCII characters (no spaces)' }
  }
  return { ok: true, key: value }
}

/** JSON with object keys in order, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return ''
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
}

/** What makes two requests "the same" for a key: method, path with its query, and body. */
export function requestFingerprint(request: { method: string; url: string; body: unknown }): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(canonicalJson(request.body))
    .digest('hex')
}

export type KeyAnswer =
  | { kind: 'replay' }
  | { kind: 'different_request' }
  | { kind: 'in_progress' }
  | { kind: 'interrupted' }

/** What a request meets when its key is already taken by an earlier request of the organization. */
export function answerForTakenKey(
  earlier: { fingerprint: string; completed: boolean; createdAt: Date },
  request: { fingerprint: string; now: Date },
): KeyAnswer {
  if (earlier.fingerprint !== request.fingerprint) return { kind: 'different_request' }
  if (earlier.completed) return { kind: 'replay' }
  return request.now.getTime() - earlier.createdAt.getTime() >= IDEMPOTENCY_KEY_INTERRUPTED_AFTER_MS
    ? { kind: 'interrupted' }
    : { kind: 'in_progress' }
}
