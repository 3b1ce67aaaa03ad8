import type { Command } from 'commander'
import { buildApp } from '../app'
import { startPgEventRelay } from '../realtime/pg-relay'
import { openRuntime } from '../runtime'
import { describeSecretKey, loadCommandConfig } from '../secret-key-file'
import type { AppDeps } from '../service-deps'
import { startWorker } from '../worker'

/** Starts the HTTP server (and, unless disabled, the background worker) and stops cleanly on SIGINT/SIGTERM. */
export async function startServer(deps: AppDeps): Promise<{ url: string; stop(): Promise<void> }> {
  const app = await buildApp(deps, { logger: { level: deps.config.logLevel } })
  const relay = deps.database.pool
    ? await startPgEventRelay(deps.database.pool, deps.events, (error) =>
        app.log.error({ err: error }, 'event relay'),
      )
    : null
  await app.listen({ port: deps.config.port, host: deps.config.host })
  const worker = deps.config.runWorker
    ? startWorker(deps, (msg, error) => app.log.error({ err: error }, msg))
    : null
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : deps.config.port
  const stop = async () => {
    await worker?.stop()
    await relay?.stop()
    await app.close()
    await deps.database.destroy()
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0))
    })
  }
  return { url: `http://localhost:${port}`, stop }
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API and web app (and the dispatcher unless PARLEY_RUN_WORKER=false)')
    .action(async () => {
      const deps = await openRuntime(loadCommandConfig())
      console.log(describeSecretKey(deps.config))
      const { url } = await startServer(deps)
      console.log(`Parley is listening on ${url}`)
    })
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run only the background dispatcher (PostgreSQL: run as many as you need beside `serve`)')
    .action(async () => {
      const deps = await openRuntime(loadCommandConfig())
      if (deps.database.dialect === 'sqlite') {
        console.warn(
          'SQLite has a single writer: run one `serve` process with PARLEY_RUN_WORKER=true instead of separate workers.',
        )
      }
      const relay = deps.database.pool
        ? await startPgEventRelay(deps.database.pool, deps.events, (error) =>
            console.error('event relay', error),
          )
        : null
      const worker = startWorker(deps, (msg, error) => console.error(msg, error))
      console.log(describeSecretKey(deps.config))
      console.log('Parley worker started')
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          void worker
            .stop()
            .then(() => relay?.stop())
            // Replies the poller or the sweep took are in their conversations before the database closes.
            .then(() => deps.inbound.settled())
            .then(() => deps.database.destroy())
            .then(() => process.exit(0))
        })
      }
    })
}
