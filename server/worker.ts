import type { AppDeps } from './app'
import { Dispatcher } from './dispatcher/dispatcher'

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
  return {
    dispatcher,
    async stop() {
      off()
      await dispatcher.stop()
    },
  }
}
