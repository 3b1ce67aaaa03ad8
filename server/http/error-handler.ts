import { type IncomingMessage, STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { parseDate, parseDateTime } from '../core/dates'
import { type ErrorWithDetails, errors } from '../errors'

/** The router's longest path parameter (Fastify's default); ids are at most 100 characters. */
export const MAX_PARAM_LENGTH = 100

/** Fastify's own request-level errors, renamed to Parley's stable codes. */
const FASTIFY_CODES: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'REQUEST_MALFORMED_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'REQUEST_MALFORMED_JSON',
    message: 'Body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'REQUEST_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'REQUEST_INVALID' },
  // The URL is never echoed: it may be thousands of characters, or hold a webhook token.
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'REQUEST_URI_TOO_LONG',
    message: `A path segment is longer than ${MAX_PARAM_LENGTH} characters; no id or token is that long`,
  },
  FST_ERR_BAD_URL: { code: 'REQUEST_INVALID', message: 'The URL path is not valid percent-encoded UTF-8' },
}

/** Content types some route of the app reads, for the 415 answer's "send one of". */
const KNOWN_TYPES = [
  'application/json',
  'text/csv',
  'multipart/form-data',
  'application/pdf',
  'application/x-www-form-urlencoded',
]

function unsupportedType(request: FastifyRequest): string {
  const sent = request.headers['content-type']?.split(';')[0]?.trim() || 'none'
  const accepted = KNOWN_TYPES.filter((type) => request.server.hasContentTypeParser(type))
  return `Content-Type ${sent} is not accepted here; send ${accepted.join(' or ') || 'no body'}`
}

function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0]
  if (!first) return error.message
  const where = `${error.validationContext ?? 'body'}${first.instancePath || ''}`
  const params = first.params as Record<string, unknown>
  if (first.keyword === 'additionalProperties') {
    return `${where} has an unknown field "${String(params.additionalProperty)}"`
  }
  if (first.keyword === 'required') return `${where} is missing the field "${String(params.missingProperty)}"`
  if (first.keyword === 'format' && (params.format === 'date-time' || params.format === 'date')) {
    const value = String((first as { data?: unknown }).data)
    const parsed = params.format === 'date' ? parseDate(value) : parseDateTime(value)
    if (!parsed.ok) return `${where} "${value}" ${parsed.reason}`
  }
  return `${where} ${first.message ?? 'is invalid'}`
}

/**
 * One error handler: our own coded errors (5xx ones too) pass through in Fastify's shape; validation and parser
 * errors get a stable code and a message naming the field; anything else is logged and answered
 * with a generic 500 so internals never leak.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError & ErrorWithDetails, request, reply) => {
    // A client still sending its body (one over the limit, an upload refused early) would meet a
    // closed socket while writing and never read the answer: take the rest first, within bounds.
    await discardUnreadBody(request.raw)
    if (error.validation) {
      return reply.status(400).send({
        statusCode: 400,
        code: 'REQUEST_INVALID',
        error: 'Bad Request',
        message: describeValidation(error),
      })
    }
    const status = error.statusCode ?? 500
    // Our own 5xx errors (a provider out of reach) say what happened; anything else stays generic.
    const ours = error.code !== undefined && Object.hasOwn(errors, error.code)
    if (status >= 500 && !ours) {
      request.log.error({ err: error }, 'request failed')
      return reply.status(500).send({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        error: 'Internal Server Error',
        message: 'Something went wrong on our side; the error has been logged',
      })
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined
    const message =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? unsupportedType(request)
        : (mapped?.message ?? error.message)
    if (status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60')
    return reply.status(status).send({
      statusCode: status,
      code: mapped?.code ?? error.code ?? 'REQUEST_INVALID',
      error: httpReason(status),
      message,
      ...(error.details ? { details: error.details } : {}),
    })
  })
  app.setNotFoundHandler(answerNotFound)
}

/**
 * No route for this URL: 404 ROUTE_NOT_FOUND naming the path (cut short past 200 characters), or 414
 * REQUEST_URI_TOO_LONG when a path segment is longer than any id, without echoing it.
 */
export function answerNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? ''
  if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
    const { code, message } = FASTIFY_CODES.FST_ERR_MAX_PARAM_LENGTH!
    return reply.status(414).send({ statusCode: 414, code, error: httpReason(414), message })
  }
  const shown = path.length > 200 ? `${path.slice(0, 200)}… (${path.length} characters)` : path
  return reply.status(404).send({
    statusCode: 404,
    code: 'ROUTE_NOT_FOUND',
    error: 'Not Found',
    message: `No route ${request.method} ${shown}`,
  })
}

/**
 * Errors Fastify meets before a route is found (a path parameter longer than the router takes, a
 * URL that is not valid percent-encoding): the same Parley codes and shape, never the URL echoed.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const mapped = FASTIFY_CODES[error.code] ?? { code: 'REQUEST_INVALID', message: 'The URL is not valid' }
  const status = error.statusCode ?? 400
  void reply
    .status(status)
    .send({ statusCode: status, code: mapped.code, error: httpReason(status), message: mapped.message })
}

/** The most of an unread body taken to let its sender read the answer; a larger one is cut off. */
const DISCARD_MAX_BYTES = 64 * 1_048_576
const DISCARD_MAX_MS = 15_000

/**
 * Reads and drops what is left of a request body, up to DISCARD_MAX_BYTES or DISCARD_MAX_MS, so an
 * error answered before the body was read (413 above all) reaches a client that is still writing;
 * without it the socket closes under the client, which sees a reset instead of the answer.
 */
export function discardUnreadBody(raw: IncomingMessage): Promise<void> {
  if (raw.complete || raw.destroyed || raw.readableEnded) return Promise.resolve()
  return new Promise((resolve) => {
    let seen = 0
    const timer = setTimeout(finish, DISCARD_MAX_MS)
    function onData(chunk: Buffer): void {
      seen += chunk.length
      if (seen > DISCARD_MAX_BYTES) finish()
    }
    function finish(): void {
      clearTimeout(timer)
      raw.off('data', onData).off('end', finish).off('close', finish).off('error', finish)
      resolve()
    }
    raw.on('data', onData).on('end', finish).on('close', finish).on('error', finish)
    raw.resume()
  })
}

/** The standard reason phrase of every status ("Payment Required", "Bad Gateway"). */
export function httpReason(status: number): string {
  return STATUS_CODES[status] ?? 'Error'
}
