import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { errors } from '../errors'
import { type AuthDeps, actorFromApiKey, actorFromSessionToken } from './auth.service'

export const SESSION_COOKIE = 'parley_session'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Resolves the actor for every `/api/` route from `Authorization: Bearer <api key>` or the session
 * cookie. Cookie-authenticated writes must echo the session's CSRF token in `X-CSRF-Token`
 * (the cookie is also SameSite=Lax, so this is defence in depth).
 */
export const authPlugin = fp(async (app: FastifyInstance, deps: AuthDeps) => {
  app.decorateRequest('actor', null)
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url
    if (!route?.startsWith('/api/v1/') || request.routeOptions.config?.public) return
    const header = request.headers.authorization
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header)
      const actor = match?.[1] ? await actorFromApiKey(deps, match[1]) : undefined
      if (!actor) throw new errors.AUTH_REQUIRED()
      request.actor = actor
      return
    }
    const token = request.cookies[SESSION_COOKIE]
    const actor = token ? await actorFromSessionToken(deps, token) : undefined
    if (!actor) throw new errors.AUTH_REQUIRED()
    if (UNSAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new errors.AUTH_CSRF_INVALID()
    }
    request.actor = actor
  })
})
