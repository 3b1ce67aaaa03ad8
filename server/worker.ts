import type { AppDeps } from './app'
import { Dispatcher } from './dispatcher/dispatcher'
import { Poller } from './poller/poller'

/**
 * The background work of one process: the outbox dispatcher, woken at once when a message is
 * created here (other processes find it on their next idle tick).
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
  return {
    dispatcher,
    poller,
    async stop() {
      off()
      await Promise.all([dispatcher.stop(), poller.stop()])
    },
  }
}
