/**
 * Building blocks for provider fakes: a loopback HTTP server that records every request and can hold one
 * open ("hang"), a one-shot failure switch, and a webhook poster. Each provider's `*.fake.ts` adds the
 * endpoints and payload shapes of its API on top.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import type { FailOptions, FailureKind, RecordedRequest, WebhookDelivery } from './provider-fake'
import { flattenHeaders, readBody } from './webhook-request'

export interface FakeResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

/**
 * What a fake does with a request: a response; 'hang' keeps the request open until the fake closes;
 * 'drop' closes the connection without answering (after the fake did whatever the request asked);
 * 'reset' resets the connection (TCP RST) without answering.
 */
export type FakeReply = FakeResponse | 'hang' | 'drop' | 'reset'

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>

export interface FakeServer {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = []
  const hanging = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    void readBody(req).then(async (rawBody) => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: flattenHeaders(req),
        rawBody,
      }
      requests.push(recorded)
      let response: FakeReply
      try {
        response = await handler(recorded)
      } catch (error) {
        // A fake that throws has a bug; answer loudly so the test shows it instead of timing out.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        response = { status: 599, headers: { 'content-type': 'text/plain' }, body: `fake error: ${message}` }
      }
      if (response === 'hang') {
        hanging.add(res)
        return
      }
      if (response === 'drop') {
        res.socket?.destroy()
        return
      }
      if (response === 'reset') {
        res.socket?.resetAndDestroy()
        return
      }
      res.writeHead(response.status, response.headers ?? {}).end(response.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

type RandomFailures = () => { kind: FailureKind; options?: FailOptions } | null

/** Holds the failure `failNext` armed, until the next request takes it, and the random ones if set. */
export class FailureSwitch {
  private pending: { kind: FailureKind; options: FailOptions } | null = null
  private random: RandomFailures | null = null

  failNext(kind: FailureKind, options: FailOptions = {}): void {
    this.pending = { kind, options }
  }

  failAtRandom(pick: RandomFailures | null): void {
    this.random = pick
  }

  take(): { kind: FailureKind; options: FailOptions } | null {
    const pending = this.pending
    this.pending = null
    if (pending) return pending
    const picked = this.random?.()
    return picked ? { kind: picked.kind, options: picked.options ?? {} } : null
  }
}

/**
 * The two connection faults every fake has, around its normal handling: 'reset_before_accept' resets
 * the connection before anything is stored; 'accept_then_drop' handles the request (stores the message)
 * and then closes the connection without answering. Null for any other kind.
 */
export async function connectionFault(
  kind: FailureKind,
  handle: () => FakeReply | Promise<FakeReply>,
): Promise<FakeReply | null> {
  if (kind === 'reset_before_accept') return 'reset'
  if (kind !== 'accept_then_drop') return null
  await handle()
  return 'drop'
}

/** POSTs a webhook the way a provider does and returns what the receiver answered. */
export async function postWebhook(
  url: string,
  init: { contentType: string; body: string; headers?: Record<string, string>; method?: 'POST' | 'GET' },
): Promise<WebhookDelivery> {
  const method = init.method ?? 'POST'
  const res = await request(url, {
    method,
    headers: { ...(method === 'POST' ? { 'content-type': init.contentType } : {}), ...init.headers },
    body: method === 'POST' ? init.body : undefined,
  })
  const contentType = res.headers['content-type']
  return {
    status: res.statusCode,
    contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    body: await res.body.text(),
  }
}
