import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { Dialect } from '../db/database'
import { createOrgWithUser } from '../test/fixtures'
import { MOBILE, webhookTokenOf } from '../test/messaging-helpers'
import { createTestApp, DIALECTS, POSTGRES_URL, type TestContext } from '../test/setup'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * A real `parley serve` answers a webhook and is killed (SIGKILL) before it puts the text in its
 * conversation; a new process started on the same database stores it, once.
 */
describe.each(DIALECTS)('a process killed after answering a webhook, on %s', (dialect: Dialect) => {
  let ctx: TestContext | undefined
  let dir: string | undefined
  const children: ChildProcess[] = []
  afterEach(async () => {
    const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null
    for (const child of children) if (!exited(child)) child.kill('SIGKILL')
    await Promise.all(
      children.map((c) => new Promise((resolve) => (exited(c) ? resolve(null) : c.once('exit', resolve)))),
    )
    children.length = 0
    await ctx?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Starts `parley serve` on the test's database; resolves with its URL once it listens. */
  function serve(databaseUrl: string, env: Record<string, string>): Promise<string> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'serve'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        PARLEY_SECRET_KEY: '11'.repeat(32),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    return new Promise((resolve, reject) => {
      let output = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
        if (url) resolve(url)
      })
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
      child.once('exit', (code) => reject(new Error(`parley serve exited (${code}): ${output}`)))
    })
  }

  it('stores the answered text after a restart, once', async () => {
    let databaseUrl: string
    if (dialect === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'parley-crash-'))
      const file = join(dir, 'parley.db')
      ctx = await createTestApp(dialect, {}, { sqliteFile: file })
      databaseUrl = `sqlite:${file}`
    } else {
      ctx = await createTestApp(dialect)
      const url = new URL(POSTGRES_URL)
      url.searchParams.set('options', `-c search_path=${ctx.deps.database.schema}`)
      databaseUrl = url.toString()
    }
    const admin = await createOrgWithUser(ctx)
    const db = ctx.deps.database.db
    const token = await webhookTokenOf(ctx, admin)

    // The first process gathers received texts for a minute: it is killed long before it stores them.
    const first = await serve(databaseUrl, { INBOUND_GATHER_MS: '60000', INBOUND_ORPHAN_AFTER_MS: '1000' })
    const answer = await fetch(`${first}/webhooks/simulator/${token}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'SIM-crash-1', from: MOBILE, to: '+447700900001', body: 'Still there?' }),
    })
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual({ stored: 1, duplicates: 0 })
    children[0]!.kill('SIGKILL')
    await new Promise((resolve) => children[0]!.once('exit', resolve))

    const messages = () =>
      db.selectFrom('messages').select(['id', 'body']).where('direction', '=', 'inbound').execute()
    const receipts = await db.selectFrom('inbound_receipts').select(['id', 'body']).execute()
    expect(receipts).toEqual([{ id: expect.any(String), body: 'Still there?' }])
    expect(await messages()).toEqual([])

    // A new process sweeps at start; the receipt is due a second after it was stored.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await serve(databaseUrl, {})
    for (let i = 0; i < 150 && (await messages()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(await messages()).toEqual([{ id: receipts[0]!.id, body: 'Still there?' }])
    // The receipt is deleted right after the store's commit, so it may outlive the message briefly.
    const leftReceipts = () => db.selectFrom('inbound_receipts').select('id').execute()
    for (let i = 0; i < 50 && (await leftReceipts()).length > 0; i++)
      await new Promise((r) => setTimeout(r, 100))
    expect(await leftReceipts()).toEqual([])
    const notifications = await db.selectFrom('notifications').select('message_id').execute()
    expect(notifications).toEqual([{ message_id: receipts[0]!.id }])
  }, 60_000)
})
