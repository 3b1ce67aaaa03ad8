import type { FastifyRequest } from 'fastify'
import type { Actor } from '../auth/auth.service'
import { hasPermission, type Permission } from '../core/permissions'
import { errors } from '../errors'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every authenticated route (auth/auth.plugin.ts); public routes declare `config: { public: true }`. */
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
