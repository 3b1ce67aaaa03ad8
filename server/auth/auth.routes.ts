import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ApiKeyList,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  LoginBody,
  LoginReply,
  MeReply,
  SessionReply,
  UpdateMeBody,
} from '../../common/api/account'
import { IdParams } from '../../common/api/schema'
import { errors } from '../errors'
import { actorOf } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { changeUser } from '../user/user.service'
import { SESSION_COOKIE } from './auth.plugin'
import {
  actorFromSessionToken,
  apiKeysFor,
  createApiKey,
  login,
  logout,
  revokeApiKeyFor,
  whoAmI,
} from './auth.service'
import { countLoginAttempt } from './login-limit'

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const authDeps = { db: deps.database.db, clock: deps.clock, sessionTtlHours: deps.config.sessionTtlHours }
  const secureCookie = deps.config.publicBaseUrl.startsWith('https://')

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      // Counted before the body is read, every attempt alike, in the database so all instances share it.
      onRequest: async (request, reply) => {
        const { allowed, retryAfterMs } = await countLoginAttempt(
          authDeps,
          `ip:${request.ip}`,
          deps.config.loginRateLimitPerMinute,
        )
        if (allowed) return
        const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
        reply.header('retry-after', seconds)
        throw new errors.RATE_LIMITED(`${seconds} second${seconds === 1 ? '' : 's'}`)
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets an HttpOnly session cookie',
        description:
          'An address may have an account in several organizations. When the password opens more than ' +
          'one, the answer is 409 `AUTH_ORGANIZATION_REQUIRED` with `details.organizations` (id and name of ' +
          'each); send the chosen id as `organization`. At most LOGIN_RATE_LIMIT_PER_MINUTE attempts per ' +
          'client address and minute across all instances (429 `RATE_LIMITED` with Retry-After).',
        body: LoginBody,
        response: { 200: LoginReply },
      },
    },
    async (request, reply) => {
      const session = await login(authDeps, request.body)
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        maxAge: deps.config.sessionTtlHours * 3600,
      })
      return { userId: session.userId, orgId: session.orgId, csrfToken: session.csrfToken }
    },
  )

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session' } },
    async (request, reply) => {
      const actor = actorOf(request)
      if (actor.sessionId) await logout(authDeps, actor.sessionId)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send()
    },
  )

  app.get(
    '/api/v1/auth/session',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: "The session cookie's user and organization, or `me: null` when nobody is signed in",
        description:
          'Answers 200 either way, so a sign-in page can ask without an error. API keys use `GET /api/v1/me`.',
        response: { 200: SessionReply },
      },
    },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE]
      const actor = token ? await actorFromSessionToken(authDeps, token) : undefined
      return { me: actor ? await whoAmI(deps.database.db, actor) : null }
    },
  )

  app.get(
    '/api/v1/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user and organization', response: { 200: MeReply } },
    },
    async (request) => whoAmI(deps.database.db, actorOf(request)),
  )

  app.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own account: `emailReplies` (e-mail me replies)',
        body: UpdateMeBody,
        response: { 200: MeReply },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      await changeUser({ db: deps.database.db, clock: deps.clock }, actor.orgId, actor.userId, request.body)
      return whoAmI(deps.database.db, actor)
    },
  )

  app.get(
    '/api/v1/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary: 'API keys of the organization (never the secrets)',
        response: { 200: ApiKeyList },
      },
    },
    async (request) => apiKeysFor(deps.database.db, actorOf(request)),
  )

  app.post(
    '/api/v1/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API key for yourself; the secret is in this response only',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeySchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const key = await createApiKey(authDeps, actor.orgId, actor.userId, request.body.name)
      return reply.status(201).send({ ...key, lastUsedAt: null, revokedAt: null })
    },
  )

  app.delete(
    '/api/v1/api-keys/:id',
    { schema: { tags: ['auth'], summary: 'Revoke an API key', params: IdParams } },
    async (request, reply) => {
      await revokeApiKeyFor(authDeps, actorOf(request), request.params.id)
      return reply.status(204).send()
    },
  )
}
