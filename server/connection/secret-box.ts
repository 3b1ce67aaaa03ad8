import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM for provider credentials at rest: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 * Sealed with PARLEY_SECRET_KEY; opened with it or any of PARLEY_SECRET_KEY_PREVIOUS (key rotation).
 * A value no key opens (or a tampered one) throws `SealedValueUnreadable`, never reads as something else.
 */
export function sealJson(key: Buffer, value: unknown): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

export class SealedValueUnreadable extends Error {}

function openWith(key: Buffer, iv: string, tag: string, data: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()])
  } catch {
    return null
  }
}

/** The value and which of `keys` opened it (0: the current key; more: a previous one). */
export function openJsonWithKey<T>(keys: readonly Buffer[], sealed: string): { value: T; keyIndex: number } {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || data === undefined)
    throw new SealedValueUnreadable('Sealed value has an unknown format')
  for (const [keyIndex, key] of keys.entries()) {
    const plain = openWith(key, iv, tag, data)
    if (plain) return { value: JSON.parse(plain.toString('utf8')) as T, keyIndex }
  }
  throw new SealedValueUnreadable(
    `Sealed value opens with none of the ${keys.length} key(s) given (PARLEY_SECRET_KEY and PARLEY_SECRET_KEY_PREVIOUS)`,
  )
}

export function openJson<T>(keys: readonly Buffer[], sealed: string): T {
  return openJsonWithKey<T>(keys, sealed).value
}

/** What the API shows of a secret: its last 4 characters. */
export function hintSecret(value: string): string {
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`
}
