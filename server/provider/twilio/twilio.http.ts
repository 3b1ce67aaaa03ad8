/**
 * The HTTP exchange with Twilio's REST API: Basic auth, form-encoded bodies, JSON answers, error bodies
 * `{code,message,more_info,status}` classified into ProviderErrors.
 */
import { parseRetryAfter } from '../http'
import { type HttpClient, ProviderError } from '../provider'
import { classifyTwilioError, type TwilioErrorBody } from './twilio.codes'
import type { TwilioConfig } from './twilio.config'

export const TWILIO_API_BASE = 'https://api.twilio.com'

/** The fields of Twilio's Message resource that Parley reads. */
export interface TwilioMessage {
  sid: string
  status: string
  direction: string
  from: string | null
  to: string
  body: string
  date_created: string | null
  date_sent: string | null
  error_code: number | null
  error_message: string | null
}

export type JsonObject = Record<string, unknown>

export interface CallOptions {
  form?: URLSearchParams
  signal?: AbortSignal
  allowNotFound?: boolean
}

export interface CallResult {
  status: number
  json: JsonObject
}

export interface TwilioApi {
  /** Absolute URL for a path under the account, e.g. `/Messages.json`. */
  accountUrl(path: string): string
  /** Absolute URL for a path Twilio returned (next_page_uri), relative to the API origin. */
  absoluteUrl(uri: string): string
  /** 2xx answers as JSON objects; other answers throw, except 404 when `allowNotFound` (then `json` is {}). */
  call(action: string, method: 'GET' | 'POST', url: string, options?: CallOptions): Promise<CallResult>
}

export function createTwilioApi(
  config: TwilioConfig,
  http: HttpClient,
  baseUrl = TWILIO_API_BASE,
): TwilioApi {
  const origin = baseUrl.replace(/\/+$/, '')
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`
  return {
    accountUrl: (path) => `${origin}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}${path}`,
    absoluteUrl: (uri) => `${origin}${uri.startsWith('/') ? '' : '/'}${uri}`,
    async call(action, method, url, { form, signal, allowNotFound = false } = {}) {
      const headers: Record<string, string> = { authorization, accept: 'application/json' }
      if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
      let res: Awaited<ReturnType<HttpClient['request']>>
      let text: string
      try {
        res = await http.request(url, { method, headers, body: form?.toString(), signal })
        text = await res.text()
      } catch (error) {
        if (error instanceof ProviderError || signal?.aborted) throw error
        // Not classified by the HTTP client: the request may have gone out.
        throw new ProviderError({
          code: 'OUTCOME_UNKNOWN',
          retryable: false,
          message: `Twilio ${action}: ${error instanceof Error ? error.message : String(error)}`,
        })
      }
      const json = parseObject(text)
      if (res.status >= 200 && res.status < 300) {
        if (json === null) throw malformed(action, res.status, text)
        return { status: res.status, json }
      }
      if (res.status === 404 && allowNotFound) return { status: 404, json: {} }
      throw classifyTwilioError(
        res.status,
        json as TwilioErrorBody | null,
        parseRetryAfter(res.headers['retry-after']),
        action,
      )
    },
  }
}

function parseObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null
  } catch {
    return null
  }
}

export function malformed(action: string, status: number, text: string): ProviderError {
  const excerpt = text.length > 120 ? `${text.slice(0, 120)}…` : text
  return new ProviderError({
    code: 'MALFORMED_RESPONSE',
    // The request may have been accepted; sending it again could text the candidate twice.
    retryable: false,
    httpStatus: status,
    message: `Twilio ${action} answered HTTP ${status} with a body that is not the expected JSON: ${JSON.stringify(excerpt)}`,
  })
}

/** Reads a Message resource, or null when required fields are missing. */
export function readMessage(json: JsonObject): TwilioMessage | null {
  const sid = json.sid
  const status = json.status
  if (typeof sid !== 'string' || sid === '' || typeof status !== 'string') return null
  const text = (key: string): string | null => (typeof json[key] === 'string' ? (json[key] as string) : null)
  return {
    sid,
    status,
    direction: text('direction') ?? '',
    from: text('from'),
    to: text('to') ?? '',
    body: text('body') ?? '',
    date_created: text('date_created'),
    date_sent: text('date_sent'),
    error_code: typeof json.error_code === 'number' ? json.error_code : null,
    error_message: text('error_message'),
  }
}

/** RFC 2822 (`Thu, 24 Aug 2023 05:01:45 +0000`) to ISO 8601, or null. */
export function rfc2822ToIso(value: string | null): string | null {
  if (!value) return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}
