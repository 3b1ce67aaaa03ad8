import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import type { EventBus, EventName } from '../events'

const CHANNEL = 'parley_events'

/**
 * Carries domain events between Parley instances through PostgreSQL LISTEN/NOTIFY, so a toast
 * reaches a browser connected to any instance. Each instance ignores its own notifications (it
 * already delivered them locally). One dedicated connection listens; NOTIFY goes through the pool.
 */
export async function startPgEventRelay(
  pool: pg.Pool,
  events: EventBus,
  onError: (error: unknown) => void = () => {},
): Promise<{ stop(): Promise<void> }> {
  const instance = randomUUID()
  const listener = await pool.connect()
  listener.on('notification', (msg) => {
    if (msg.channel !== CHANNEL || !msg.payload) return
    try {
      const { origin, name, payload } = JSON.parse(msg.payload) as {
        origin: string
        name: EventName
        payload: unknown
      }
      if (origin !== instance) events.receive(name, payload)
    } catch (error) {
      onError(error)
    }
  })
  listener.on('error', onError)
  await listener.query(`LISTEN ${CHANNEL}`)
  events.setRelay((name, payload) => {
    pool
      .query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify({ origin: instance, name, payload })])
      .catch(onError)
  })
  return {
    async stop() {
      events.setRelay(null)
      await listener.query(`UNLISTEN ${CHANNEL}`).catch(() => {})
      listener.release()
    },
  }
}
