import { parseRetryAfter } from '../http'
import { type HttpClient, ProviderError } from '../provider'
import { fireTextCodeError } from './firetext.codes'

/**
 * Every FireText call is a form POST with the API key as a field (never in the URL, which ends up in
 * logs). FireText answers 200 even for its own errors; other statuses come from the transport or a proxy
 * in front of it, so they are classified by HTTP meaning.
 */
export async function postFireText(
  http: HttpClient,
  url: string,
  fields: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ text: string; headers: Record<string, string | string[] | undefined> }> {
  const res = await http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
    ...(signal ? { signal } : {}),
  })
  const text = await res.text()
  if (res.status < 200 || res.status > 299) throw httpStatusError(res.status, res.headers, text)
  return { text, headers: res.headers }
}

function httpStatusError(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): ProviderError {
  const detail = text.trim().slice(0, 200)
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'])
    return new ProviderError({
      code: 'RATE_LIMITED',
      message: 'FireText is receiving too many messages from this account; Parley will try again shortly',
      retryable: true,
      httpStatus: status,
      providerCode: String(status),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }
  if (status === 401 || status === 403) {
    return new ProviderError({
      code: 'AUTH_FAILED',
      message: 'FireText refused the API key; check it in the connection settings',
      retryable: false,
      httpStatus: status,
      providerCode: String(status),
    })
  }
  if (status >= 500) {
    return new ProviderError({
      code: 'UNAVAILABLE',
      message: `FireText is not available right now (HTTP ${status}); Parley will try again`,
      retryable: true,
      httpStatus: status,
      providerCode: String(status),
    })
  }
  return new ProviderError({
    code: 'REJECTED',
    message: `FireText refused the request (HTTP ${status}${detail ? `: ${detail}` : ''})`,
    retryable: false,
    httpStatus: status,
    providerCode: String(status),
  })
}

export function malformedReply(what: string, text: string): ProviderError {
  const start = text.trim().slice(0, 80)
  return new ProviderError({
    code: 'MALFORMED_RESPONSE',
    message: `FireText answered the ${what} request with something Parley could not read${start ? ` ("${start}")` : ''}`,
    retryable: false,
    httpStatus: 200,
  })
}

/** The plain-text reply of /api/sendsms: `<code>:<credits used> <description>`, e.g. `0:1 SMS successfully queued`. */
export function parseSendReply(
  text: string,
): { code: string; credits: number | null; description: string } | null {
  const match = /^(\d+):(\d*)\s*([\s\S]*)$/.exec(text.trim())
  if (!match) return null
  return { code: match[1]!, credits: match[2] ? Number(match[2]) : null, description: match[3]!.trim() }
}

export interface FireTextEnvelope {
  code: number
  description: string
  responseData: unknown
  data: unknown[]
}

/** The JSON envelope of the `/json` endpoints: `{ code, description, responseData, data }`. */
export function readEnvelope(what: string, text: string): FireTextEnvelope {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw malformedReply(what, text)
  }
  if (typeof parsed !== 'object' || parsed === null) throw malformedReply(what, text)
  const envelope = parsed as Record<string, unknown>
  const code = Number(envelope.code)
  if (!Number.isInteger(code)) throw malformedReply(what, text)
  const description = typeof envelope.description === 'string' ? envelope.description : ''
  if (code !== 0) {
    // Codes 2-12 are documented for sendsms only; elsewhere only 1 (authentication) has a known meaning.
    if (code === 1) throw fireTextCodeError('1', description)
    throw new ProviderError({
      code: 'REJECTED',
      message: `FireText refused the ${what} request (code ${code}: ${description || 'no description'})`,
      retryable: false,
      httpStatus: 200,
      providerCode: String(code),
    })
  }
  return {
    code,
    description,
    responseData: envelope.responseData,
    data: Array.isArray(envelope.data) ? envelope.data : [],
  }
}
