import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createConnection } from '../connection/connection.service'
import { startTwilioFake, type TwilioFake } from '../provider/twilio/twilio.fake'
import { createOrgWithUser } from '../test/fixtures'
import { createTestApp, DIALECTS, type TestContext } from '../test/setup'
import { POSTGRES_URL } from '../test/test-databases'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SID = `AC${'e'.repeat(32)}`
const TOKEN = 'f'.repeat(32)
const OUR_NUMBER = '+447700900123'

/**
 * Two real `parley worker` processes share one PostgreSQL database and one polled connection: the
 * poll is claimed by one of them, and every reply is stored once.
 */
describe.runIf(DIALECTS.includes('postgres'))('polling from two Parley processes (PostgreSQL)', () => {
  let ctx: TestContext | undefined
  let fake: TwilioFake | undefined
  const workers: ChildProcess[] = []
  afterEach(async () => {
    for (const worker of workers) worker.kill('SIGTERM')
    await Promise.all(
      workers.map(
        (w) => new Promise((resolve) => (w.exitCode !== null ? resolve(null) : w.once('exit', resolve))),
      ),
    )
    workers.length = 0
    await fake?.close()
    await ctx?.close()
  })

  it('polls each connection from one process at a time and stores each reply once', async () => {
    ctx = await createTestApp('postgres', { SIMULATOR_DELIVERY_DELAY_MS: '0' })
    fake = await startTwilioFake({ accountSid: SID, authToken: TOKEN })
    const admin = await createOrgWithUser(ctx, { settings: { pollIntervalMinutes: 1 } })
    const connection = await createConnection(
      { db: ctx.deps.database.db, clock: ctx.deps.clock, secretKey: ctx.deps.config.secretKey },
      admin.orgId,
      {
        provider: 'twilio',
        name: 'Twilio polled',
        sender: OUR_NUMBER,
        config: { accountSid: SID, authToken: TOKEN, from: OUR_NUMBER, baseUrl: fake.url },
        inboundMode: 'poll',
        pollSince: new Date(Date.now() - 3_600_000).toISOString(),
      },
    )
    for (let i = 0; i < 5; i++)
      fake.addInbound({ from: `+4479111234${50 + i}`, to: OUR_NUMBER, body: `Reply ${i}` })

    const url = new URL(POSTGRES_URL)
    url.searchParams.set('options', `-c search_path=${ctx.deps.database.schema}`)
    const started = new Set<number>()
    for (let i = 0; i < 2; i++) {
      const worker = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'worker'], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          PARLEY_SECRET_KEY: '11'.repeat(32),
          PARLEY_ALLOW_PROVIDER_BASE_URL: 'true',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      workers.push(worker)
      worker.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Parley worker started')) started.add(i)
      })
    }
    const db = ctx.deps.database.db
    const inbound = async () =>
      db
        .selectFrom('messages')
        .select(['provider_message_id'])
        .where('connection_id', '=', connection.id)
        .where('direction', '=', 'inbound')
        .execute()
    for (let i = 0; i < 300 && (await inbound()).length < 5; i++) await new Promise((r) => setTimeout(r, 100))
    // Give the slower process time to try as well.
    await new Promise((r) => setTimeout(r, 2000))
    expect(started.size).toBe(2)
    const rows = await inbound()
    expect(rows).toHaveLength(5)
    expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(5)
    // One poll per interval: whichever process came second found the connection already claimed.
    const lists = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'))
    expect(lists).toHaveLength(1)
  }, 60_000)
})
