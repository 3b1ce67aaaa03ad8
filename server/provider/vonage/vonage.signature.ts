import { digest, hmac, safeEqual } from '../webhook-signature'
import type { VonageSignatureMethod } from './vonage.config'

/**
 * Vonage's request signature (https://developer.vonage.com/en/getting-started/concepts/signing-messages,
 * as implemented by its Python and Ruby SDKs): every parameter except `sig`, sorted by name, each value with
 * "&" and "=" replaced by "_", joined as `&name=value`. "md5hash" is md5 of that string followed by the
 * secret; the HMAC methods key the digest with the secret instead. Hex digest, compared case-insensitively
 * (Vonage sends it upper-case).
 */
export function signVonageParams(
  params: Record<string, string>,
  secret: string,
  method: VonageSignatureMethod = 'md5hash',
): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'sig')
    .sort()
    .map((name) => `&${name}=${(params[name] ?? '').replace(/[&=]/g, '_')}`)
    .join('')
  return method === 'md5hash' ? digest('md5', text + secret, 'hex') : hmac(method, secret, text, 'hex')
}

export function isVonageSignatureValid(
  params: Record<string, string>,
  secret: string,
  method: VonageSignatureMethod = 'md5hash',
): boolean {
  return safeEqual((params.sig ?? '').toLowerCase(), signVonageParams(params, secret, method))
}
