import type { Clock } from './clock'
import type { Config } from './config'
import type { ProviderResolver } from './connection/provider-resolver'
import type { DatabaseHandle, Db } from './db/database'
import type { EventBus } from './events'
import type { InboundPipeline } from './inbound/inbound-pipeline'

/** What services need: the database, time, the event bus and settings. The app's deps extend it. */
export interface ServiceDeps {
  config: Config
  database: DatabaseHandle
  clock: Clock
  events: EventBus
}

/** What a service writing a record needs: a database handle (or a transaction) and the clock for its timestamps. */
export type RecordDeps = { db: Db; clock: Clock }

/** Everything the app needs, passed in explicitly: tests build it with fakes, `main.ts` with the real thing. */
export interface AppDeps extends ServiceDeps {
  providers: ProviderResolver
  /** Received texts: webhooks hand theirs to it (see inbound-pipeline.ts). */
  inbound: InboundPipeline
}
