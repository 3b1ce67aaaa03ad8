/**
 * The one door to the API: JSON in and out, the session cookie, the CSRF header on writes, and
 * error bodies (`{ statusCode, code, error, message, details }`) turned into an ApiError the UI can show.
 */
import type { Static, TObject } from 'typebox'
import type { Page } from '../../../common/api/schema'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

let csrfToken: string | null = null
const unauthorizedListeners = new Set<() => void>()

/** The session's CSRF token, from the login answer or from GET /me after a reload. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called when the session has ended (expired, signed out elsewhere) so the app can show the sign-in page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener)
  return () => unauthorizedListeners.delete(listener)
}

/** A page of a cursor-paginated list (`Page` of common/api/schema.ts) of the given item schema. */
export type PageOf<Item extends TObject> = Static<ReturnType<typeof Page<Item>>>

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function readError(response: Response, method: string, path: string): Promise<ApiError> {
  const fallback = `${method} ${path} answered ${response.status} ${response.statusText}`
  try {
    const body: unknown = await response.json()
    if (isRecord(body) && typeof body.message === 'string') {
      return new ApiError(
        response.status,
        typeof body.code === 'string' ? body.code : 'UNKNOWN',
        body.message,
        isRecord(body.details) ? body.details : undefined,
      )
    }
  } catch {
    // not JSON: a proxy or a crash page; the status line is all we know
  }
  return new ApiError(response.status, 'UNKNOWN', fallback)
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  /** A file sent as it is (a CSV list, a PDF) with its own Content-Type, instead of a JSON body. */
  raw?: { contentType: string; data: Blob | string }
  query?: Query
  signal?: AbortSignal
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.raw) headers['content-type'] = options.raw.contentType
  else if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const url = withQuery(path, options.query)
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.data : options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'NETWORK_ERROR', 'Parley cannot be reached. Check your connection and try again.')
  }
  if (!response.ok) {
    const error = await readError(response, method, path)
    if (response.status === 401 && !path.endsWith('/auth/login')) {
      for (const listener of unauthorizedListeners) listener()
    }
    throw error
  }
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

/** The message to show for any error thrown by a fetcher or a mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return 'Something went wrong'
}
