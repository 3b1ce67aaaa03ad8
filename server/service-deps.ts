import type { Clock } from './clock'
import type { Config } from './config'
import type { DatabaseHandle } from './db/database'
import type { EventBus } from './events'

/** What services need: the database, time, the event bus and settings. The app's deps extend it. */
export interface ServiceDeps {
  config: Config
  database: DatabaseHandle
  clock: Clock
  events: EventBus
}
