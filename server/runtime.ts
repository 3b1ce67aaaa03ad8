import { type Clock, systemClock } from './clock'
import { type Config, readingKeys } from './config'
import { ProviderResolver } from './connection/provider-resolver'
import { createDb, type DatabaseHandle } from './db/database'
import { migrateToLatest } from './db/migrate'
import { EventBus } from './events'
import { InboundPipeline } from './inbound/inbound-pipeline'
import { applyStatusUpdates } from './message/status.service'
import { createHttpClient } from './provider/http'
import type { HttpClient } from './provider/provider'
import type { AppDeps } from './service-deps'

/** Wires the app's dependencies around an open database. Tests call it with a fake clock. */
export function assembleDeps(
  config: Config,
  database: DatabaseHandle,
  options: { clock?: Clock; http?: HttpClient; onError?: (error: unknown) => void } = {},
): AppDeps {
  const events = new EventBus()
  const clock = options.clock ?? systemClock
  const deps: AppDeps = {
    config,
    database,
    clock,
    events,
    inbound: new InboundPipeline(
      { config, database, clock, events },
      {
        onError: (error, receipt) =>
          options.onError?.(
            receipt
              ? new Error(
                  `inbound text ${receipt.id} of connection ${receipt.connection_id} kept for later`,
                  { cause: error },
                )
              : error,
          ),
      },
    ),
    providers: new ProviderResolver({
      db: database.db,
      secretKeys: readingKeys(config),
      http: options.http ?? createHttpClient(),
      publicBaseUrl: config.publicBaseUrl,
      deliverStatus: (connectionId, updates) => {
        applyStatusUpdates(deps, connectionId, updates).catch((error) => options.onError?.(error))
      },
    }),
  }
  return deps
}

/** Opens the database named by the config, applies migrations, and assembles the app's dependencies. */
export async function openRuntime(config: Config): Promise<AppDeps> {
  const database = createDb(config.databaseUrl)
  await migrateToLatest(database)
  return assembleDeps(config, database, { onError: (error) => console.error('status update failed', error) })
}
