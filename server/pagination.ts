import { createHash } from 'node:crypto'
import { errors } from './errors'

/**
 * Keyset pagination for every list of the API: newest first by (created_at, id). A row inserted while
 * a client pages sorts before the first page, so later pages neither repeat nor skip rows.
 * The cursor is opaque to clients: base64url of `[createdAt, id, checksum]`.
 */
export interface CursorKey {
  createdAt: string
  id: string
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface PageRequest {
  after?: CursorKey | undefined
  limit: number
}

export const DEFAULT_PAGE_SIZE = 50

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/
const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,500}$/

function checksum(createdAt: string, id: string): string {
  return createHash('sha256').update(`${createdAt}\n${id}`).digest('base64url').slice(0, 8)
}

export function encodeCursor(key: CursorKey): string {
  const text = JSON.stringify([key.createdAt, key.id, checksum(key.createdAt, key.id)])
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** The position a cursor names; REQUEST_INVALID when it is not one this API handed out. */
export function decodeCursor(cursor: string | undefined): CursorKey | undefined {
  if (cursor === undefined || cursor === '') return undefined
  const invalid = () =>
    new errors.REQUEST_INVALID(
      'querystring/cursor is not a cursor this API returned (pass nextCursor back unchanged, or omit it)',
    )
  if (!CURSOR_TEXT.test(cursor)) throw invalid()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid()
  const [createdAt, id, check] = parsed as unknown[]
  if (typeof createdAt !== 'string' || typeof id !== 'string' || typeof check !== 'string') throw invalid()
  if (!ISO_TIMESTAMP.test(createdAt) || Number.isNaN(Date.parse(createdAt))) throw invalid()
  if (id.length === 0 || id.length > 100 || check !== checksum(createdAt, id)) throw invalid()
  return { createdAt, id }
}

export function pageRequest(query: { cursor?: string | undefined; limit?: number | undefined }): PageRequest {
  return { after: decodeCursor(query.cursor), limit: query.limit ?? DEFAULT_PAGE_SIZE }
}

/** Builds a page from rows fetched with `limit + 1`: the extra row only says there is more. */
export function pageOf<R extends { created_at: string; id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const more = rows.length > limit
  const kept = more ? rows.slice(0, limit) : rows
  const last = kept[kept.length - 1]
  return {
    items: kept.map(map),
    nextCursor: more && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  }
}
