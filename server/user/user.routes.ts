import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateUserBody, UpdateUserBody, UserList, UserSchema } from '../../common/api/account'
import { IdParams } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import { editUser, inviteUser, requireUser, usersOf } from './user.service'

export const userRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const tags = ['users']
  const serviceDeps = { db, clock: deps.clock }

  app.get(
    '/api/v1/users',
    { schema: { tags, summary: 'Users of the organization', response: { 200: UserList } } },
    async (request) => usersOf(db, actorOf(request).orgId),
  )

  app.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserSchema } } },
    async (request) => requireUser(db, actorOf(request).orgId, request.params.id),
  )

  app.post(
    '/api/v1/users',
    { schema: { tags, summary: 'Invite a user', body: CreateUserBody, response: { 201: UserSchema } } },
    async (request, reply) => {
      const actor = requirePermission(request, 'users.manage')
      const user = await inviteUser(serviceDeps, actor.orgId, request.body)
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
      return editUser(serviceDeps, actor.orgId, request.params.id, request.body)
    },
  )
}
