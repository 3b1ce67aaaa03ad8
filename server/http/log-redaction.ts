import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/**
 * A webhook URL's connection token (`/webhooks/<provider>/<token>/...`) is the only credential of a
 * provider that does not sign its webhooks, so it never reaches the request log: the `req`
 * serializer writes the path with the token replaced.
 */
export function redactUrl(url: string): string {
  return url.replace(/^(\/webhooks\/[^/?#]*\/)[^/?#]+/, '$1[redacted]')
}

/** Fastify's own `req` log line (method, url, host, remote address), with the URL redacted. */
export function requestSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}

/** The logger options with the redacting request serializer added; `false` stays off. */
export function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger
  const options = logger === true ? {} : logger
  return { ...options, serializers: { ...options.serializers, req: requestSerializer } }
}
