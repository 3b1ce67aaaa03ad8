import { Agent, type Dispatcher, errors, request } from 'undici'
import { type HttpClient, ProviderError } from './provider'

export interface HttpClientOptions {
  /** Whole-exchange limit per request (connect, headers and body), in ms. */
  timeoutMs?: number
  /** Sockets kept per origin; providers throttle per account, so a few are plenty. */
  connectionsPerOrigin?: number
}

export interface ClosableHttpClient extends HttpClient {
  /** Closes the kept-alive sockets; call on shutdown and after tests. */
  close(): Promise<void>
}

const DEFAULT_TIMEOUT_MS = 10_000

/**
 * Kept-alive sockets are closed after 4 s idle (undici's own default), below the idle time-out of the
 * servers and load balancers in front of providers (Node 5 s, AWS 60 s, nginx 75 s): a socket the server
 * closes while idle would otherwise meet our next request, which then fails after it may have been
 * written (undici retries nothing on a closed socket, and it cannot: a send is a POST). A server that
 * announces `Keep-Alive: timeout=N` is believed, less 2 s (undici's threshold), and undici checks an idle
 * socket for a close already received before writing to it.
 */
const KEEP_ALIVE_MS = 4_000

/**
 * The production HttpClient: undici's `request` over a keep-alive Agent (Node's fetch costs about ten times
 * more per call). The body is read before returning, so the timeout covers a provider that sends headers
 * and then stalls, and no socket is left holding an unread body. Failures become ProviderErrors, classified
 * by whether the provider can have received the request (see ProviderError):
 * - UNAVAILABLE, retryable: nothing reached the provider (refused, DNS, TLS, no connection within half
 *   the time-out).
 * - OUTCOME_UNKNOWN, not retryable: anything after the request may have been written (reset, socket
 *   closed, no complete answer in time, a body cut short).
 * An abort from the caller's own signal is rethrown as it is.
 */
export function createHttpClient(options: HttpClientOptions = {}): ClosableHttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const agent = new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: 60_000,
    connections: options.connectionsPerOrigin ?? 16,
    // Half the whole time-out, so a connection that cannot be made fails as "nothing sent" before the
    // whole-exchange time-out (which cannot tell whether the request was written) runs out.
    connect: { timeout: Math.max(1, Math.floor(timeoutMs / 2)) },
  })

  return {
    async request(url, init) {
      const timeout = AbortSignal.timeout(timeoutMs)
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout
      try {
        const res = await request(url, {
          method: init.method as Dispatcher.HttpMethod,
          headers: init.headers,
          body: init.body,
          signal,
          dispatcher: agent,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        })
        const text = await res.body.text()
        return { status: res.statusCode, headers: res.headers, text: async () => text }
      } catch (error) {
        if (init.signal?.aborted) throw init.signal.reason ?? error
        throw toProviderError(error, init.method, url, timeout.aborted, timeoutMs)
      }
    },
    close: () => agent.close(),
  }
}

/** Error codes raised before any byte of the request is written: no route, no name, refused, TLS. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'HOSTNAME_MISMATCH',
])
/** TLS handshake failures (certificate checks, protocol errors), all before the request is written. */
const TLS_CODE = /^(CERT_|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/

function errorCodes(error: unknown): string[] {
  const codes: string[] = []
  for (let e = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as Error & { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
    e = (e as Error & { cause?: unknown }).cause
  }
  return codes
}

/** True when the error proves the request never reached the provider. */
export function provesNothingSent(error: unknown): boolean {
  if (error instanceof errors.ConnectTimeoutError) return true
  return errorCodes(error).some((code) => NOT_SENT_CODES.has(code) || TLS_CODE.test(code))
}

function toProviderError(
  error: unknown,
  method: string,
  url: string,
  timedOut: boolean,
  timeoutMs: number,
): ProviderError {
  const target = `${method} ${describeUrl(url)}`
  const reason = error instanceof Error ? describeNetworkError(error) : String(error)
  if (error instanceof errors.ConnectTimeoutError) {
    return new ProviderError({
      code: 'UNAVAILABLE',
      retryable: true,
      message: `${target} could not connect within ${Math.floor(timeoutMs / 2)} ms`,
    })
  }
  if (provesNothingSent(error)) {
    return new ProviderError({
      code: 'UNAVAILABLE',
      retryable: true,
      message: `${target} could not connect: ${reason}`,
    })
  }
  if (error instanceof errors.InvalidArgumentError) {
    return new ProviderError({ code: 'UNAVAILABLE', retryable: false, message: `${target}: ${reason}` })
  }
  // From here on the request may have reached the provider: the outcome is unknown.
  const isTimeout =
    timedOut || error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError
  return new ProviderError({
    code: 'OUTCOME_UNKNOWN',
    retryable: false,
    message: isTimeout
      ? `${target} got no complete answer within ${timeoutMs} ms`
      : `${target} lost its connection before a complete answer: ${reason}`,
  })
}

/** Origin and path only: query strings can carry credentials on some provider APIs. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return 'an invalid URL'
  }
}

function describeNetworkError(error: Error): string {
  const code = (error as Error & { code?: unknown }).code
  const cause = (error as Error & { cause?: unknown }).cause
  const causeText = cause instanceof Error ? ` (${cause.message})` : ''
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${causeText}`
}

/** The longest wait a Retry-After is honoured for; a longer one (or a date further off) is cut to this. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTH = `(${MONTHS.join('|')})`
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})'
/** RFC 9110 section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept. */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`)
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
)
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`)

interface DateParts {
  day: number
  month: string
  year: number
  hour: number
  minute: number
  second: number
}

function dateParts(text: string, now: number): DateParts | undefined {
  const fixdate = IMF_FIXDATE.exec(text)
  if (fixdate) {
    const [, day, month, year, hour, minute, second] = fixdate.map(String)
    return { day: +day!, month: month!, year: +year!, hour: +hour!, minute: +minute!, second: +second! }
  }
  const rfc850 = RFC850_DATE.exec(text)
  if (rfc850) {
    const [, day, month, yy, hour, minute, second] = rfc850.map(String)
    // A two-digit year more than 50 years ahead is one of the past century (RFC 9110 section 5.6.7).
    const thisYear = new Date(now).getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + Number(yy)
    if (year > thisYear + 50) year -= 100
    return { day: +day!, month: month!, year, hour: +hour!, minute: +minute!, second: +second! }
  }
  const asctime = ASCTIME_DATE.exec(text)
  if (asctime) {
    const [, month, day, hour, minute, second, year] = asctime.map(String)
    return { day: +day!, month: month!, year: +year!, hour: +hour!, minute: +minute!, second: +second! }
  }
  return undefined
}

/** An HTTP-date in ms since the epoch; undefined for any other shape or an impossible date (31 Feb). */
function parseHttpDate(text: string, now: number): number | undefined {
  const parts = dateParts(text, now)
  if (!parts) return undefined
  const month = MONTHS.indexOf(parts.month)
  const at = Date.UTC(parts.year, month, parts.day, parts.hour, parts.minute, parts.second)
  const back = new Date(at)
  const real =
    back.getUTCFullYear() === parts.year &&
    back.getUTCMonth() === month &&
    back.getUTCDate() === parts.day &&
    back.getUTCHours() === parts.hour &&
    back.getUTCMinutes() === parts.minute &&
    back.getUTCSeconds() === parts.second
  return real ? at : undefined
}

/**
 * Retry-After (RFC 9110 section 10.2.3) in ms: delay-seconds or an HTTP-date. A date in the past is 0;
 * any wait is cut to MAX_RETRY_AFTER_MS. Undefined when absent or in neither form (a bare ISO date,
 * a negative or fractional number, words), so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS)
  const at = parseHttpDate(text, now)
  return at === undefined ? undefined : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS)
}
