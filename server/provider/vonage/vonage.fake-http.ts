import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import type { RecordedRequest, WebhookDelivery } from '../contract'

/** What the fake answers: a reply, or nothing at all until the client gives up. */
export type FakeReply =
  | { status: number; headers?: Record<string, string>; text?: string; json?: unknown; hang?: never }
  | { hang: true }

export interface FakeHttp {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function write(res: ServerResponse, reply: Exclude<FakeReply, { hang: true }>): void {
  const isJson = reply.json !== undefined
  const body = isJson ? JSON.stringify(reply.json) : (reply.text ?? '')
  res.writeHead(reply.status, {
    'content-type': isJson ? 'application/json' : 'text/html; charset=utf-8',
    ...reply.headers,
  })
  res.end(body)
}

/** A loopback HTTP server on 127.0.0.1 port 0 that records every request before handling it. */
export async function startFakeHttp(handle: (request: RecordedRequest) => FakeReply): Promise<FakeHttp> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    void readBody(req).then((rawBody) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const query = Object.fromEntries(url.searchParams)
      const headers: Record<string, string | undefined> = {}
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        headers,
        rawBody,
      }
      requests.push(recorded)
      let reply: FakeReply
      try {
        reply = handle(recorded)
      } catch (error) {
        reply = { status: 500, text: error instanceof Error ? error.message : String(error) }
      }
      if (!reply.hang) write(res, reply)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** How the Vonage account is set to call webhooks (dashboard → Settings → "HTTP Method"). */
export type WebhookStyle = 'json' | 'form' | 'get'

/** Calls a webhook the way Vonage does in the given style, and reports what the hub answered. */
export async function callWebhook(
  url: string,
  params: Record<string, string>,
  style: WebhookStyle,
): Promise<WebhookDelivery> {
  const encoded = new URLSearchParams(params).toString()
  const res =
    style === 'get'
      ? await request(`${url}${url.includes('?') ? '&' : '?'}${encoded}`, { method: 'GET' })
      : await request(url, {
          method: 'POST',
          headers: {
            'content-type': style === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          },
          body: style === 'json' ? JSON.stringify(params) : encoded,
        })
  const contentType = res.headers['content-type']
  return {
    status: res.statusCode,
    contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    body: await res.body.text(),
  }
}
