import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Short signed tokens for public links (`/i/<token>` interviews, `/d/<token>` downloads). A token
 * carries a random link id and its expiry, sealed with an HMAC of the server's secret key, so a
 * tampered or expired link is recognised before any lookup. Every token has the same length, so
 * a text's segment count is known before the token exists.
 */

const ID_BYTES = 9
const EXPIRY_BYTES = 4
const MAC_BYTES = 9
const TOKEN_BYTES = ID_BYTES + EXPIRY_BYTES + MAC_BYTES
/** Characters in every token (base64url of 22 bytes). */
export const SIGNED_TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 4) / 3)
const TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${SIGNED_TOKEN_LENGTH}}$`)

export type LinkPurpose = 'interview' | 'download'

export type VerifiedLink =
  | { status: 'valid' | 'expired'; linkId: string; expiresAt: string }
  | { status: 'invalid' }

const keyCache = new WeakMap<Buffer, Map<LinkPurpose, Buffer>>()

/** One key per purpose, so a download token can never open an interview page. */
function keyFor(secretKey: Buffer, purpose: LinkPurpose): Buffer {
  let keys = keyCache.get(secretKey)
  if (!keys) {
    keys = new Map()
    keyCache.set(secretKey, keys)
  }
  let key = keys.get(purpose)
  if (!key) {
    key = createHmac('sha256', secretKey).update(`parley-link:${purpose}`).digest()
    keys.set(purpose, key)
  }
  return key
}

export function newLinkId(): string {
  return randomBytes(ID_BYTES).toString('base64url')
}

/** Expiry has whole-minute precision: round up once, store the rounded time, and tokens re-create exactly. */
export function linkExpiry(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / 60_000) * 60_000)
}

function mac(secretKey: Buffer, purpose: LinkPurpose, payload: Buffer): Buffer {
  return createHmac('sha256', keyFor(secretKey, purpose)).update(payload).digest().subarray(0, MAC_BYTES)
}

export function signLink(secretKey: Buffer, purpose: LinkPurpose, linkId: string, expiresAt: Date): string {
  const id = Buffer.from(linkId, 'base64url')
  if (id.length !== ID_BYTES) throw new RangeError(`link id must be ${ID_BYTES} bytes of base64url`)
  const payload = Buffer.alloc(ID_BYTES + EXPIRY_BYTES)
  id.copy(payload, 0)
  payload.writeUInt32BE(Math.ceil(expiresAt.getTime() / 60_000), ID_BYTES)
  return Buffer.concat([payload, mac(secretKey, purpose, payload)]).toString('base64url')
}

/**
 * Checks a token against the current key and then each previous one (PARLEY_SECRET_KEY_PREVIOUS), so
 * links texted before a key rotation keep working until they expire.
 */
export function verifyLink(
  secretKeys: readonly Buffer[],
  purpose: LinkPurpose,
  token: string,
  now: Date,
): VerifiedLink {
  if (!TOKEN_PATTERN.test(token)) return { status: 'invalid' }
  const bytes = Buffer.from(token, 'base64url')
  if (bytes.length !== TOKEN_BYTES) return { status: 'invalid' }
  const payload = bytes.subarray(0, ID_BYTES + EXPIRY_BYTES)
  const given = bytes.subarray(ID_BYTES + EXPIRY_BYTES)
  if (!secretKeys.some((key) => timingSafeEqual(given, mac(key, purpose, payload)))) {
    return { status: 'invalid' }
  }
  const expiresAt = new Date(payload.readUInt32BE(ID_BYTES) * 60_000)
  return {
    status: expiresAt.getTime() <= now.getTime() ? 'expired' : 'valid',
    linkId: payload.subarray(0, ID_BYTES).toString('base64url'),
    expiresAt: expiresAt.toISOString(),
  }
}

/** The public URL of a link: `${base}/i/<token>` or `${base}/d/<token>`. */
export function linkUrl(publicBaseUrl: string, purpose: LinkPurpose, token: string): string {
  return `${publicBaseUrl}/${purpose === 'interview' ? 'i' : 'd'}/${token}`
}

/** A stand-in URL of the real length, for counting segments before tokens exist. */
export function placeholderLinkUrl(publicBaseUrl: string, purpose: LinkPurpose): string {
  return linkUrl(publicBaseUrl, purpose, 'x'.repeat(SIGNED_TOKEN_LENGTH))
}
