import type { ChildProcess } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiKey } from './auth/auth.service'
import { systemClock } from './clock'
import { createDb } from './db/database'
import { DEMO_ADMIN_EMAIL } from './demo/demo.seed'
import { freePort } from './test/free-port'
import { MOBILE } from './test/messaging-helpers'
import { ParleyProcesses } from './test/parley-processes'
import { findUsersByEmail } from './user/user.repository'

const HOUR = 3600_000

/**
 * The quick start as a user runs it: `parley demo` on a SQLite file with no PARLEY_SECRET_KEY, a text
 * sent, the process stopped and started again. The key is the one kept in the file beside the
 * database, so the simulator connection's settings and the links already texted still open.
 */
describe('a restart without PARLEY_SECRET_KEY, on SQLite', () => {
  const processes = new ParleyProcesses()
  afterEach(() => processes.close())

  /** Starts `parley demo`; resolves with its URL and its output so far once /readyz answers. */
  async function start(
    databaseUrl: string,
  ): Promise<{ url: string; output: () => string; child: ChildProcess }> {
    const port = await freePort()
    const { child, output } = processes.spawn('demo', {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PARLEY_ADMIN_PASSWORD: 'correct horse battery',
      SIMULATOR_DELIVERY_DELAY_MS: '0',
      DISPATCHER_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
      PARLEY_SECRET_KEY: undefined,
      PARLEY_SECRET_KEY_PREVIOUS: undefined,
    })
    const url = `http://127.0.0.1:${port}`
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`parley demo exited (${child.exitCode}): ${output()}`)
      const ready = await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
      if (ready) return { url, output, child }
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`parley demo never became ready: ${output()}`)
  }

  it('keeps the key in a file beside the database: texts, replies and links work after the restart', async () => {
    const dir = processes.folder()
    const file = join(dir, 'parley.db')
    const keyFile = join(dir, 'parley.key')
    const databaseUrl = `sqlite:${file}`

    const first = await start(databaseUrl)
    expect(first.output()).toContain(`Secret key: created ${keyFile}`)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const database = createDb(databaseUrl)
    const [admin] = await findUsersByEmail(database.db, DEMO_ADMIN_EMAIL)
    const key = await createApiKey(
      { db: database.db, clock: systemClock, sessionTtlHours: 1 },
      admin!.org_id,
      admin!.id,
      'restart test',
    )
    await database.destroy()
    const call = async (url: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key.secret}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
      return { status: res.status, json: (await res.json()) as Record<string, unknown> & { id: string } }
    }
    /** Sends a text and waits until the dispatcher has settled it. */
    const sendText = async (url: string, personId: string, body: string) => {
      const sent = await call(url, 'POST', '/api/v1/messages', { personId, body })
      expect(sent.status, JSON.stringify(sent.json)).toBe(201)
      let message = sent.json
      for (let i = 0; i < 200 && ['queued', 'sending'].includes(String(message.status)); i++) {
        await new Promise((r) => setTimeout(r, 50))
        message = (await call(url, 'GET', `/api/v1/messages/${sent.json.id}`)).json
      }
      return message
    }

    const person = await call(first.url, 'POST', '/api/v1/people', {
      firstName: 'Ann',
      lastName: 'Lee',
      mobile: MOBILE,
    })
    expect(person.status).toBe(201)
    const job = await call(first.url, 'POST', '/api/v1/jobs', { title: 'Staff nurse' })
    const invited = await call(first.url, 'POST', '/api/v1/interviews', {
      personId: person.json.id,
      jobId: job.json.id,
      slots: [new Date(Date.now() + 48 * HOUR).toISOString()],
      body: 'Hi {{ person.first_name }}, pick a time: {{ interview.link }}',
      timeZone: 'Europe/London',
    })
    expect(invited.status, JSON.stringify(invited.json)).toBe(201)
    const linkPath = new URL(String(invited.json.link)).pathname
    expect(await sendText(first.url, person.json.id, 'Before the restart')).toMatchObject({
      status: 'delivered',
    })
    await processes.kill(first.child, 'SIGTERM')

    const second = await start(databaseUrl)
    expect(second.output()).toContain(`Secret key: read from ${keyFile}`)
    expect(await sendText(second.url, person.json.id, 'After the restart')).toMatchObject({
      status: 'delivered',
      error: null,
    })
    const reply = await call(second.url, 'POST', '/api/v1/simulator/inbound', {
      from: MOBILE,
      body: 'Got it',
    })
    expect(reply.status, JSON.stringify(reply.json)).toBe(201)
    const page = await fetch(`${second.url}${linkPath}`)
    expect(page.status).toBe(200)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
  }, 120_000)
})
