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
 * The production HttpClient: undici's `request` over a keep-alive Agent (Node's fetch costs about ten times
 * more per call). The body is read before returning, so the timeout covers a provider that sends headers
 * and then stalls, and no socket is left holding an unread body. Failures become ProviderErrors: TIMEOUT
 * (the request went out, no complete answer came) and UNAVAILABLE (nothing sent, or refused), both retryable. An abort from the caller's own signal is rethrown as it is.
 */
export function createHttpClient(options: HttpClientOptions = {}): ClosableHttpClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const agent = new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: options.connectionsPerOrigin ?? 16,
    connect: { timeout: timeoutMs },
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

function toProviderError(
  error: unknown,
  method: string,
  url: string,
  timedOut: boolean,
  timeoutMs: number,
): ProviderError {
  const target = `${method} ${describeUrl(url)}`
  if (error instanceof errors.ConnectTimeoutError) {
    // Nothing reached the provider: safe to send again.
    return new ProviderError({
      code: 'UNAVAILABLE',
      retryable: true,
      message: `${target} could not connect within ${timeoutMs} ms`,
    })
  }
  // The request may have reached the provider (see the dispatcher's handling of TIMEOUT).
  const isTimeout =
    timedOut || error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError
  if (isTimeout) {
    return new ProviderError({
      code: 'TIMEOUT',
      retryable: true,
      message: `${target} got no complete answer within ${timeoutMs} ms`,
    })
  }
  const reason = error instanceof Error ? describeNetworkError(error) : String(error)
  if (error instanceof errors.InvalidArgumentError) {
    return new ProviderError({ code: 'UNAVAILABLE', retryable: false, message: `${target}: ${reason}` })
  }
  return new ProviderError({ code: 'UNAVAILABLE', retryable: true, message: `${target} failed: ${reason}` })
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

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
