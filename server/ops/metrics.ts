import type { FastifyInstance } from 'fastify'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Db } from '../db/database'
import { countReceipts } from '../inbound/inbound-receipt.repository'

/** A registry per app (not prom-client's global one), so several apps in one test process do not clash. */
export function createMetrics(app: FastifyInstance, db: Db) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'parley_' })
  const duration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const messages = new Counter({
    name: 'parley_messages_total',
    help: 'Messages by direction and outcome',
    labelNames: ['direction', 'status'] as const,
    registers: [registry],
  })
  new Gauge({
    name: 'parley_inbound_receipts',
    help: 'Received texts not yet in their conversations: all of them, and those that failed at least once',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { waiting, failing } = await countReceipts(db)
      this.set({ state: 'waiting' }, waiting)
      this.set({ state: 'failing' }, failing)
    },
  })
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    )
  })
  return { registry, messages }
}
export type Metrics = ReturnType<typeof createMetrics>
