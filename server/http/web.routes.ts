import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { answerNotFound } from './error-handler'

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url))

/**
 * Serves the built web app at `/`, with client-side routes falling back to index.html. When the web
 * app has not been built (`npm run build:web`), the API still works and `/` says how to build it.
 */
export async function webRoutes(app: FastifyInstance): Promise<void> {
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async () => ({
      message: 'The web app is not built; run `npm run build:web`. The API is at /api/docs.',
    }))
    return
  }
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false })
  const isPage = (url: string) => !/^\/(api|webhooks|metrics|healthz|readyz)(\/|$)/.test(url)
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (!isPage(request.url)) return answerNotFound(request, reply)
    return reply.sendFile('index.html')
  })
}
