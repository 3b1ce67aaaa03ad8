import { parseRetryAfter } from '../http'
import { type HttpClient, ProviderError } from '../provider'

/**
 * HTTP with BulkSMS: pre-emptive Basic auth, JSON both ways, and errors as problem documents
 * `{ type: ".../errors#insufficient-credits", title, status, detail }` with the matching HTTP status.
 */
export interface BulkSmsResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export async function callBulkSms(
  http: HttpClient,
  init: {
    url: string
    method: 'GET' | 'POST'
    credentials: string
    body?: unknown
    signal?: AbortSignal | undefined
  },
): Promise<BulkSmsResponse> {
  const headers: Record<string, string> = {
    authorization: `Basic ${init.credentials}`,
    accept: 'application/json',
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const res = await http.request(init.url, {
    method: init.method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

interface Problem {
  type?: string
  title?: string
  detail?: string
}

function readProblem(text: string): Problem {
  try {
    const parsed = JSON.parse(text) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Problem) : {}
  } catch {
    return {}
  }
}

// BulkSMS reports a bad recipient or sender as a generic 400 whose `detail` names the field; the wording
// is not documented, so these look for the field names.
const SENDER_DETAIL = /("from"|'from'|\bfrom\b\s+(address|field|value)|sender|originator)/i
const RECIPIENT_DETAIL =
  /("to"|'to'|\bto\b\s+(address|field|value)|recipient|phone number|msisdn|destination)/i

/** The ProviderError for a non-2xx reply. */
export function bulkSmsError(res: BulkSmsResponse, what: string): ProviderError {
  const problem = readProblem(res.text)
  const kind = problem.type?.split('#')[1]?.replace(/^\//, '')
  const detail = (problem.detail ?? problem.title ?? '').trim()
  const base = { httpStatus: res.status, providerCode: kind ?? String(res.status) }
  const said = detail ? `: ${detail}` : ''
  if (res.status === 401) {
    return new ProviderError({
      ...base,
      code: 'AUTH_FAILED',
      retryable: false,
      message:
        'BulkSMS did not accept the username/token id and password/secret; check the connection settings',
    })
  }
  if (
    res.status === 403 &&
    (kind === 'insufficient-credits' || /insufficient credit/i.test(problem.title ?? ''))
  ) {
    return new ProviderError({
      ...base,
      code: 'INSUFFICIENT_FUNDS',
      retryable: false,
      message: 'The BulkSMS account has run out of credits; buy more with BulkSMS',
    })
  }
  if (res.status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'])
    return new ProviderError({
      ...base,
      code: 'RATE_LIMITED',
      retryable: true,
      message: 'BulkSMS is receiving too many requests from this account; Parley will try again shortly',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }
  if (res.status >= 500) {
    return new ProviderError({
      ...base,
      code: 'UNAVAILABLE',
      retryable: true,
      message: `BulkSMS is not available right now (HTTP ${res.status}); Parley will try again`,
    })
  }
  if (res.status === 400 && SENDER_DETAIL.test(detail)) {
    return new ProviderError({
      ...base,
      code: 'INVALID_SENDER',
      retryable: false,
      message: `BulkSMS did not accept the sender${said}`,
    })
  }
  if (res.status === 400 && RECIPIENT_DETAIL.test(detail)) {
    return new ProviderError({
      ...base,
      code: 'INVALID_NUMBER',
      retryable: false,
      message: `BulkSMS says the mobile number is not valid${said}`,
    })
  }
  return new ProviderError({
    ...base,
    code: 'REJECTED',
    retryable: false,
    message: `BulkSMS refused the ${what} request (HTTP ${res.status}${said})`,
  })
}

export function malformed(what: string, res: BulkSmsResponse): ProviderError {
  const start = res.text.trim().slice(0, 80)
  return new ProviderError({
    code: 'MALFORMED_RESPONSE',
    retryable: false,
    httpStatus: res.status,
    message: `BulkSMS answered the ${what} request with something Parley could not read${start ? ` ("${start}")` : ''}`,
  })
}

/** The JSON body of a 2xx reply; anything else is a ProviderError. */
export function readJson(what: string, res: BulkSmsResponse): unknown {
  if (res.status < 200 || res.status > 299) throw bulkSmsError(res, what)
  try {
    return JSON.parse(res.text) as unknown
  } catch {
    throw malformed(what, res)
  }
}
