import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Dialect } from '../db/database'
import { createTestApp, type TestContext } from './setup'
import { POSTGRES_URL } from './test-databases'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The key the processes and the test's own app share, so both read what the other sealed. */
export const PROCESS_SECRET_KEY = '11'.repeat(32)

/**
 * Real `parley` processes a test starts from the repository (for kill -9 and restart tests), and the
 * database they share with the test's own app: `stopAll()` first, then close the app, then `close()`.
 */
export class ParleyProcesses {
  readonly children: ChildProcess[] = []
  private dir: string | undefined

  /**
   * A test app over a database a process can open too: a SQLite file in a fresh folder, or the
   * app's own PostgreSQL schema. Returns the app and the `DATABASE_URL` for the processes.
   */
  async sharedDatabase(
    dialect: Dialect,
    env: Record<string, string> = {},
  ): Promise<{ ctx: TestContext; databaseUrl: string }> {
    const all = { PARLEY_SECRET_KEY: PROCESS_SECRET_KEY, ...env }
    if (dialect === 'sqlite') {
      this.dir = mkdtempSync(join(tmpdir(), 'parley-process-'))
      const file = join(this.dir, 'parley.db')
      return { ctx: await createTestApp(dialect, all, { sqliteFile: file }), databaseUrl: `sqlite:${file}` }
    }
    const ctx = await createTestApp(dialect, all)
    const url = new URL(POSTGRES_URL)
    url.searchParams.set('options', `-c search_path=${ctx.deps.database.schema}`)
    return { ctx, databaseUrl: url.toString() }
  }

  /** The folder of the SQLite file, for a process that keeps a file beside it (the key file). */
  folder(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'parley-process-'))
    return this.dir
  }

  /**
   * Spawns `parley <command>` with `env` over this process's environment (an undefined value removes
   * the variable); its output is kept in `output()`.
   */
  spawn(
    command: string,
    env: Record<string, string | undefined>,
  ): { child: ChildProcess; output: () => string } {
    const merged: NodeJS.ProcessEnv = { ...process.env }
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete merged[name]
      else merged[name] = value
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', command], {
      cwd: ROOT,
      env: merged,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.children.push(child)
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    return { child, output: () => output }
  }

  /** Starts `parley serve` on a free port; resolves with its URL once it listens. */
  serve(databaseUrl: string, env: Record<string, string> = {}): Promise<string> {
    const { child, output } = this.spawn('serve', {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      PARLEY_SECRET_KEY: PROCESS_SECRET_KEY,
      LOG_LEVEL: 'warn',
      ...env,
    })
    return new Promise((resolve, reject) => {
      child.stdout?.on('data', () => {
        const url = /listening on (http:\/\/\S+)/.exec(output())?.[1]
        if (url) resolve(url)
      })
      child.once('exit', (code) => reject(new Error(`parley serve exited (${code}): ${output()}`)))
    })
  }

  /** Kills a process with SIGKILL, as a crash would, and waits for it to be gone. */
  async kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (exited(child)) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    child.kill(signal)
    await gone
  }

  /** Kills every process still running (SIGKILL). */
  async stopAll(): Promise<void> {
    await Promise.all(this.children.map((child) => this.kill(child)))
    this.children.length = 0
  }

  /** Stops what still runs and removes the folder; call after the test's app has closed its database. */
  async close(): Promise<void> {
    await this.stopAll()
    if (this.dir) rmSync(this.dir, { recursive: true, force: true })
    this.dir = undefined
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null
