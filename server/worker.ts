import { Dispatcher } from './dispatcher/dispatcher'
import { Poller } from './poller/poller'
import { purgeExpiredMessages } from './retention/retention.service'
import type { AppDeps } from './service-deps'

/**
 * The background work of one process: the outbox dispatcher, woken at once when a message is
 * created here (other processes find it on their next idle tick), the reply poller, the sweep of
 * received texts left unstored, and the hourly retention purge.
 */
export function startWorker(deps: AppDeps, log: (msg: string, error?: unknown) => void) {
  const dispatcher = new Dispatcher(deps, deps.providers, {
    onError: (error) => log('dispatcher error', error),
  })
  const off = deps.events.on('message.created', ({ direction }) => {
    if (direction === 'outbound') dispatcher.wake()
  })
  dispatcher.start()
  const poller = new Poller(deps, deps.providers, {
    onError: (error, connectionId) =>
      log(`poller error${connectionId ? ` on connection ${connectionId}` : ''}`, error),
  })
  poller.start()
  // Received texts whose process died before putting them in their conversations, or that failed:
  // at start (this process may be the one that died), then every 10 s.
  const sweepInbound = () => {
    deps.inbound.sweep().catch((error) => log('inbound sweep error', error))
  }
  sweepInbound()
  const sweep = setInterval(sweepInbound, 10_000)
  sweep.unref()
  // Retention: hourly, and once shortly after start.
  const purge = () => {
    purgeExpiredMessages(deps).catch((error) => log('retention purge error', error))
  }
  const firstPurge = setTimeout(purge, 30_000)
  const hourlyPurge = setInterval(purge, 3_600_000)
  firstPurge.unref()
  hourlyPurge.unref()
  return {
    dispatcher,
    poller,
    async stop() {
      off()
      clearTimeout(firstPurge)
      clearInterval(hourlyPurge)
      clearInterval(sweep)
      await Promise.all([dispatcher.stop(), poller.stop()])
    },
  }
}
