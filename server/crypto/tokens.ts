import { createHash, randomBytes } from 'node:crypto'

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/** A random secret of `bytes` bytes, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** API keys look like `pk_<48 url-safe chars>`; the prefix makes them easy to spot in a leak scan. */
export function newApiKeySecret(): string {
  return `pk_${randomToken(36)}`
}
