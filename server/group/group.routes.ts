import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AddGroupMembersBody,
  AddGroupMembersReply,
  CreateGroupBody,
  GroupMemberParams,
  GroupMembersQuery,
  GroupSchema,
  ListGroupsQuery,
  UpdateGroupBody,
} from '../../common/api/groups'
import { PersonSchema } from '../../common/api/people'
import { IdParams, Page } from '../../common/api/schema'
import { actorOf, requirePermission } from '../http/request-actor'
import type { AppDeps } from '../service-deps'
import {
  addMembers,
  changeGroup,
  createGroup,
  listGroupMembers,
  removeGroup,
  removeMember,
  requireGroup,
  searchGroups,
} from './group.service'

export const groupRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const db = deps.database.db
  const serviceDeps = { db, clock: deps.clock }
  const tags = ['groups']

  app.get(
    '/api/v1/groups',
    {
      schema: {
        tags,
        summary: 'Record groups (saved lists of people), newest first',
        querystring: ListGroupsQuery,
        response: { 200: Page(GroupSchema) },
      },
    },
    async (request) => searchGroups(db, actorOf(request).orgId, request.query),
  )

  app.post(
    '/api/v1/groups',
    { schema: { tags, summary: 'Create a group', body: CreateGroupBody, response: { 201: GroupSchema } } },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      return reply.status(201).send(await createGroup(serviceDeps, actor.orgId, request.body))
    },
  )

  app.get(
    '/api/v1/groups/:id',
    { schema: { tags, summary: 'One group', params: IdParams, response: { 200: GroupSchema } } },
    async (request) => requireGroup(db, actorOf(request).orgId, request.params.id),
  )

  app.patch(
    '/api/v1/groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a group',
        params: IdParams,
        body: UpdateGroupBody,
        response: { 200: GroupSchema },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return changeGroup(serviceDeps, actor.orgId, request.params.id, request.body)
    },
  )

  app.delete(
    '/api/v1/groups/:id',
    { schema: { tags, summary: 'Delete a group (its people stay)', params: IdParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      await removeGroup(serviceDeps, actor.orgId, request.params.id)
      return reply.status(204).send()
    },
  )

  app.get(
    '/api/v1/groups/:id/members',
    {
      schema: {
        tags,
        summary: 'The people in a group, newest first (the same as GET /api/v1/people?groupId=)',
        params: IdParams,
        querystring: GroupMembersQuery,
        response: { 200: Page(PersonSchema) },
      },
    },
    async (request) => listGroupMembers(db, actorOf(request).orgId, request.params.id, request.query),
  )

  app.post(
    '/api/v1/groups/:id/members',
    {
      schema: {
        tags,
        summary: 'Add people to a group; people already in it are left as they are',
        params: IdParams,
        body: AddGroupMembersBody,
        response: { 200: AddGroupMembersReply },
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'records.manage')
      return addMembers(serviceDeps, actor.orgId, request.params.id, request.body.personIds)
    },
  )

  app.delete(
    '/api/v1/groups/:id/members/:personId',
    { schema: { tags, summary: 'Take a person out of a group', params: GroupMemberParams } },
    async (request, reply) => {
      const actor = requirePermission(request, 'records.manage')
      await removeMember(serviceDeps, actor.orgId, request.params.id, request.params.personId)
      return reply.status(204).send()
    },
  )
}
