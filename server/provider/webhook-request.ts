/**
 * Webhook requests for tests and fakes: building a `WebhookRequest` from raw HTTP parts the way the hub's
 * webhook route does, fixture helpers, and a capture server that stands in for the hub.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WebhookRequest } from './provider'

/** Builds a WebhookRequest from raw HTTP parts, parsing the body by content type (form, JSON, else {}). */
export function buildWebhookRequest(init: {
  method: string
  url: string
  headers?: Record<string, string | undefined>
  rawBody?: string
}): WebhookRequest {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value
  const rawBody = init.rawBody ?? ''
  const contentType = headers['content-type'] ?? ''
  let body: unknown = {}
  if (contentType.includes('application/x-www-form-urlencoded')) {
    body = Object.fromEntries(new URLSearchParams(rawBody))
  } else if (contentType.includes('json') && rawBody.trim() !== '') {
    body = JSON.parse(rawBody)
  }
  const query = Object.fromEntries(new URL(init.url).searchParams)
  return { method: init.method.toUpperCase(), url: init.url, headers, rawBody, body, query }
}

/** A form-encoded POST as providers send them (fixtures). */
export function formWebhook(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): WebhookRequest {
  return buildWebhookRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    rawBody: new URLSearchParams(fields).toString(),
  })
}

/** A JSON POST as providers send them (fixtures). */
export function jsonWebhook(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): WebhookRequest {
  return buildWebhookRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: JSON.stringify(payload),
  })
}

export interface CaptureServer {
  url: string
  received: WebhookRequest[]
  close(): Promise<void>
}

/** Stands in for the hub: records every webhook, answers 200 with an empty body. */
export async function startCaptureServer(): Promise<CaptureServer> {
  const received: WebhookRequest[] = []
  const server: Server = createServer((req, res) => {
    void readBody(req).then((rawBody) => {
      const address = server.address() as AddressInfo
      received.push(
        buildWebhookRequest({
          method: req.method ?? 'GET',
          url: `http://127.0.0.1:${address.port}${req.url ?? '/'}`,
          headers: flattenHeaders(req),
          rawBody,
        }),
      )
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function flattenHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}
