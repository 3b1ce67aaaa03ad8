import type { FastifyError, FastifyInstance } from 'fastify'
import { type ErrorWithDetails, errors } from '../errors'

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
  return `${where} ${first.message ?? 'is invalid'}`
}

/**
 * One error handler: our own coded errors (5xx ones too) pass through in Fastify's shape; validation and parser
 * errors get a stable code and a message naming the field; anything else is logged and answered
 * with a generic 500 so internals never leak.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & ErrorWithDetails, request, reply) => {
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
    if (status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60')
    return reply.status(status).send({
      statusCode: status,
      code: mapped?.code ?? error.code ?? 'REQUEST_INVALID',
      error: httpReason(status),
      message: mapped?.message ?? error.message,
      ...(error.details ? { details: error.details } : {}),
    })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      error: 'Not Found',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
    }),
  )
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  }
  return reasons[status] ?? 'Error'
}
