import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** Constant-time string comparison; a length mismatch returns early (lengths are fixed by the algorithm). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

export function hmac(
  algorithm: 'sha1' | 'sha256' | 'sha512' | 'md5',
  key: string,
  message: string,
  encoding: 'base64' | 'hex',
): string {
  return createHmac(algorithm, key).update(Buffer.from(message, 'utf8')).digest(encoding)
}

export function digest(algorithm: 'sha256' | 'md5', message: string, encoding: 'base64' | 'hex'): string {
  return createHash(algorithm).update(Buffer.from(message, 'utf8')).digest(encoding)
}

/** Header lookup that does not care how the caller cased the names. */
export function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value
  }
  return undefined
}
