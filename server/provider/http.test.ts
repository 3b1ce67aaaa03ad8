import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errors } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { expectProviderError } from './contract'
import {
  type ClosableHttpClient,
  createHttpClient,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  provesNothingSent,
} from './http'

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
  const now = Date.parse('2026-01-05T09:00:00Z')

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000)
    expect(parseRetryAfter(['3'], now)).toBe(3000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })

  it('reads the three HTTP-date forms of RFC 9110', () => {
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Monday, 05-Jan-26 09:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfter('Mon Jan  5 09:00:10 2026', now)).toBe(10_000)
  })

  it('takes a date in the past as no wait, and cuts a long wait to a day', () => {
    expect(parseRetryAfter('Sun, 04 Jan 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0)
    expect(parseRetryAfter('172800', now)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS)
  })

  it('ignores anything else', () => {
    for (const value of [
      undefined,
      '',
      'soon',
      '-5',
      '1.5',
      '2026-01-05T09:00:30Z',
      'Mon, 05 Jan 2026 09:00:30 +0000',
      'Mon, 31 Feb 2026 09:00:30 GMT',
      'Mon, 05 Jan 2026 24:00:00 GMT',
    ]) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined()
    }
  })
})
