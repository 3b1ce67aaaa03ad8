import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasPermission, type Permission } from '../core/permissions'
import { errors } from '../errors'
import { type Actor, type AuthDeps, actorFromApiKey, actorFromSessionToken } from './auth.service'

export const SESSION_COOKIE = 'parley_session'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every authenticated route; public routes declare `config: { public: true }`. */
    actor: Actor | null
  }
  interface FastifyContextConfig {
    public?: boolean
  }
}

/** The authenticated actor of a route that is not public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new errors.AUTH_REQUIRED()
  return request.actor
}

/** Throws PERMISSION_DENIED unless the actor holds `permission`. */
export function requirePermission(request: FastifyRequest, permission: Permission): Actor {
  const actor = actorOf(request)
  if (!hasPermission(actor.permissions, permission)) throw new errors.PERMISSION_DENIED(permission)
  return actor
}

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
