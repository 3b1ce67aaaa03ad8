import { parseRetryAfter } from '../http'
import { ProviderError } from '../provider'

/**
 * Vonage answers 200 for its own errors (they are in the body); other HTTP statuses come from its
 * gateway and are classified by their HTTP meaning.
 */
export function httpStatusError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): ProviderError {
  const base = { httpStatus: status, providerCode: String(status) }
  if (status === 401 || status === 403) {
    return new ProviderError({
      ...base,
      code: 'AUTH_FAILED',
      retryable: false,
      message: 'Vonage did not accept the API key and secret; check the connection settings',
    })
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'])
    return new ProviderError({
      ...base,
      code: 'RATE_LIMITED',
      retryable: true,
      message: 'Vonage is receiving too many requests from this account; Parley will try again shortly',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }
  if (status >= 500) {
    return new ProviderError({
      ...base,
      code: 'UNAVAILABLE',
      retryable: true,
      message: `Vonage is not available right now (HTTP ${status}); Parley will try again`,
    })
  }
  const detail = text.trim().slice(0, 200)
  return new ProviderError({
    ...base,
    code: 'REJECTED',
    retryable: false,
    message: `Vonage refused the request (HTTP ${status}${detail ? `: ${detail}` : ''})`,
  })
}

export function malformed(what: string, text: string): ProviderError {
  const start = text.trim().slice(0, 80)
  return new ProviderError({
    code: 'MALFORMED_RESPONSE',
    retryable: false,
    httpStatus: 200,
    message: `Vonage answered the ${what} request with something Parley could not read${start ? ` ("${start}")` : ''}`,
  })
}

/** The JSON object of a 2xx reply; anything else is a ProviderError. */
export function readVonageJson(
  what: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): Record<string, unknown> {
  if (status < 200 || status > 299) throw httpStatusError(status, headers, text)
  try {
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>
    }
  } catch {
    // falls through to the error below
  }
  throw malformed(what, text)
}
