import type { AppDeps } from './app'
import { systemClock } from './clock'
import type { Config } from './config'
import { createDb } from './db/database'
import { migrateToLatest } from './db/migrate'
import { EventBus } from './events'

/** Opens the database named by the config, applies migrations, and assembles the app's dependencies. */
export async function openRuntime(config: Config): Promise<AppDeps> {
  const database = createDb(config.databaseUrl)
  await migrateToLatest(database)
  return { config, database, clock: systemClock, events: new EventBus() }
}
