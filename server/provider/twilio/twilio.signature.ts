/**
 * X-Twilio-Signature, as twilio-node's src/webhooks/webhooks.ts computes and checks it:
 * base64(HMAC-SHA1(authToken, fullUrl + concat(sorted name+value of each form param))). Twilio signs the URL
 * it called, so `url` must be the public one configured at Twilio, not what a proxy forwarded to us.
 * JSON-body webhooks carry `bodySHA256=<hex>` in the URL instead and are signed with no params.
 */
import { parse as parseLegacyQuery, stringify as stringifyLegacyQuery } from 'node:querystring'
import type { WebhookRequest, WebhookVerdict } from '../provider'
import { digest, headerValue, hmac, safeEqual } from '../webhook-signature'

export type TwilioParams = Record<string, string | readonly string[]>

export function signTwilioRequest(authToken: string, url: string, params: TwilioParams): string {
  let data = url
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!
    if (typeof value === 'string') {
      data += name + value
    } else {
      for (const item of [...new Set(value)].sort()) data += name + item
    }
  }
  return hmac('sha1', authToken, data, 'base64')
}

/** Form fields keeping repeated names (MediaUrl0.. are distinct, but Twilio may add repeats). */
export function formParams(rawBody: string): TwilioParams {
  const params: Record<string, string | string[]> = {}
  for (const [name, value] of new URLSearchParams(rawBody)) {
    const existing = params[name]
    if (existing === undefined) params[name] = value
    else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return params
}

export function verifyTwilioSignature(authToken: string, req: WebhookRequest): WebhookVerdict {
  const signature = headerValue(req.headers, 'x-twilio-signature')
  if (!signature) return 'missing_signature'
  const bodyHash = bodyHashOf(req.url)
  const isForm = (headerValue(req.headers, 'content-type') ?? '').includes(
    'application/x-www-form-urlencoded',
  )
  const params = req.method === 'POST' && isForm && bodyHash === null ? formParams(req.rawBody) : {}
  const urlMatches = candidateUrls(req.url).some((url) =>
    safeEqual(signature, signTwilioRequest(authToken, url, params)),
  )
  if (!urlMatches) return 'invalid_signature'
  if (bodyHash !== null && !safeEqual(bodyHash, digest('sha256', req.rawBody, 'hex')))
    return 'invalid_signature'
  return 'valid'
}

function bodyHashOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('bodySHA256')
  } catch {
    return null
  }
}

/**
 * The URL as received, with and without the port, then the WHATWG-normalised forms with and without a
 * legacy re-encoded query: the same candidates the SDK accepts, since proxies and Twilio's own encoding vary.
 */
function candidateUrls(url: string): string[] {
  const candidates = [removePort(url), addPort(url)]
  let normalized: string
  try {
    normalized = new URL(url).toString()
  } catch {
    return candidates
  }
  for (const base of [removePort(normalized), addPort(normalized)]) {
    candidates.push(base, withLegacyQuery(base))
  }
  return [...new Set(candidates)]
}

interface UrlParts {
  scheme: string
  userInfo: string
  host: string
  port: string
  rest: string
}

/** Splits without normalising, so the path and query keep the exact characters Twilio signed. */
function splitUrl(url: string): UrlParts | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url)
  if (!match) return null
  const [prefix, scheme, authority] = match as unknown as [string, string, string]
  const userInfoEnd = authority.lastIndexOf('@')
  const hostAndPort = authority.slice(userInfoEnd + 1)
  // In an IPv6 literal the port colon comes after the closing bracket.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1)
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  }
}

function addPort(url: string): string {
  const parts = splitUrl(url)
  if (!parts || parts.port) return url
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80'
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest
}

function removePort(url: string): string {
  const parts = splitUrl(url)
  return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url
}

function withLegacyQuery(url: string): string {
  const queryStart = url.indexOf('?')
  if (queryStart === -1 || queryStart === url.length - 1) return url
  return `${url.slice(0, queryStart)}?${stringifyLegacyQuery(parseLegacyQuery(url.slice(queryStart + 1)))}`
}
