import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errors } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { expectProviderError } from './contract'
import { type ClosableHttpClient, createHttpClient, parseRetryAfter, provesNothingSent } from './http'

describe('createHttpClient', () => {
  let server: Server | undefined
  let client: ClosableHttpClient | undefined
  const open = new Set<ServerResponse>()

  async function listen(handler: RequestListener): Promise<string> {
    server = createServer(handler)
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  afterEach(async () => {
    for (const res of open) res.destroy()
    open.clear()
    await client?.close()
    client = undefined
    server?.closeAllConnections()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    server = undefined
  })

  it('returns status, headers and body, reusing the socket between requests', async () => {
    let connections = 0
    const url = await listen((req, res) => {
      res.writeHead(201, { 'x-seen': req.method ?? '' }).end(`got ${req.headers['content-type']}`)
    })
    server?.on('connection', () => connections++)
    client = createHttpClient({ connectionsPerOrigin: 1 })
    for (let i = 0; i < 3; i++) {
      const res = await client.request(`${url}/x`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      })
      expect(res.status).toBe(201)
      expect(res.headers['x-seen']).toBe('POST')
      expect(await res.text()).toBe('got text/plain')
    }
    expect(connections).toBe(1)
  })

  it('raises OUTCOME_UNKNOWN, not retryable, when no answer comes in time', async () => {
    const url = await listen((_req, res) => open.add(res))
    client = createHttpClient({ timeoutMs: 150 })
    const started = Date.now()
    const error = await expectProviderError(() =>
      client!.request(`${url}/slow?token=secret`, { method: 'GET' }),
    )
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: false })
    expect(error.message).toContain('150 ms')
    expect(error.message).not.toContain('secret')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('times out a body that stalls after the headers', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"sid":')
      open.add(res)
    })
    client = createHttpClient({ timeoutMs: 150 })
    const error = await expectProviderError(() => client!.request(url, { method: 'GET' }))
    expect(error.code).toBe('OUTCOME_UNKNOWN')
  })

  it('raises OUTCOME_UNKNOWN when the connection closes or is reset after the request went out', async () => {
    let reset = false
    const url = await listen((req, res) => {
      req.resume()
      req.on('end', () => (reset ? res.socket?.resetAndDestroy() : res.socket?.destroy()))
    })
    client = createHttpClient({ timeoutMs: 5000 })
    const closed = await expectProviderError(() => client!.request(url, { method: 'POST', body: 'x' }))
    expect(closed).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: false })
    expect(closed.message).toMatch(/lost its connection/)
    reset = true
    const wasReset = await expectProviderError(() => client!.request(url, { method: 'POST', body: 'x' }))
    expect(wasReset).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: false })
    expect(wasReset.message).toMatch(/ECONNRESET/)
  })

  it('classifies failures that prove nothing was sent: refused, DNS, TLS, connect time-out', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code })
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ]) {
      expect(provesNothingSent(coded(code)), code).toBe(true)
    }
    expect(provesNothingSent(new errors.ConnectTimeoutError())).toBe(true)
    expect(provesNothingSent(new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }))).toBe(true)
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT']) {
      expect(provesNothingSent(coded(code)), code).toBe(false)
    }
    expect(provesNothingSent(new errors.SocketError('other side closed'))).toBe(false)
    expect(provesNothingSent(new errors.RequestAbortedError())).toBe(false)
  })

  it('raises a retryable UNAVAILABLE when nothing listens', async () => {
    const url = await listen(() => {})
    server?.close()
    client = createHttpClient({ timeoutMs: 1000 })
    const error = await expectProviderError(() => client!.request(url, { method: 'GET' }))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true })
    expect(error.message).toMatch(/ECONNREFUSED/)
  })

  it("rethrows the caller's own abort instead of calling it a timeout", async () => {
    const url = await listen((_req, res) => open.add(res))
    client = createHttpClient({ timeoutMs: 5000 })
    const controller = new AbortController()
    const pending = client.request(url, { method: 'GET', signal: controller.signal })
    controller.abort(new Error('shutting down'))
    await expect(pending).rejects.toThrow('shutting down')
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-01-05T09:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(['3'], now)).toBe(3000)
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})
