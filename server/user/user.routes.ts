import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateUserBody, UpdateUserBody, UserSchema } from '../../common/api/account'
import { IdParams } from '../../common/api/schema'
import type { AppDeps } from '../app'
import { actorOf, requirePermission } from '../auth/auth.plugin'
import { toE164 } from '../core/phone'
import { errors } from '../errors'
import { getOrganization } from '../organization/organization.service'
import { findUserById, listUsers } from './user.repository'
import { changeUser, createUser } from './user.service'

export const userRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['users']
  const serviceDeps = { db, clock: deps.clock }

  async function mobileFor(orgId: string, mobile: string | null | undefined) {
    if (mobile === undefined) return undefined
    if (mobile === null || mobile === '') return null
    const org = await getOrganization(db, orgId)
    const parsed = toE164(mobile, org.settings.defaultCountry)
    if ('reason' in parsed) throw new errors.PHONE_NUMBER_INVALID(`mobile ${parsed.reason}`)
    return parsed.e164
  }

  app.get('/api/v1/users', { schema: { tags, summary: 'Users of the organization' } }, async (request) => ({
    items: await listUsers(db, actorOf(request).orgId),
  }))

  app.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserSchema } } },
    async (request) => {
      const user = await findUserById(db, actorOf(request).orgId, request.params.id)
      if (!user) throw new errors.USER_NOT_FOUND(request.params.id)
      return user
    },
  )

  app.post(
    '/api/v1/users',
    { schema: { tags, summary: 'Invite a user', body: CreateUserBody, response: { 201: UserSchema } } },
    async (request, reply) => {
      const actor = requirePermission(request, 'users.manage')
      const { mobile, ...rest } = request.body
      const mobileE164 = await mobileFor(actor.orgId, mobile)
      const user = await createUser(serviceDeps, actor.orgId, { ...rest, mobileE164: mobileE164 ?? null })
      return reply.status(201).send(user)
    },
  )

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'users.manage')
      const { mobile, ...rest } = request.body
      const mobileE164 = await mobileFor(actor.orgId, mobile)
      return changeUser(serviceDeps, actor.orgId, request.params.id, {
        ...rest,
        ...(mobileE164 !== undefined ? { mobileE164 } : {}),
      })
    },
  )
}
