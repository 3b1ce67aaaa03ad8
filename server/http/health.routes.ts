import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppDeps } from '../app'
import { checkDatabase } from './health.service'
import type { Metrics } from './metrics'

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; metrics: Metrics }> = async (
  app,
  { deps, metrics },
) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const check = await checkDatabase(deps.database.db)
    if (check.ok) return { status: 'ok', database: deps.database.dialect }
    return reply
      .status(503)
      .send({ status: 'unavailable', database: deps.database.dialect, error: check.error })
  })
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType)
    return metrics.registry.metrics()
  })
}
