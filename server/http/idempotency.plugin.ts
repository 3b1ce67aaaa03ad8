import type { FastifyInstance, FastifyRequest, FastifySchema, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import {
  answerForTakenKey,
  checkIdempotencyKey,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_TTL_HOURS,
  requestFingerprint,
} from '../core/idempotency-key'
import type { Database } from '../db/schema'
import { errors } from '../errors'
import { findKey, releaseKey, storeAnswer, takeKey } from '../idempotency/idempotency-key.repository'

const HEADER = 'idempotency-key'

type KeyState = { orgId: string; key: string; replayed: boolean }

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: KeyState | null
  }
}

/** Whether a route takes `Idempotency-Key`: every authenticated POST of the API. */
function takesKey(method: string | string[], url: string, isPublic: boolean | undefined): boolean {
  const methods = Array.isArray(method) ? method : [method]
  return methods.includes('POST') && url.startsWith('/api/v1/') && !isPublic
}

function isFileUpload(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/')
}

/**
 * `Idempotency-Key` on every authenticated POST of `/api/v1`, as Stripe's API has it: the first
 * request with a key runs and its answer is kept 24 hours; a retry with the same key and the same
 * request (method, path, query and body) gets that answer again, with `Idempotent-Replayed: true`,
 * and changes nothing; the same key on a different request is IDEMPOTENCY_KEY_REUSED. While the first
 * is running, a second is IDEMPOTENCY_KEY_IN_PROGRESS, so two at once make one effect. A request that
 * is refused or fails (4xx, 5xx) gives its key back, so a corrected retry may use it. A request whose
 * process died before its answer was stored leaves the key taken: retries get
 * IDEMPOTENCY_KEY_INTERRUPTED rather than a second effect. Keys are per organization. See docs/api.md.
 */
export const idempotencyPlugin = fp(
  async (
    app: FastifyInstance,
    deps: { db: Kysely<Database>; clock: Clock; log: (msg: string, error?: unknown) => void },
  ) => {
    app.decorateRequest('idempotencyKey', null)

    app.addHook('preHandler', async (request, reply) => {
      const header = request.headers[HEADER]
      if (header === undefined || !request.actor) return
      if (!takesKey(request.method, request.routeOptions.url ?? '', request.routeOptions.config?.public))
        return
      const checked = checkIdempotencyKey(header)
      if (!checked.ok) throw new errors.IDEMPOTENCY_KEY_INVALID(checked.reason)
      if (isFileUpload(request)) throw new errors.IDEMPOTENCY_KEY_UNSUPPORTED()
      const orgId = request.actor.orgId
      const fingerprint = requestFingerprint({ method: request.method, url: request.url, body: request.body })
      const described = `${request.method} ${request.url.split('?')[0]}`
      // Twice at most: a key given back between our insert and our read is free again.
      for (let attempt = 0; attempt < 2; attempt++) {
        const now = deps.clock.now()
        if (
          await takeKey(deps.db, {
            orgId,
            key: checked.key,
            fingerprint,
            request: described,
            now: now.toISOString(),
          })
        ) {
          request.idempotencyKey = { orgId, key: checked.key, replayed: false }
          return
        }
        const earlier = await findKey(deps.db, orgId, checked.key)
        if (!earlier) continue
        const answer = answerForTakenKey(
          {
            fingerprint: earlier.fingerprint,
            completed: earlier.completed_at !== null,
            createdAt: new Date(earlier.created_at),
          },
          { fingerprint, now },
        )
        if (answer.kind === 'different_request') {
          throw new errors.IDEMPOTENCY_KEY_REUSED(checked.key, earlier.request)
        }
        if (answer.kind === 'in_progress') throw new errors.IDEMPOTENCY_KEY_IN_PROGRESS(checked.key)
        if (answer.kind === 'interrupted') throw new errors.IDEMPOTENCY_KEY_INTERRUPTED(checked.key)
        request.idempotencyKey = { orgId, key: checked.key, replayed: true }
        reply.code(earlier.status_code ?? 200).header('idempotent-replayed', 'true')
        if (earlier.content_type) reply.header('content-type', earlier.content_type)
        return reply.send(earlier.body ?? '')
      }
      throw new errors.IDEMPOTENCY_KEY_IN_PROGRESS(checked.key)
    })

    app.addHook('onSend', async (request, reply, payload) => {
      const state = request.idempotencyKey
      if (!state || state.replayed) return payload
      const where = { orgId: state.orgId, key: state.key }
      try {
        if (
          reply.statusCode >= 400 ||
          (typeof payload !== 'string' && payload !== null && payload !== undefined)
        ) {
          // Refused or failed: nothing changed, so the key is free for a retry. (A streamed answer,
          // such as a rendered PDF, is not kept either: such routes create nothing.)
          await releaseKey(deps.db, where)
        } else {
          const contentType = reply.getHeader('content-type')
          await storeAnswer(deps.db, where, {
            statusCode: reply.statusCode,
            contentType: typeof contentType === 'string' ? contentType : null,
            body: payload ?? '',
            now: deps.clock.now().toISOString(),
          })
        }
      } catch (error) {
        // The effect has happened; the key stays taken, and a retry hears that it was interrupted.
        deps.log('idempotency key not stored', error)
      }
      return payload
    })
  },
)

const KEY_PARAMETER = {
  type: 'string',
  minLength: 1,
  maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
  description:
    `Optional. A key of your choice (a UUID is typical) that makes a retry safe: the same key with the same ` +
    `request within ${IDEMPOTENCY_KEY_TTL_HOURS} hours returns the first answer again (header ` +
    '`Idempotent-Replayed: true`) and changes nothing; with a different request it is a 422 ' +
    '(IDEMPOTENCY_KEY_REUSED); while the first is running, a 409 (IDEMPOTENCY_KEY_IN_PROGRESS). ' +
    'Per organization. Not taken on file uploads (multipart/form-data).',
}

/** The OpenAPI document names the `Idempotency-Key` header on every POST that takes it. */
export function documentIdempotencyKey({
  schema,
  url,
  route,
}: {
  schema: FastifySchema
  url: string
  route: RouteOptions
}) {
  if (!schema || !takesKey(route.method, url, route.config?.public)) return { schema, url }
  const headers = (schema.headers ?? { type: 'object', properties: {} }) as {
    properties?: Record<string, unknown>
  }
  return {
    url,
    schema: {
      ...schema,
      headers: { ...headers, type: 'object', properties: { ...headers.properties, [HEADER]: KEY_PARAMETER } },
    },
  }
}
