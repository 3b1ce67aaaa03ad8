import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM for provider credentials at rest: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 * The key is PARLEY_SECRET_KEY; a wrong key or a tampered value fails loudly, never silently.
 */
export function sealJson(key: Buffer, value: unknown): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

export function openJson<T>(key: Buffer, sealed: string): T {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || data === undefined)
    throw new Error('Sealed value has an unknown format')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()])
  return JSON.parse(plain.toString('utf8')) as T
}

/** What the API shows of a secret: its last 4 characters. */
export function hintSecret(value: string): string {
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`
}
