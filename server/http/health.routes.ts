import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import type { AppDeps } from '../app'
import type { Metrics } from './metrics'

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; metrics: Metrics }> = async (
  app,
  { deps, metrics },
) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.database.db)
      return { status: 'ok', database: deps.database.dialect }
    } catch (error) {
      return reply
        .status(503)
        .send({ status: 'unavailable', database: deps.database.dialect, error: String(error) })
    }
  })
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
