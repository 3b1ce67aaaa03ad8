import { errorCodes, type FastifyInstance } from 'fastify'
import { findTextProblem, textProblem } from '../core/text-hygiene'
import { errors } from '../errors'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route receives texts from a provider (webhooks): its body and query are not refused for a
     * NUL or a lone surrogate, since a candidate's reply must never be lost for a byte; the inbound
     * pipeline stores such a text cleaned and flagged instead (`bodyCleaned`).
     */
    providerInput?: boolean
  }
}

/**
 * Refuses, before validation, any request whose JSON body, query string or path parameters hold a
 * NUL character or a lone UTF-16 surrogate: 400 REQUEST_INVALID naming where ("body/name contains a
 * NUL character (U+0000)"). One hook for every route, so both databases see the same texts (see
 * core/text-hygiene.ts). Uploads read as streams (CSV) go through `refuseNulBytes`; binary uploads
 * (PDFs) may hold any byte.
 */
export function installInputHygiene(app: FastifyInstance): void {
  // JSON is read with JSON.parse (which makes "__proto__" an own key, harmless) and a body holding
  // such a key is then refused by name, rather than answered "not valid JSON" as Fastify's parser does.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    if (text.length === 0) return done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined)
    }
  })
  // Only webhooks read text/plain (their own parser); elsewhere it is a 415 naming what is accepted.
  app.removeContentTypeParser('text/plain')
  app.addHook('preValidation', async (request) => {
    const provider = request.routeOptions.config?.providerInput === true
    const params = findTextProblem(request.params, 'params')
    if (params) {
      // A webhook token with a NUL names no connection; it is not found, like any unknown token.
      if (provider) throw new errors.WEBHOOK_NOT_FOUND()
      throw new errors.REQUEST_INVALID(`${params.path} contains ${params.problem}`)
    }
    if (provider) return
    const found = findTextProblem(request.query, 'querystring') ?? bodyProblem(request.body)
    if (found) throw new errors.REQUEST_INVALID(`${found.path} contains ${found.problem}`)
    const poison = prototypeKey(request.body, 'body')
    if (poison) throw new errors.REQUEST_INVALID(`${poison} key, which is not allowed`)
  })
}

function bodyProblem(body: unknown): ReturnType<typeof findTextProblem> {
  // Streams and buffers (uploads) are read by their routes.
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) {
    return typeof body === 'string' ? findTextProblem(body, 'body') : null
  }
  if (typeof (body as { pipe?: unknown }).pipe === 'function') return null
  return findTextProblem(body, 'body')
}

/** Where a parsed JSON body has a `__proto__` key, or a `constructor` with a `prototype`. */
function prototypeKey(value: unknown, path: string): string | null {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return null
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__') return `${path} contains a __proto__`
    if (
      key === 'constructor' &&
      item !== null &&
      typeof item === 'object' &&
      Object.hasOwn(item, 'prototype')
    )
      return `${path} contains a constructor.prototype`
    const inner = prototypeKey(item, `${path}/${key}`)
    if (inner) return inner
  }
  return null
}

/** A file name or form field of a multipart upload, refused as a JSON field would be. */
export function checkUploadText(value: string | undefined, where: string): void {
  const problem = value === undefined ? null : textProblem(value)
  if (problem) throw new errors.REQUEST_INVALID(`${where} contains ${problem}`)
}

/**
 * A text upload (CSV) as it streams in, ending with 400 REQUEST_INVALID at the first NUL byte, with
 * its line ("body (CSV line 3) contains a NUL character (U+0000)"). In UTF-8 a NUL is the byte 0 and
 * no other character contains that byte, so bytes are checked as they come.
 */
export async function* refuseNulBytes(body: AsyncIterable<Buffer>, what = 'CSV'): AsyncGenerator<Buffer> {
  let line = 1
  for await (const chunk of body) {
    const at = chunk.indexOf(0)
    if (at !== -1) {
      for (let i = 0; i < at; i += 1) if (chunk[i] === 10) line += 1
      throw new errors.REQUEST_INVALID(`body (${what} line ${line}) contains a NUL character (U+0000)`)
    }
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) line += 1
    yield chunk
  }
}
